using Loudou.Core.Import;
using Loudou.Import.Tests.Infrastructure;
using Loudou.Storage;
using Loudou.Storage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Import.Tests.Writing;

/// <summary>Stage history rows (deal external id, stage, entered at) merge into deals' history in any order.</summary>
public class HistoryImportTests
{
    private static async Task<TestDatabase> WithDealsAsync(DatabaseProvider provider)
    {
        var database = await TestDatabase.CreateAsync(provider);
        var deals = ImportRun.TempFile("deals.csv", "external_id,name,stage,created_at\nH-1,One,lead,2024-05-03\nH-2,Two,lead,2024-05-04\n");
        await ImportRun.RunAsync(database, ImportEntity.Deals, "generic", [deals]);
        return database;
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Rows_out_of_order_merge_without_duplicates_and_the_stage_follows_the_latest(DatabaseProvider provider)
    {
        await using var database = await WithDealsAsync(provider);
        var history = ImportRun.TempFile("history.csv", string.Join("\n",
            "external_id,stage,entered_at",
            "H-1,won,2024-06-01 10:00",
            "H-2,nurturing,2024-05-20",
            "H-1,nurturing,2024-05-10",
            "H-1,lead,2024-05-03",
            "H-1,nurturing,2024-05-10",
            "H-1,proposal,2024-05-20") + "\n");

        var result = await ImportRun.RunAsync(database, ImportEntity.History, "generic", [history]);

        Assert.True(result.Written, string.Join("\n", result.Issues));
        Assert.Equal(4, result.HistoryAdded);
        await using var db = database.NewContext();
        var pipeline = await db.Pipelines.AsNoTracking().SingleAsync(p => p.Key == "default");
        var one = await db.Deals.Include(d => d.History).SingleAsync(d => d.ExternalId == "H-1");
        Assert.Equal("won", pipeline.FindStage(one.StageId)!.Key);
        Assert.Equal(new DateTimeOffset(2024, 6, 1, 10, 0, 0, TimeSpan.FromHours(8)), one.ClosedAt);
        Assert.Equal(["lead", "nurturing", "proposal", "won"], one.History.OrderBy(h => h.EnteredAt).Select(h => pipeline.FindStage(h.StageId)!.Key));
        var two = await db.Deals.SingleAsync(d => d.ExternalId == "H-2");
        Assert.Equal("nurturing", pipeline.FindStage(two.StageId)!.Key);
    }

    /// <summary>
    /// The writer compares rows with stored deals a batch at a time and saves changed deals a tenth of a batch at a time: with two
    /// rows per deal a pass apart, every deal's rows fall into two saves, and the last deals' into two batches. Each counts once.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_deal_whose_rows_straddle_batches_counts_once_as_updated(DatabaseProvider provider)
    {
        const int Deals = 25;
        await using var database = await TestDatabase.CreateAsync(provider);
        var ids = Enumerable.Range(1, Deals).Select(i => $"S-{i}").ToList();
        var deals = ImportRun.TempFile("deals.csv", "external_id,name,stage,created_at\n" + string.Concat(ids.Select(id => $"{id},Deal {id},lead,2024-05-03\n")));
        Assert.True((await ImportRun.RunAsync(database, ImportEntity.Deals, "generic", [deals])).Written);
        var history = ImportRun.TempFile("history.csv", "external_id,stage,entered_at\n"
            + string.Concat(ids.Select(id => $"{id},nurturing,2024-05-10\n")) + string.Concat(ids.Select(id => $"{id},proposal,2024-05-20\n")));

        // Batches of 20 rows, saves of 2: rows 1 and 26 (S-1) are in different saves, rows 16 and 41 (S-16) in different batches.
        var result = await ImportRun.RunAsync(database, ImportEntity.History, "generic", [history], r => r with { UpdateBatch = 20 });

        Assert.True(result.Written, string.Join("\n", result.Issues.Take(5)));
        Assert.Equal(((long)Deals, 0L, 2L * Deals), (result.Updated, result.Unchanged, result.HistoryAdded));
        await using var db = database.NewContext();
        Assert.Equal(3 * Deals, await db.StageTransitions.CountAsync());
    }

    [Fact]
    public async Task The_same_history_file_twice_adds_nothing_the_second_time()
    {
        await using var database = await WithDealsAsync(DatabaseProvider.Sqlite);
        var history = ImportRun.TempFile("history.csv", "external_id,stage,entered_at\nH-1,won,2024-06-01\nH-1,nurturing,2024-05-10\n");
        await ImportRun.RunAsync(database, ImportEntity.History, "generic", [history]);
        var once = await ImportRun.SnapshotAsync(database);

        var again = await ImportRun.RunAsync(database, ImportEntity.History, "generic", [history]);

        Assert.Equal(0, again.HistoryAdded);
        Assert.Equal(once, await ImportRun.SnapshotAsync(database));
    }

    [Fact]
    public async Task A_row_for_a_deal_never_imported_is_a_located_error_and_nothing_is_written()
    {
        await using var database = await WithDealsAsync(DatabaseProvider.Sqlite);
        var before = await ImportRun.SnapshotAsync(database);
        var history = ImportRun.TempFile("history.csv", "external_id,stage,entered_at\nH-1,won,2024-06-01\nX-9,won,2024-06-01\n");

        var result = await ImportRun.RunAsync(database, ImportEntity.History, "generic", [history]);

        var error = Assert.Single(result.Issues);
        Assert.Equal((3L, "external_id", "X-9"), (error.Row, error.Column, error.Value));
        Assert.Equal(before, await ImportRun.SnapshotAsync(database));
    }
}
