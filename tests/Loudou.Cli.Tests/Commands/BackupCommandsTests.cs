using Loudou.Storage;
using Loudou.Storage.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Cli.Tests.Commands;

/// <summary><c>loudou backup</c> and <c>loudou restore</c>: a round trip the funnel cannot tell apart, and every refusal with its reason.</summary>
public sealed class BackupCommandsTests : IDisposable
{
    private const string Future = "29990101000000_FromTheFuture";

    private readonly string _directory = Directory.CreateTempSubdirectory("loudou-backup-cli-").FullName;

    [Fact]
    public async Task A_backup_restored_into_a_new_file_gives_the_same_funnel()
    {
        await using var source = await DemoAsync(DatabaseProvider.Sqlite);
        var file = Path.Combine(_directory, "nested", "loudou.db");
        var restored = Path.Combine(_directory, "restored.db");

        var backup = await CliRun.RunAsync("backup", "--out", file, "--db", CliRun.Db(source));
        var restore = await CliRun.RunAsync("restore", file, "--db", "sqlite:" + restored);

        Assert.Equal(0, backup.ExitCode);
        Assert.Contains("80 deals", backup.Output);
        Assert.Equal(0, restore.ExitCode);
        Assert.Contains("80 deals", restore.Output);
        Assert.Equal(await FunnelAsync(CliRun.Db(source)), await FunnelAsync("sqlite:" + restored));
        // A second backup to the same name is refused: a backup never overwrites.
        var again = await CliRun.RunAsync("backup", "--out", file, "--db", CliRun.Db(source));
        Assert.Equal(LoudouCli.UserError, again.ExitCode);
        Assert.Contains("exists", again.Error);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_restore_into_a_database_with_deals_or_users_is_refused_with_what_it_holds(DatabaseProvider provider)
    {
        await using var source = await DemoAsync(provider);
        var file = await BackupAsync(source);
        await using var other = await DemoAsync(provider);

        var restore = await CliRun.RunAsync("restore", file, "--db", CliRun.Db(other));

        Assert.Equal(LoudouCli.UserError, restore.ExitCode);
        Assert.Contains("is not empty: it holds 80 deal(s) and", restore.Error);
        Assert.Contains("nothing was changed", restore.Error);
        Assert.True(restore.HasNoTrace, restore.Error);
        await using var db = other.NewContext();
        Assert.Equal(80, await db.Deals.CountAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_backup_of_a_newer_schema_is_refused_naming_it(DatabaseProvider provider)
    {
        await using var source = await TestDatabase.CreateAsync(provider);
        if (provider == DatabaseProvider.Postgres)
        {
            await AddFutureMigrationAsync(source);
        }
        var file = await BackupAsync(source);
        if (provider == DatabaseProvider.Sqlite)
        {
            await using var connection = new SqliteConnection($"Data Source={file};Pooling=False");
            await connection.OpenAsync();
            await using var insert = connection.CreateCommand();
            insert.CommandText = $"INSERT INTO \"__EFMigrationsHistory\" (migration_id, product_version) VALUES ('{Future}', '10.0.15')";
            await insert.ExecuteNonQueryAsync();
        }
        await using var target = await TestDatabase.CreateAsync(provider);

        var restore = await CliRun.RunAsync("restore", file, "--db", CliRun.Db(target));

        Assert.Equal(LoudouCli.UserError, restore.ExitCode);
        Assert.Contains($"is of a newer schema ({Future}) than this Loudou knows", restore.Error);
        Assert.True(restore.HasNoTrace, restore.Error);
    }

    [Fact]
    public async Task A_sqlite_backup_into_postgresql_and_a_file_that_is_no_backup_are_refused()
    {
        await using var source = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var file = await BackupAsync(source);
        await using var postgres = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        var text = Path.Combine(_directory, "notes.txt");
        await File.WriteAllTextAsync(text, "not a backup");

        var across = await CliRun.RunAsync("restore", file, "--db", CliRun.Db(postgres));
        var notBackup = await CliRun.RunAsync("restore", text, "--db", "sqlite:" + Path.Combine(_directory, "x.db"));
        var missing = await CliRun.RunAsync("restore", Path.Combine(_directory, "nope.db"), "--db", "sqlite:" + Path.Combine(_directory, "y.db"));

        Assert.Equal(LoudouCli.UserError, across.ExitCode);
        Assert.Contains("is a SQLite backup and", across.Error);
        Assert.Contains("a PostgreSQL database", across.Error);
        Assert.Contains("is not a Loudou backup", notBackup.Error);
        Assert.Contains("no such file", missing.Error);
        Assert.False(File.Exists(Path.Combine(_directory, "x.db")));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private async Task<TestDatabase> DemoAsync(DatabaseProvider provider)
    {
        var database = await TestDatabase.CreateAsync(provider);
        var demo = await CliRun.RunAsync("demo", "--deals", "80", "--as-of", "2026-06-30", "--db", CliRun.Db(database));
        Assert.Equal(0, demo.ExitCode);
        return database;
    }

    private async Task<string> BackupAsync(TestDatabase database)
    {
        var file = Path.Combine(_directory, Guid.NewGuid().ToString("N") + ".backup");
        var run = await CliRun.RunAsync("backup", "--out", file, "--db", CliRun.Db(database));
        Assert.True(run.ExitCode == 0, run.Error);
        return file;
    }

    private static async Task AddFutureMigrationAsync(TestDatabase database)
    {
        await using var db = database.NewContext();
        await db.Database.ExecuteSqlRawAsync($"INSERT INTO \"__EFMigrationsHistory\" (migration_id, product_version) VALUES ('{Future}', '10.0.15')");
    }

    private static async Task<string> FunnelAsync(string db)
    {
        var run = await CliRun.RunAsync("funnel", "--format", "json", "--as-of", "2026-06-30", "--by", "channel", "--db", db);
        Assert.True(run.ExitCode == 0, run.Error);
        return run.Output;
    }
}
