using Loudou.Storage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Storage.Postgres.Tests;

public class PostgresMigrationsTests
{
    [Fact]
    public async Task The_migrations_build_the_schema_the_model_describes_on_a_real_server()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres, migrated: false);
        await using var db = database.NewContext();

        var applied = await LoudouDatabase.MigrateAsync(db, database.Target);

        Assert.Equal(db.Database.GetMigrations(), applied);
        Assert.Empty(await LoudouDatabase.MigrateAsync(db, database.Target));
        Assert.False(db.Database.HasPendingModelChanges(), "The model has changed: add a migration to both provider projects (see README).");
        var tables = await db.Database.SqlQueryRaw<string>("SELECT table_name AS \"Value\" FROM information_schema.tables WHERE table_schema = 'public'").ToListAsync();
        Assert.Subset(tables.ToHashSet(), new HashSet<string>
        {
            "deals", "stage_transitions", "pipelines", "stages", "stage_actions", "users", "teams", "activities", "deal_tasks",
            "conversion_targets", "workspace_settings", "alert_rules", "notifications", "scoring_models", "deal_scores", "exchange_rates",
        });
    }

    [Fact]
    public async Task Moments_are_timestamptz_and_money_is_numeric()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        await using var db = database.NewContext();

        var types = await db.Database.SqlQueryRaw<string>(
            "SELECT column_name || ':' || data_type AS \"Value\" FROM information_schema.columns WHERE table_name = 'deals'").ToListAsync();

        Assert.Contains("created_at:timestamp with time zone", types);
        Assert.Contains("amount:numeric", types);
        Assert.Contains("probability:double precision", types);
    }

    [Fact]
    public async Task The_migrations_live_in_this_assembly_and_the_design_time_factory_uses_npgsql()
    {
        await using var db = new PostgresDesignTimeFactory().CreateDbContext([]);

        Assert.Equal("Npgsql.EntityFrameworkCore.PostgreSQL", db.Database.ProviderName);
        var migrations = db.Database.GetMigrations().ToList();
        Assert.NotEmpty(migrations);
        var types = typeof(PostgresDesignTimeFactory).Assembly.GetTypes();
        Assert.All(migrations, m => Assert.NotNull(types.SingleOrDefault(t => t.Name.EndsWith(m[15..], StringComparison.Ordinal))));
    }
}
