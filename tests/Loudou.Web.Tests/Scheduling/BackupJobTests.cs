using Loudou.Storage;
using Loudou.Storage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Stopwatch = System.Diagnostics.Stopwatch;

namespace Loudou.Web.Tests.Scheduling;

/// <summary>The backup job in a real host process: timestamped backups every firing, the newest kept, other files left alone.</summary>
public sealed class BackupJobTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("loudou-backup-job-").FullName;

    [Fact]
    public async Task Each_firing_writes_a_backup_and_only_the_newest_two_of_its_own_are_kept()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var foreign = Path.Combine(_folder, "loudou-manual.db");
        await File.WriteAllTextAsync(foreign, "kept: not named by the job");
        var host = HostProcess.Start(database.Target, "--urls", "http://127.0.0.1:0", "--Loudou:Scheduler:Jobs:backup:Cron=0/2 * * * * ?",
            $"--Loudou:Backup:Folder={_folder}", "--Loudou:Backup:Keep=2");
        try
        {
            await HostProcess.WaitForAddressAsync(host);
            var waited = Stopwatch.StartNew();
            while (await BackupRunsAsync(database) < 4)
            {
                Assert.True(waited.Elapsed < TimeSpan.FromSeconds(120), "fewer than 4 backup runs after 120 s");
                await Task.Delay(500);
            }
        }
        finally
        {
            await HostProcess.StopAsync(host);
        }

        await using var db = database.NewContext();
        var runs = await db.JobRuns.AsNoTracking().Where(r => r.Job == "backup" && r.FinishedAt != null).ToListAsync();
        Assert.All(runs, r => Assert.Null(r.Error));
        Assert.All(runs, r => Assert.Matches(@"^loudou-\d{8}T\d{9}Z\.db: 0 deals, \d+ bytes, schema \d{14}_\w+; \d older backup\(s\) removed, keeping 2$", r.Outcome));
        var kept = Directory.GetFiles(_folder).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Contains("loudou-manual.db", kept);
        // A firing cut off by the stop may leave its .partial file: never one named as a finished backup.
        var own = kept.Where(n => System.Text.RegularExpressions.Regex.IsMatch(n!, @"^loudou-\d{8}T\d{9}Z\.db$")).ToList();
        Assert.InRange(own.Count, 2, 3);
        // The newest run's file is among those kept, and what is kept opens as a Loudou backup.
        var newest = runs.OrderByDescending(r => r.Id).First().Outcome!.Split(':')[0];
        Assert.Contains(newest, own);
        var archive = await Storage.Backup.BackupArchive.ReadAsync(Path.Combine(_folder, newest!), new Storage.Backup.PostgresTools(null), CancellationToken.None);
        Assert.Equal(DatabaseProvider.Sqlite, archive.Provider);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static async Task<int> BackupRunsAsync(TestDatabase database)
    {
        await using var db = database.NewContext();
        return await db.JobRuns.CountAsync(r => r.Job == "backup" && r.FinishedAt != null);
    }
}
