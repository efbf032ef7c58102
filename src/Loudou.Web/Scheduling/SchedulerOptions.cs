namespace Loudou.Web.Scheduling;

/// <summary>Scheduler settings under <c>Loudou:Scheduler</c> in appsettings.json or the environment.</summary>
/// <param name="Enabled">Loudou:Scheduler:Enabled: run the recurring jobs in this host (on by default; a host that only serves pages may turn it off).</param>
/// <param name="Crons">Loudou:Scheduler:Jobs:KEY:Cron: a job's schedule instead of its default, as a Quartz cron expression in UTC.</param>
public sealed record SchedulerOptions(bool Enabled, IReadOnlyDictionary<string, string> Crons)
{
    public static SchedulerOptions FromConfiguration(IConfiguration configuration) => new(
        configuration.GetValue("Loudou:Scheduler:Enabled", true),
        LoudouJobs.All.Select(j => (j.Key, Cron: configuration[$"Loudou:Scheduler:Jobs:{j.Key}:Cron"]))
            .Where(j => !string.IsNullOrWhiteSpace(j.Cron))
            .ToDictionary(j => j.Key, j => j.Cron!.Trim()));

    public string CronOf(LoudouJob job) => Crons.GetValueOrDefault(job.Key) ?? job.Cron;
}
