using Quartz;

namespace Loudou.Web.Scheduling;

/// <summary>
/// Makes each job's trigger in the job store match its configured schedule, touching only what differs: a host that
/// starts beside running ones must not replace a trigger they are about to fire, which would fire that moment twice.
/// </summary>
public sealed class TriggerSync(ISchedulerFactory factory, SchedulerOptions options, ILogger<TriggerSync> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var scheduler = await factory.GetScheduler(cancellationToken);
        foreach (var job in LoudouJobs.All)
        {
            var cron = options.CronOf(job);
            var current = await scheduler.GetTrigger(LoudouJobs.TriggerOf(job), cancellationToken) as ICronTrigger;
            if (current?.CronExpressionString == cron)
            {
                continue;
            }
            // A firing missed while every host was down runs once at start, then the schedule goes on.
            var trigger = TriggerBuilder.Create().ForJob(LoudouJobs.KeyOf(job)).WithIdentity(LoudouJobs.TriggerOf(job))
                .WithCronSchedule(cron, c => c.InTimeZone(TimeZoneInfo.Utc).WithMisfireHandlingInstructionFireAndProceed())
                .Build();
            try
            {
                if (current is null)
                {
                    await scheduler.ScheduleJob(trigger, cancellationToken);
                }
                else
                {
                    await scheduler.RescheduleJob(trigger.Key, trigger, cancellationToken);
                }
                logger.LogInformation("Job {Job} scheduled: {Cron} (UTC)", job.Key, cron);
            }
            catch (ObjectAlreadyExistsException)
            {
                // Another host, starting at the same moment, scheduled it first.
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
