using Loudou.Core.Import;
using Loudou.Import.Tests.Infrastructure;
using Loudou.Storage;
using Loudou.Storage.Tests.Infrastructure;

namespace Loudou.Import.Tests.Writing;

/// <summary>An import that wrote something leaves the planner's statistics of what it filled up to date (docs/performance.md).</summary>
public class ImportStatisticsTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_deal_import_analyses_the_deals_and_history_tables(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        Assert.Equal((false, false), await AnalysedAsync(database));
        var deals = ImportRun.TempFile("deals.csv", "external_id,name,stage,created_at\nST-1,One,lead,2024-05-03\nST-2,Two,lead,2024-05-04\nST-3,Three,lead,2024-05-05\n");

        var result = await ImportRun.RunAsync(database, ImportEntity.Deals, "generic", [deals]);

        Assert.True(result.Written, string.Join("\n", result.Issues));
        Assert.Equal((true, true), await AnalysedAsync(database));
        if (provider == DatabaseProvider.Postgres)
        {
            // ANALYZE of a table this small reads every row: the planner's row count is exact.
            Assert.Equal(3, await PlannerStatistics.ScalarAsync(database, "SELECT reltuples::bigint FROM pg_class WHERE relname = 'deals'"));
        }
    }

    [Fact]
    public async Task An_import_that_changes_nothing_does_not_analyse()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var deals = ImportRun.TempFile("deals.csv", "external_id,name,stage\nST-1,One,lead\n");
        await ImportRun.RunAsync(database, ImportEntity.Deals, "generic", [deals]);
        await PlannerStatistics.ScalarAsync(database, "DELETE FROM sqlite_stat1");

        var again = await ImportRun.RunAsync(database, ImportEntity.Deals, "generic", [deals]);

        Assert.Equal(1, again.Unchanged);
        Assert.Equal((false, false), await AnalysedAsync(database));
    }

    private static async Task<(bool Deals, bool History)> AnalysedAsync(TestDatabase database) =>
        (await PlannerStatistics.AnalysedAsync(database, "deals"), await PlannerStatistics.AnalysedAsync(database, "stage_transitions"));
}
