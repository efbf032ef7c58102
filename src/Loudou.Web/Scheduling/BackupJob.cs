using System.Globalization;
using System.Text.RegularExpressions;
using Loudou.Storage;
using Loudou.Storage.Backup;

namespace Loudou.Web.Scheduling;

/// <summary>Daily by default: backs the database up into Loudou:Backup:Folder as loudou-UTCTIME.db (SQLite) or .dump (PostgreSQL), keeping the newest Loudou:Backup:Keep.</summary>
/// <remarks>
/// Only files this job named are ever deleted, so the folder may hold other backups too. On PostgreSQL the clustered
/// scheduler runs each firing on one host; that host needs pg_dump (docs/operations.md). A failed backup is the run's
/// error in the admins' job list, and leaves the older backups alone.
/// </remarks>
public sealed partial class BackupJob(DatabaseTarget target, BackupOptions options, TimeProvider clock, ILogger<BackupJob> logger) : RecordedJob(target, clock, logger)
{
    private readonly DatabaseTarget _target = target;
    private readonly TimeProvider _clock = clock;

    protected override async Task<string> RunAsync(CancellationToken cancellationToken)
    {
        if (options.Folder is not { } folder)
        {
            return "off: set Loudou:Backup:Folder to turn scheduled backups on";
        }
        var name = $"loudou-{_clock.GetUtcNow():yyyyMMdd'T'HHmmssfff'Z'}{BackupArchive.Extension(_target.Provider)}";
        var result = await new DatabaseBackup(new PostgresTools(options.PostgresBin)).BackupAsync(_target, Path.Combine(folder, name), cancellationToken);
        var removed = Prune(folder, options.Keep);
        return $"{name}: {result.Deals.ToString(CultureInfo.InvariantCulture)} deals, {result.Bytes.ToString(CultureInfo.InvariantCulture)} bytes, schema {result.SchemaVersion}; "
            + $"{removed} older backup(s) removed, keeping {options.Keep}";
    }

    /// <summary>Deletes this job's backups beyond the newest <paramref name="keep"/>; their names sort by time.</summary>
    public static int Prune(string folder, int keep)
    {
        var old = Directory.EnumerateFiles(folder)
            .Where(path => OwnName().IsMatch(Path.GetFileName(path)))
            .OrderByDescending(path => Path.GetFileName(path), StringComparer.Ordinal)
            .Skip(keep)
            .ToList();
        foreach (var path in old)
        {
            File.Delete(path);
        }
        return old.Count;
    }

    [GeneratedRegex(@"^loudou-\d{8}T\d{9}Z\.(db|dump)$")]
    private static partial Regex OwnName();
}
