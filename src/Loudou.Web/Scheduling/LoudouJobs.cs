using Quartz;

namespace Loudou.Web.Scheduling;

/// <summary>A recurring job of the host: its key, what runs, and when by default.</summary>
/// <param name="Cron">A Quartz cron expression (seconds first) in UTC; <c>Loudou:Scheduler:Jobs:KEY:Cron</c> overrides it.</param>
public sealed record LoudouJob(string Key, Type Type, string Cron);

/// <summary>Every recurring job the host runs: the one list the scheduler registers and the admins' job page reads.</summary>
/// <remarks>Later jobs (alerts, scoring refresh, backups) are added here and to nothing else.</remarks>
public static class LoudouJobs
{
    public const string Group = "loudou";

    public static IReadOnlyList<LoudouJob> All { get; } =
    [
        new("reminders", typeof(ReminderJob), "0 * * * * ?"),
        new("deliveries", typeof(DeliveryJob), "5/15 * * * * ?"),
        new("alerts", typeof(AlertJob), "30 0/15 * * * ?"),
        // 18:30 UTC is 02:30 in China, when nobody works; off until Loudou:Backup:Folder is set.
        new("backup", typeof(BackupJob), "0 30 18 * * ?"),
        new("scores", typeof(ScoreJob), "20/30 * * * * ?"),
    ];

    public static JobKey KeyOf(LoudouJob job) => new(job.Key, Group);

    public static TriggerKey TriggerOf(LoudouJob job) => new(job.Key, Group);
}
