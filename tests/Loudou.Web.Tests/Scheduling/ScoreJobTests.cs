using Loudou.Core.Demo;
using Loudou.Core.Pipelines;
using Loudou.Scoring;
using Loudou.Storage;
using Loudou.Storage.Demo;
using Loudou.Storage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Stopwatch = System.Diagnostics.Stopwatch;

namespace Loudou.Web.Tests.Scheduling;

/// <summary>
/// The scores job in a real host process: a deal changed by another process (here the test's own context, as the command
/// line would) has its score redone, and a deal that closes loses its score, within a minute. The job fires every two
/// seconds here (<c>Loudou:Scheduler:Jobs:scores:Cron</c>) instead of every 30.
/// </summary>
public class ScoreJobTests
{
    [Fact]
    public async Task A_changed_deal_is_rescored_and_a_closed_one_unscored_within_a_minute()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using (var setup = database.NewContext())
        {
            await DemoWorkspace.CreateAsync(setup, new DemoOptions(400, 1, DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-1))));
            Assert.Null((await new ScoringService(setup, TimeProvider.System).TrainAsync(null, ScoringSettings.Default)).Refusal);
        }
        var (moved, closed) = await TwoOpenDealsAsync(database);
        var host = HostProcess.Start(database.Target, "--urls", "http://127.0.0.1:0", "--Loudou:Scheduler:Jobs:scores:Cron=0/2 * * * * ?");
        try
        {
            await HostProcess.WaitForAddressAsync(host);
            // The first run rescores everything; changes after it are the ones the sequence names.
            await WaitAsync(database, db => db.JobRuns.AnyAsync(r => r.Job == "scores" && r.FinishedAt != null), "a first scores run");
            var before = await ScoreAsync(database, moved);
            DateTimeOffset changedAt;
            await using (var db = database.NewContext())
            {
                var pipeline = await db.Pipelines.SingleAsync(p => p.Key == "default");
                var deals = await db.Deals.Where(d => d.Id == moved || d.Id == closed).ToListAsync();
                changedAt = DateTimeOffset.UtcNow;
                deals.Single(d => d.Id == moved).MoveTo(pipeline.Stages.Single(s => s.Key == "closing"), changedAt, null, Core.Deals.TransitionSource.Api);
                deals.Single(d => d.Id == closed).MoveTo(pipeline.Stages.Single(s => s.Kind == StageKind.Lost), changedAt, null, Core.Deals.TransitionSource.Api);
                await db.SaveChangesAsync();
            }
            var waited = Stopwatch.StartNew();

            await WaitAsync(database, async db => (await db.DealScores.SingleAsync(s => s.DealId == moved)).ScoredAt > changedAt, "the moved deal's new score");
            // Unscored as lists and the API see it; kept as final for the layers' funnels.
            await WaitAsync(database, async db => !await db.ActiveDealScores.AnyAsync(s => s.DealId == closed), "the closed deal's score gone");
            await using (var db = database.NewContext())
            {
                Assert.True((await db.DealScores.SingleAsync(s => s.DealId == closed)).Final);
            }

            Assert.True(waited.Elapsed < TimeSpan.FromMinutes(1), $"took {waited.Elapsed}");
            // Stage conversion: a deal in closing scores the closing stage's rate, above an earlier stage's.
            Assert.True(await ScoreAsync(database, moved) > before);
        }
        finally
        {
            await HostProcess.StopAsync(host);
        }
        await using var check = database.NewContext();
        Assert.All(await check.JobRuns.Where(r => r.Job == "scores").ToListAsync(), r => Assert.Null(r.Error));
    }

    /// <summary>Two scored open deals in stages before closing, the earliest stage first.</summary>
    private static async Task<(long Moved, long Closed)> TwoOpenDealsAsync(TestDatabase database)
    {
        await using var db = database.NewContext();
        var ids = await db.Deals
            .Where(d => db.Stages.Any(s => s.Id == d.StageId && s.Kind == StageKind.Open && s.Key != "closing") && db.DealScores.Any(x => x.DealId == d.Id))
            .OrderBy(d => db.Stages.Where(s => s.Id == d.StageId).Select(s => s.Position).First()).ThenBy(d => d.Id).Select(d => d.Id).Take(2).ToListAsync();
        Assert.Equal(2, ids.Count);
        return (ids[0], ids[1]);
    }

    private static async Task<double> ScoreAsync(TestDatabase database, long deal)
    {
        await using var db = database.NewContext();
        return (await db.DealScores.SingleAsync(s => s.DealId == deal)).Score;
    }

    private static async Task WaitAsync(TestDatabase database, Func<LoudouDbContext, Task<bool>> done, string what)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            await using (var db = database.NewContext())
            {
                if (await done(db))
                {
                    return;
                }
            }
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(90), $"no {what} after 90 s");
            await Task.Delay(500);
        }
    }
}
