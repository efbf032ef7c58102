using Loudou.Storage.Backup;

namespace Loudou.Web.Scheduling;

/// <summary>Scheduled backups, under <c>Loudou:Backup</c> in appsettings.json or the environment (docs/operations.md).</summary>
/// <param name="Folder">Loudou:Backup:Folder: where the backup job writes; unset (the default) turns scheduled backups off. Relative to the working directory.</param>
/// <param name="Keep">Loudou:Backup:Keep: how many of the job's backups to keep (7 by default, at least 1); older ones are deleted after each new one.</param>
/// <param name="PostgresBin">Loudou:Backup:PostgresBin: the folder of pg_dump and pg_restore when they are not on the PATH.</param>
/// <remarks>When the job runs is the scheduler's setting, Loudou:Scheduler:Jobs:backup:Cron (UTC), as for every job.</remarks>
public sealed record BackupOptions(string? Folder, int Keep, string? PostgresBin)
{
    public static BackupOptions FromConfiguration(IConfiguration configuration) => new(
        string.IsNullOrWhiteSpace(configuration["Loudou:Backup:Folder"]) ? null : Path.GetFullPath(configuration["Loudou:Backup:Folder"]!),
        Math.Max(1, configuration.GetValue("Loudou:Backup:Keep", 7)),
        configuration[PostgresTools.BinSetting]);
}
