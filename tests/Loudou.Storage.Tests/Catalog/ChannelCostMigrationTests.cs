using Loudou.Core.Pipelines;
using Loudou.Storage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Loudou.Storage.Tests.Catalog;

/// <summary>The ChannelCostsByMonth migration keeps each channel's old single cost as a row per month its deals were created in.</summary>
public class ChannelCostMigrationTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_channels_cost_per_month_becomes_a_row_for_each_month_with_deals_of_it(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider, migrated: false);
        await using (var db = database.NewContext())
        {
            // The schema just before. EF writes only the tables this test needs, which are the same there as in
            // today's model (not the workspace settings, which have gained columns since).
            await db.GetService<IMigrator>().MigrateAsync("TargetsOnePerCombination");
            db.Pipelines.Add(Pipeline.Create(BuiltinPipelines.Default));
            await db.SaveChangesAsync();
            // The migration reads the workspace's time zone for each deal's month.
            await db.Database.ExecuteSqlRawAsync(
                "INSERT INTO workspace_settings (id, base_currency, time_zone_id, ranking_results_weight) VALUES (1, 'CNY', 'Asia/Shanghai', 0.6)");
            var web = await Builders.ChannelAsync(db, "Web");
            var fair = await Builders.ChannelAsync(db, "Fair");
            var free = await Builders.ChannelAsync(db, "Free");
            await Builders.ChannelAsync(db, "Unused");
            foreach (var (channel, day) in new[] { (web, new DateTime(2026, 3, 15)), (web, new DateTime(2026, 3, 20)), (web, new DateTime(2026, 5, 10)), (fair, new DateTime(2026, 4, 2)), (free, new DateTime(2026, 4, 2)) })
            {
                var deal = await Builders.DealAsync(db, $"{channel.Name} {day:MMdd}", new DateTimeOffset(day.AddHours(10), TimeSpan.FromHours(8)));
                deal.SetChannel(channel);
                await db.SaveChangesAsync();
            }
            await db.Database.ExecuteSqlRawAsync("UPDATE channels SET cost_per_month = 5000.5, currency = 'CNY' WHERE name = 'Web'");
            await db.Database.ExecuteSqlRawAsync("UPDATE channels SET cost_per_month = 100, currency = 'USD' WHERE name IN ('Fair', 'Unused')");

            await db.GetService<IMigrator>().MigrateAsync();
        }

        await using var after = database.NewContext();
        var rows = await after.ChannelCosts.Join(after.Channels, c => c.ChannelId, ch => ch.Id, (c, ch) => new { ch.Name, c.Month, c.Amount, c.Currency }).ToListAsync();
        Assert.Equal(
            [("Fair", new DateOnly(2026, 4, 1), 100m, "USD"), ("Web", new DateOnly(2026, 3, 1), 5000.5m, "CNY"), ("Web", new DateOnly(2026, 5, 1), 5000.5m, "CNY")],
            rows.Select(r => (r.Name, r.Month, r.Amount, r.Currency)).OrderBy(r => r.Name).ThenBy(r => r.Month));
    }
}
