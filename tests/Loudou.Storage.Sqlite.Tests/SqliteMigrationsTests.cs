using Loudou.Storage.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Storage.Sqlite.Tests;

public class SqliteMigrationsTests
{
    [Fact]
    public async Task The_migrations_build_the_schema_the_model_describes()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite, migrated: false);
        await using var db = database.NewContext();

        var applied = await LoudouDatabase.MigrateAsync(db, database.Target);

        Assert.Equal(db.Database.GetMigrations(), applied);
        Assert.Empty(await LoudouDatabase.MigrateAsync(db, database.Target));
        Assert.False(db.Database.HasPendingModelChanges(), "The model has changed: add a migration to both provider projects (see README).");
        var tables = await db.Database.SqlQueryRaw<string>("SELECT name AS \"Value\" FROM sqlite_master WHERE type = 'table'").ToListAsync();
        Assert.Subset(tables.ToHashSet(), new HashSet<string>
        {
            "deals", "stage_transitions", "pipelines", "stages", "stage_actions", "users", "teams", "activities", "deal_tasks",
            "conversion_targets", "workspace_settings", "alert_rules", "notifications", "scoring_models", "deal_scores", "exchange_rates",
        });
    }

    [Fact]
    public async Task The_migrations_live_in_this_assembly_and_the_design_time_factory_uses_sqlite()
    {
        await using var db = new SqliteDesignTimeFactory().CreateDbContext([]);

        Assert.Equal("Microsoft.EntityFrameworkCore.Sqlite", db.Database.ProviderName);
        var migrations = db.Database.GetMigrations().ToList();
        Assert.NotEmpty(migrations);
        var types = typeof(SqliteDesignTimeFactory).Assembly.GetTypes();
        Assert.All(migrations, m => Assert.NotNull(types.SingleOrDefault(t => t.Name.EndsWith(m[15..], StringComparison.Ordinal))));
    }

    [Fact]
    public async Task The_file_is_left_in_write_ahead_log_mode_for_concurrent_readers()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var connection = new SqliteConnection(database.Target.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";

        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync());
    }
}
