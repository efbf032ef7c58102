using Loudou.Core.Access;
using Loudou.Storage;
using Loudou.Storage.Scheduling;
using Quartz;

namespace Loudou.Web.Scheduling;

/// <summary>
/// A recurring job whose every run is written to <see cref="JobRun"/>: started, finished, its outcome or its error.
/// The admins' job list reads these rows, and the clustering test counts them.
/// </summary>
/// <remarks>
/// A run never throws back into Quartz: an error is recorded and logged, and the next firing runs as usual (a
/// failed reminder evaluation is made good by the next one, since reminders are found from the data).
/// </remarks>
[DisallowConcurrentExecution]
public abstract class RecordedJob(DatabaseTarget target, TimeProvider clock, ILogger logger) : IJob
{
    public async Task Execute(IJobExecutionContext context)
    {
        var cancellationToken = context.CancellationToken;
        var run = new JobRun
        {
            Job = context.JobDetail.Key.Name,
            ScheduledFor = context.ScheduledFireTimeUtc ?? context.FireTimeUtc,
            StartedAt = clock.GetUtcNow(),
            Instance = context.Scheduler.SchedulerInstanceId,
        };
        await using (var db = Open())
        {
            db.JobRuns.Add(run);
            await db.SaveChangesAsync(cancellationToken);
        }
        try
        {
            run.Outcome = await RunAsync(cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogError(e, "Job {Job} failed", run.Job);
            run.Error = Truncate(e.Message, 2000);
        }
        run.FinishedAt = clock.GetUtcNow();
        await using (var db = Open())
        {
            db.JobRuns.Update(run);
            await db.SaveChangesAsync(CancellationToken.None);
        }
    }

    /// <summary>Does the job's work; returns a line on what it did.</summary>
    protected abstract Task<string> RunAsync(CancellationToken cancellationToken);

    /// <summary>A context that sees the whole workspace: jobs act for nobody in particular.</summary>
    protected LoudouDbContext Open() => LoudouDatabase.CreateContext(target, AccessScope.Everything, clock);

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];
}
