using Loudou.Core.Catalog;
using Loudou.Storage.Catalog;
using Loudou.Storage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Storage.Tests.Catalog;

/// <summary>ChannelCostStore: upsert by (channel, month), all or nothing, admins only; on SQLite and PostgreSQL.</summary>
public class ChannelCostStoreTests
{
    private static readonly DateOnly Oct = new(2026, 10, 1);
    private static readonly DateOnly Nov = new(2026, 11, 1);

    private static async Task ChannelsAsync(TestDatabase database, params string[] names)
    {
        await using var db = database.NewContext();
        db.Channels.AddRange(names.Select(Channel.Create));
        await db.SaveChangesAsync();
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Applying_the_same_costs_again_changes_nothing_and_a_new_amount_changes_the_months_row(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await ChannelsAsync(database, "Web", "Fair");
        ChannelCostRow[] rows = [new("Web", Oct, 1000m, "CNY"), new("Web", Nov, 1200.5m, "CNY"), new("Fair", Nov, 300m, "USD")];

        await using (var db = database.NewContext())
        {
            Assert.Equal((3, 0, 0), Counts(await new ChannelCostStore(db).ApplyAsync(rows)));
        }
        await using (var db = database.NewContext())
        {
            Assert.Equal((0, 0, 3), Counts(await new ChannelCostStore(db).ApplyAsync(rows)));
            Assert.Equal((0, 1, 2), Counts(await new ChannelCostStore(db).ApplyAsync([rows[0], rows[1] with { Amount = 1300m }, rows[2]])));
        }
        await using (var db = database.NewContext())
        {
            var store = new ChannelCostStore(db);
            Assert.Equal([new("Fair", Nov, 300m, "USD"), new("Web", Oct, 1000m, "CNY"), new("Web", Nov, 1300m, "CNY")], await store.ReadAsync());
            Assert.Equal([new ChannelCostRow("Web", Oct, 1000m, "CNY")], await store.ReadAsync(Oct, Oct));
            Assert.Equal(3, await db.ChannelCosts.CountAsync());
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_unknown_channel_or_a_month_set_twice_stores_nothing_and_names_the_row(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await ChannelsAsync(database, "Web");

        await using var db = database.NewContext();
        var result = await new ChannelCostStore(db).ApplyAsync([new("Web", Oct, 1m, "CNY"), new("TV", Oct, 2m, "CNY"), new("Web", Oct, 3m, "CNY")]);

        Assert.Equal([(1, "channel"), (2, "month")], result.Errors.Select(e => (e.Index, e.Field)));
        Assert.Contains("no channel is named 'TV'; the channels are: Web.", result.Errors[0].Message, StringComparison.Ordinal);
        Assert.Equal(0, await db.ChannelCosts.CountAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_dry_run_counts_and_stores_nothing(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await ChannelsAsync(database, "Web");

        await using var db = database.NewContext();
        Assert.Equal((1, 0, 0), Counts(await new ChannelCostStore(db).ApplyAsync([new("Web", Oct, 1m, "CNY")], dryRun: true)));
        Assert.Equal(0, await db.ChannelCosts.CountAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Managers_and_reps_read_the_costs_but_only_admins_set_them(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var world = await AccessWorld.CreateAsync(database);
        await using (var root = LoudouDatabase.CreateContext(database.Target, world.ScopeOf("root")))
        {
            Assert.Empty((await new ChannelCostStore(root).ApplyAsync([new("Web", Oct, 10m, "CNY")])).Errors);
        }

        foreach (var login in new[] { "ann", "max" })
        {
            await using var db = LoudouDatabase.CreateContext(database.Target, world.ScopeOf(login));
            var store = new ChannelCostStore(db);
            Assert.Equal([new ChannelCostRow("Web", Oct, 10m, "CNY")], await store.ReadAsync());
            var refused = await store.ApplyAsync([new("Web", Oct, 0m, "CNY")]);
            Assert.Equal("channel costs are set by admins.", Assert.Single(refused.Errors).Message);
        }
        await using var check = database.NewContext();
        Assert.Equal(10m, (await check.ChannelCosts.SingleAsync()).Amount);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_database_refuses_a_second_row_for_a_channels_month(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await ChannelsAsync(database, "Web");
        await using var db = database.NewContext();
        var web = await db.Channels.SingleAsync();
        db.ChannelCosts.Add(ChannelCost.Create(web.Id, Oct, 1m, "CNY"));
        await db.SaveChangesAsync();

        db.ChannelCosts.Add(ChannelCost.Create(web.Id, Oct, 2m, "CNY"));

        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
    }

    private static (int, int, int) Counts(ChannelCostApplyResult result)
    {
        Assert.Empty(result.Errors);
        return (result.Created, result.Changed, result.Unchanged);
    }
}
