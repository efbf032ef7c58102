using Loudou.Core.Demo;
using Loudou.Storage.Backup;
using Loudou.Storage.Demo;
using Loudou.Storage.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Loudou.Storage.Tests.Backup;

/// <summary>A filled database backed up and restored into an empty one holds the same rows in every table, on both providers.</summary>
public sealed class BackupRoundTripTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("loudou-backup-").FullName;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_restored_backup_equals_its_database_in_every_table(DatabaseProvider provider)
    {
        await using var source = await TestDatabase.CreateAsync(provider);
        await FillAsync(source);
        await using var target = await TestDatabase.CreateAsync(provider);
        var tools = new PostgresTools(null);
        var file = Path.Combine(_directory, "loudou" + BackupArchive.Extension(provider));

        var backup = await new DatabaseBackup(tools).BackupAsync(source.Target, file);
        var restore = await new DatabaseBackup(tools).RestoreAsync(file, target.Target);

        var expected = await TableRows.ReadAsync(source.Target);
        var actual = await TableRows.ReadAsync(target.Target);
        Assert.Equal(expected.Keys, actual.Keys);
        foreach (var (table, rows) in expected)
        {
            Assert.True(rows.SequenceEqual(actual[table]), $"{table}: {rows.Count} rows backed up, {actual[table].Count} restored, or they differ");
        }
        // Every table of the model holds rows, so that the comparison is of something (Quartz's fill only while a host runs).
        var empty = expected.Where(t => t.Value.Count == 0).Select(t => t.Key)
            .Where(t => !t.StartsWith("qrtz_", StringComparison.Ordinal) && t != DatabaseContents.MigrationsLockTable).ToList();
        Assert.True(empty.Count == 0, "empty tables: " + string.Join(", ", empty));
        Assert.Equal((300L, backup.Deals), (restore.Deals, restore.Deals));
        Assert.Equal(backup.Users, restore.Users);
        Assert.Empty(restore.Migrated);
        Assert.Equal(backup.SchemaVersion, restore.SchemaVersion);
        // pg_restore brings no planner statistics back (a SQLite copy has the source's): the restore made them.
        Assert.True(await PlannerStatistics.AnalysedAsync(target, "deals"));
    }

    [Fact]
    public async Task A_sqlite_backup_taken_while_another_connection_writes_is_whole_and_consistent()
    {
        await using var source = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await FillAsync(source);
        using var stop = new CancellationTokenSource();
        var writes = 0;
        var writer = Task.Run(async () =>
        {
            await using var db = source.NewContext();
            while (!stop.IsCancellationRequested)
            {
                db.AuditEntries.Add(Core.Access.AuditEntry.Record(DateTimeOffset.UtcNow, null, "test", writes.ToString(System.Globalization.CultureInfo.InvariantCulture), Core.Access.AuditAction.Update, null, "{}"));
                await db.SaveChangesAsync();
                writes++;
            }
        });
        await Task.Delay(200);
        var file = Path.Combine(_directory, "online.db");

        var backup = await new DatabaseBackup(new PostgresTools(null)).BackupAsync(source.Target, file);
        await stop.CancelAsync();
        await writer;

        await using var copy = new SqliteConnection($"Data Source={file};Mode=ReadOnly;Pooling=False");
        await copy.OpenAsync();
        await using var check = copy.CreateCommand();
        check.CommandText = "PRAGMA integrity_check";
        Assert.Equal("ok", await check.ExecuteScalarAsync());
        check.CommandText = "SELECT COUNT(*) FROM audit_entries WHERE entity_type = 'test'";
        var copied = (long)(await check.ExecuteScalarAsync())!;
        Assert.InRange(copied, 1, writes);
        check.CommandText = "PRAGMA journal_mode";
        Assert.Equal("delete", await check.ExecuteScalarAsync());
        Assert.Equal(300, backup.Deals);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>The demo workspace of 300 deals, then a row in each table the demo leaves empty.</summary>
    private static async Task FillAsync(TestDatabase database)
    {
        await using var db = database.NewContext();
        await DemoWorkspace.CreateAsync(db, new DemoOptions(300, 7, new DateOnly(2026, 6, 30)));
        await BackupRows.AddTheRestAsync(db);
    }
}
