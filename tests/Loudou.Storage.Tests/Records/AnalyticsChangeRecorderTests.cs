using Loudou.Core.Access;
using Loudou.Storage.Activities;
using Loudou.Storage.Analytics;
using Loudou.Storage.Deals;
using Loudou.Storage.Records;
using Loudou.Storage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Storage.Tests.Records;

/// <summary>Every save that changes what the funnel reads adds one row to the change sequence, in its own transaction; others add none.</summary>
public class AnalyticsChangeRecorderTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_stage_move_an_activity_and_an_imports_entry_move_the_sequence_a_task_does_not(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var world = await AccessWorld.CreateAsync(database);
        await using var db = LoudouDatabase.CreateContext(database.Target);
        var start = await AnalyticsChangeSequence.ReadAsync(db, default);

        var deal = world.Deals["N1"];
        var version = await db.Deals.Where(d => d.Id == deal).Select(d => d.Version).SingleAsync();
        Assert.Equal(DealWriteStatus.Done, (await new DealWrites(db, TimeProvider.System).MoveStageAsync(deal, version, new StageMoveRequest("needs", OverrideReason: "ok"))).Status);
        var afterMove = await AnalyticsChangeSequence.ReadAsync(db, default);
        await new ActivityStore(db, TimeProvider.System).CreateAsync(deal, new ActivityDraft("call"));
        var afterActivity = await AnalyticsChangeSequence.ReadAsync(db, default);
        var activityChange = AnalyticsChange.ParseDeals(await db.AnalyticsChanges.OrderByDescending(c => c.Id).Select(c => c.Deals).FirstAsync());
        var task = await new TaskStore(db, TimeProvider.System).CreateAsync(deal, new TaskFields(new HashSet<string> { "title", "due" }, "Call back", DateTimeOffset.UtcNow.AddDays(1)));
        var afterTask = await AnalyticsChangeSequence.ReadAsync(db, default);
        db.AuditEntries.Add(AuditEntry.Record(DateTimeOffset.UtcNow, null, "import", "crm", AuditAction.Import, null, "{}"));
        await db.SaveChangesAsync();
        var afterImport = await AnalyticsChangeSequence.ReadAsync(db, default);

        Assert.Equal(start.Count + 1, afterMove.Count);
        Assert.True(afterMove.Last > start.Last);
        // Drivers read activities (touches, first response); a task is read by no analysis.
        Assert.Equal(afterMove.Count + 1, afterActivity.Count);
        Assert.Equal((false, deal), (activityChange!.Created, Assert.Single(activityChange.Ids)));
        Assert.Equal(WriteStatus.Done, task.Status);
        Assert.Equal(afterActivity, afterTask);
        Assert.Equal(afterActivity.Count + 1, afterImport.Count);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_change_rolled_back_leaves_the_sequence_where_it_was(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var world = await AccessWorld.CreateAsync(database);
        await using var db = LoudouDatabase.CreateContext(database.Target);
        var start = await AnalyticsChangeSequence.ReadAsync(db, default);

        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            var deal = await db.Deals.SingleAsync(d => d.Id == world.Deals["N2"]);
            deal.Rename("Renamed, then rolled back");
            await db.SaveChangesAsync();
            await transaction.RollbackAsync();
        }

        Assert.Equal(start, await AnalyticsChangeSequence.ReadAsync(db, default));
    }
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_new_deal_is_recorded_as_created_and_a_rename_by_its_id(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var db = database.NewContext();

        var deal = await Builders.DealAsync(db, "Brand new");
        var created = AnalyticsChange.ParseDeals(await db.AnalyticsChanges.OrderByDescending(c => c.Id).Select(c => c.Deals).FirstAsync());
        deal.Rename("Renamed");
        await db.SaveChangesAsync();
        var renamed = AnalyticsChange.ParseDeals(await db.AnalyticsChanges.OrderByDescending(c => c.Id).Select(c => c.Deals).FirstAsync());

        Assert.Equal((true, 0), (created!.Created, created.Ids.Count));
        Assert.Equal((false, deal.Id), (renamed!.Created, Assert.Single(renamed.Ids)));
    }
}
