using Loudou.Core.Access;
using Loudou.Storage.Access;
using Loudou.Storage.Analytics;
using Loudou.Storage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Storage.Tests.Access;

/// <summary>
/// Each caller's queries return exactly the rows the scoping rules give, checked against the same
/// rules applied in memory to every row (read in the operator's scope).
/// </summary>
public class ScopeFilterTests
{
    public static TheoryData<DatabaseProvider, string> Callers()
    {
        var data = new TheoryData<DatabaseProvider, string>();
        foreach (var provider in new[] { DatabaseProvider.Sqlite, DatabaseProvider.Postgres })
        {
            foreach (var login in AccessWorld.Logins)
            {
                data.Add(provider, login);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Callers))]
    public async Task Every_scoped_table_returns_exactly_the_rows_its_rule_gives(DatabaseProvider provider, string login)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var world = await AccessWorld.CreateAsync(database);
        await using var all = database.NewContext();
        await using var db = LoudouDatabase.CreateContext(database.Target, world.ScopeOf(login));
        var me = world.Users[login].Id;

        // The reference: every row, filtered in memory by the rules as docs/access.md states them.
        var allDeals = await all.Deals.AsNoTracking().ToListAsync();
        var visible = allDeals.Where(d => AccessWorld.VisibleDeals[login].Contains(d.Name)).Select(d => d.Id).ToHashSet();
        var seesAll = world.ScopeOf(login).SeesAll;
        var visibleAccounts = seesAll
            ? (await all.Accounts.Select(a => a.Id).ToListAsync()).ToHashSet()
            : allDeals.Where(d => visible.Contains(d.Id) && d.AccountId != null).Select(d => d.AccountId!.Value).ToHashSet();
        var visibleContactIds = allDeals.Where(d => visible.Contains(d.Id) && d.ContactId != null).Select(d => d.ContactId!.Value).ToHashSet();

        Assert.Equal(visible.Order(), await db.Deals.Select(d => d.Id).OrderBy(id => id).ToListAsync());
        Assert.Equal(visible.Count, await db.Deals.CountAsync());
        Assert.Equal(visibleAccounts.Order(), await db.Accounts.Select(a => a.Id).OrderBy(id => id).ToListAsync());
        Assert.Equal(
            (await all.Contacts.ToListAsync()).Where(c => seesAll || visibleContactIds.Contains(c.Id) || (c.AccountId is { } a && visibleAccounts.Contains(a))).Select(c => c.Id).Order(),
            await db.Contacts.Select(c => c.Id).OrderBy(id => id).ToListAsync());
        Assert.Equal(
            (await all.Activities.ToListAsync()).Where(a => visible.Contains(a.DealId)).Select(a => a.Id).Order(),
            await db.Activities.Select(a => a.Id).OrderBy(id => id).ToListAsync());
        Assert.Equal(
            (await all.DealTasks.ToListAsync()).Where(t => visible.Contains(t.DealId) || t.AssigneeId == me).Select(t => t.Id).Order(),
            await db.DealTasks.Select(t => t.Id).OrderBy(id => id).ToListAsync());
        Assert.Equal(
            (await all.StageTransitions.ToListAsync()).Where(t => visible.Contains(t.DealId)).Select(t => t.Id).Order(),
            await db.StageTransitions.Select(t => t.Id).OrderBy(id => id).ToListAsync());
        Assert.Equal(
            (await all.DealTags.ToListAsync()).Count(t => visible.Contains(t.DealId)),
            await db.DealTags.CountAsync());
    }

    [Theory]
    [MemberData(nameof(Callers))]
    public async Task The_analytics_snapshot_holds_only_the_callers_deals(DatabaseProvider provider, string login)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var world = await AccessWorld.CreateAsync(database);
        await using var db = LoudouDatabase.CreateContext(database.Target, world.ScopeOf(login));

        var snapshot = await FunnelSnapshotLoader.LoadAsync(db, null);

        var expected = AccessWorld.VisibleDeals[login].Select(name => world.Deals[name]).Order();
        Assert.Equal(expected, snapshot.Deals.Select(d => d.Id).Order());
    }

    [Fact]
    public async Task A_rep_sees_a_task_on_someone_elses_deal_when_it_is_assigned_to_them_but_not_the_deal()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var world = await AccessWorld.CreateAsync(database);
        await using var db = LoudouDatabase.CreateContext(database.Target, world.ScopeOf("ann"));

        var task = await db.DealTasks.SingleAsync(t => t.DealId == world.Deals["S2"]);

        Assert.Equal("Task of S2", task.Title);
        Assert.False(await db.Deals.AnyAsync(d => d.Id == world.Deals["S2"]));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Nobody_sees_no_deal_and_nothing_hanging_off_one(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await AccessWorld.CreateAsync(database);
        await using var db = LoudouDatabase.CreateContext(database.Target, AccessScope.Nobody);

        Assert.Equal(0, await db.Deals.CountAsync());
        Assert.Equal(0, await db.Accounts.CountAsync());
        Assert.Equal(0, await db.Contacts.CountAsync());
        Assert.Equal(0, await db.Activities.CountAsync());
        Assert.Equal(0, await db.DealTasks.CountAsync());
        Assert.Equal(0, await db.ApiTokens.CountAsync());
        Assert.Equal(5, await db.Users.CountAsync());
    }

    [Fact]
    public async Task The_scope_is_read_at_each_query_so_a_context_made_before_sign_in_follows_the_caller()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var world = await AccessWorld.CreateAsync(database);
        var source = new SwitchableScope { Current = AccessScope.Nobody };
        var options = LoudouDatabase.Configure(new DbContextOptionsBuilder<LoudouDbContext>(), database.Target).Options;
        await using var db = new LoudouDbContext((DbContextOptions<LoudouDbContext>)options, source);

        var before = await db.Deals.CountAsync();
        source.Current = world.ScopeOf("bob");
        var after = await db.Deals.CountAsync();

        Assert.Equal(0, before);
        Assert.Equal(2, after);
    }

    private sealed class SwitchableScope : IAccessScopeProvider
    {
        public required AccessScope Current { get; set; }
    }
}
