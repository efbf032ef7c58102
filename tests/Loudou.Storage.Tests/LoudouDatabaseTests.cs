using Loudou.Storage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Storage.Tests;

public class LoudouDatabaseTests
{
    [Fact]
    public async Task A_missing_sqlite_file_and_its_directory_are_created_and_migrated_on_open()
    {
        var directory = Path.Combine(Path.GetTempPath(), "loudou-open-" + Guid.NewGuid().ToString("N"));
        var target = DatabaseTarget.Sqlite(Path.Combine(directory, "nested", "loudou.db"));
        try
        {
            await using var db = LoudouDatabase.CreateContext(target);
            await LoudouDatabase.OpenAsync(db, target, migrateServer: false);

            Assert.True(File.Exists(target.SqlitePath));
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task A_file_that_is_not_sqlite_is_refused_with_its_path_and_left_untouched()
    {
        var path = Path.Combine(Path.GetTempPath(), $"loudou-garbage-{Guid.NewGuid():N}.db");
        await File.WriteAllTextAsync(path, "this is a spreadsheet, not a database, and it is long enough to have a header");
        try
        {
            var target = DatabaseTarget.Sqlite(path);
            await using var db = LoudouDatabase.CreateContext(target);

            var error = await Assert.ThrowsAsync<DatabaseUnavailableException>(() => LoudouDatabase.OpenAsync(db, target, migrateServer: false));

            Assert.Contains(path, error.Message);
            Assert.Contains("not a SQLite database", error.Message);
            Assert.StartsWith("this is a spreadsheet", await File.ReadAllTextAsync(path));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            File.Delete(path);
        }
    }

    [Fact]
    public async Task A_server_database_that_is_behind_is_not_migrated_on_open_but_named_with_the_command_to_run()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres, migrated: false);
        await using var db = database.NewContext();

        var error = await Assert.ThrowsAsync<DatabaseNotMigratedException>(() => LoudouDatabase.OpenAsync(db, database.Target, migrateServer: false));

        Assert.Contains("loudou db migrate", error.Message);
        Assert.NotEmpty(await db.Database.GetPendingMigrationsAsync());
    }

    [Fact]
    public async Task A_server_database_is_migrated_on_open_when_that_is_opted_into()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres, migrated: false);
        await using var db = database.NewContext();

        await LoudouDatabase.OpenAsync(db, database.Target, migrateServer: true);

        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
    }

    [Fact]
    public async Task An_unreachable_server_is_named_with_the_reason_and_no_password()
    {
        var target = DatabaseTarget.TryParse("postgres:Host=127.0.0.1;Port=1;Database=x;Username=u;Password=secret", out _)!;
        await using var db = LoudouDatabase.CreateContext(target);

        var error = await Assert.ThrowsAsync<DatabaseUnavailableException>(() => LoudouDatabase.OpenAsync(db, target, migrateServer: false));

        Assert.Contains("Port=1", error.Message);
        Assert.Contains("no server answers", error.Message);
        Assert.DoesNotContain("secret", error.Message);
    }
}
