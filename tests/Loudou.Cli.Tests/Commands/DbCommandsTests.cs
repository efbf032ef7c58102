using Loudou.Storage;
using Loudou.Storage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Cli.Tests.Commands;

public class DbCommandsTests
{
    [Fact]
    public async Task Db_migrate_prepares_a_fresh_server_database_and_then_finds_it_up_to_date()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres, migrated: false);
        var db = "postgres:" + database.Target.ConnectionString;

        int migrations;
        await using (var context = LoudouDatabase.CreateContext(database.Target))
        {
            migrations = context.Database.GetMigrations().Count();
        }
        var first = await CliRun.RunAsync("db", "migrate", "--db", db);
        var second = await CliRun.RunAsync("db", "migrate", "--db", db);
        var list = await CliRun.RunAsync("pipeline", "list", "--db", db, "--format", "csv");

        Assert.Equal(0, first.ExitCode);
        Assert.True(migrations > 1, "the provider has its migrations");
        Assert.Contains($"applied {migrations} migration(s)", first.Output);
        Assert.Contains("Created the workspace", first.Output);
        Assert.Contains("is up to date", second.Output);
        Assert.Equal(0, list.ExitCode);
        Assert.Contains("default,*,1,lead,线索获取", list.Output);
    }

    [Fact]
    public async Task Commands_on_a_server_database_that_is_behind_say_how_to_migrate_and_change_nothing()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres, migrated: false);
        var db = "postgres:" + database.Target.ConnectionString;

        var run = await CliRun.RunAsync("pipeline", "list", "--db", db);
        var status = await CliRun.RunAsync("db", "status", "--db", db, "--format", "json");

        Assert.Equal(LoudouCli.UserError, run.ExitCode);
        Assert.Contains("loudou db migrate --db", run.Error);
        Assert.True(run.HasNoTrace, run.Error);
        Assert.Equal(0, status.ExitCode);
        Assert.Contains("\"applied\": []", status.Output);
        Assert.Contains("_Initial", status.Output);
    }

    [Fact]
    public async Task A_sqlite_file_is_created_by_a_command_that_writes_and_then_read_by_one_that_reads()
    {
        var path = Path.Combine(Path.GetTempPath(), $"loudou-cli-{Guid.NewGuid():N}", "loudou.db");
        try
        {
            var add = await CliRun.RunAsync("user", "add", "first.admin", "--role", "admin", "--db", "sqlite:" + path);
            var run = await CliRun.RunAsync("pipeline", "list", "--db", "sqlite:" + path);

            Assert.Equal(0, add.ExitCode);
            Assert.Equal(0, run.ExitCode);
            Assert.True(File.Exists(path));
            Assert.Contains("线索获取", run.Output);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }
}
