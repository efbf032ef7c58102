using Loudou.Storage;
using Microsoft.EntityFrameworkCore;
using Quartz;

namespace Loudou.Web.Scheduling;

/// <summary>A recurring job as admins see it.</summary>
/// <param name="Schedule">Its cron expression (Quartz, seconds first, UTC).</param>
/// <param name="Running">Whether this host runs the scheduler; false when <c>Loudou:Scheduler:Enabled</c> is off here.</param>
/// <param name="NextRun">When it fires next; null when this host does not schedule.</param>
/// <param name="LastRun">Its latest run on any host.</param>
/// <param name="LastError">Its latest failed run, however long ago.</param>
public sealed record JobView(string Key, string Schedule, bool Running, DateTimeOffset? NextRun, JobRunView? LastRun, JobRunView? LastError);

/// <summary>One run of a job.</summary>
public sealed record JobRunView(DateTimeOffset ScheduledFor, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, string Instance, string? Outcome, string? Error);

/// <summary>Reads the job list: each job's schedule and next firing from Quartz, its last runs from the database.</summary>
public sealed class JobList(LoudouDbContext db, SchedulerOptions options, IServiceProvider services)
{
    public async Task<IReadOnlyList<JobView>> ReadAsync(CancellationToken cancellationToken = default)
    {
        var scheduler = options.Enabled && services.GetService<ISchedulerFactory>() is { } factory ? await factory.GetScheduler(cancellationToken) : null;
        var views = new List<JobView>();
        foreach (var job in LoudouJobs.All)
        {
            var trigger = scheduler is null ? null : await scheduler.GetTrigger(LoudouJobs.TriggerOf(job), cancellationToken);
            // Runs are ordered by id, which follows their start, because SQLite keeps moments as text.
            var runs = db.JobRuns.AsNoTracking().Where(r => r.Job == job.Key).OrderByDescending(r => r.Id);
            var last = await runs.Select(View).FirstOrDefaultAsync(cancellationToken);
            var failed = await runs.Where(r => r.Error != null).Select(View).FirstOrDefaultAsync(cancellationToken);
            views.Add(new JobView(job.Key, options.CronOf(job), scheduler is not null, trigger?.GetNextFireTimeUtc(), last, failed));
        }
        return views;
    }

    /// <summary>The latest runs of one job, newest first.</summary>
    public async Task<IReadOnlyList<JobRunView>> RunsAsync(string job, int take, CancellationToken cancellationToken = default) =>
        await db.JobRuns.AsNoTracking().Where(r => r.Job == job).OrderByDescending(r => r.Id).Take(Math.Clamp(take, 1, 200)).Select(View).ToListAsync(cancellationToken);

    private static readonly System.Linq.Expressions.Expression<Func<Storage.Scheduling.JobRun, JobRunView>> View =
        r => new JobRunView(r.ScheduledFor, r.StartedAt, r.FinishedAt, r.Instance, r.Outcome, r.Error);
}
