using Microsoft.Data.Sqlite;
using Npgsql;

namespace Loudou.Storage.Tests.Infrastructure;

/// <summary>A fresh database owned by one test: a temporary SQLite file or a new PostgreSQL database.</summary>
/// <remarks>
/// PostgreSQL comes from LOUDOU_TEST_POSTGRES, which scripts/test.sh sets after starting a throwaway
/// server; without it the test fails rather than skips. Migrated PostgreSQL databases are copied
/// from a per-process template, which is much faster than migrating each one.
/// </remarks>
public sealed class TestDatabase : IAsyncDisposable
{
    private static readonly SemaphoreSlim TemplateLock = new(1, 1);
    private static string? _templateName;

    private TestDatabase(DatabaseTarget target, string? postgresName)
    {
        Target = target;
        PostgresName = postgresName;
    }

    public DatabaseTarget Target { get; }

    private string? PostgresName { get; }

    public static TheoryData<DatabaseProvider> Providers => new() { DatabaseProvider.Sqlite, DatabaseProvider.Postgres };

    /// <summary>The server that LOUDOU_TEST_POSTGRES names (its maintenance database).</summary>
    public static string PostgresAdminConnectionString =>
        Environment.GetEnvironmentVariable("LOUDOU_TEST_POSTGRES") is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException("LOUDOU_TEST_POSTGRES is not set. Run scripts/test.sh, which starts a throwaway PostgreSQL and sets it.");

    /// <summary>Creates an empty database, migrated (with the workspace seeded) unless <paramref name="migrated"/> is false.</summary>
    public static async Task<TestDatabase> CreateAsync(DatabaseProvider provider, bool migrated = true)
    {
        if (provider == DatabaseProvider.Sqlite)
        {
            var path = Path.Combine(Path.GetTempPath(), $"loudou-test-{Guid.NewGuid():N}.db");
            var sqlite = new TestDatabase(DatabaseTarget.Sqlite(path), null);
            if (migrated)
            {
                await sqlite.MigrateAndSeedAsync();
            }
            return sqlite;
        }
        var name = "loudou_t_" + Guid.NewGuid().ToString("N");
        var template = migrated ? await EnsureTemplateAsync() : null;
        await ExecuteAdminAsync(template is null ? $"CREATE DATABASE {name}" : $"CREATE DATABASE {name} TEMPLATE {template}");
        return new TestDatabase(PostgresTarget(name), name);
    }

    public LoudouDbContext NewContext(TimeProvider? clock = null) => LoudouDatabase.CreateContext(Target, clock);

    public async ValueTask DisposeAsync()
    {
        if (PostgresName is null)
        {
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(Target.SqlitePath + suffix);
            }
            return;
        }
        await using (var connection = new NpgsqlConnection(Target.ConnectionString))
        {
            NpgsqlConnection.ClearPool(connection);
        }
        await ExecuteAdminAsync($"DROP DATABASE IF EXISTS {PostgresName} WITH (FORCE)");
    }

    private async Task MigrateAndSeedAsync()
    {
        await using var db = NewContext();
        await LoudouDatabase.MigrateAsync(db, Target);
        await WorkspaceSeeder.EnsureAsync(db, new WorkspaceDefaults());
    }

    private static DatabaseTarget PostgresTarget(string database) =>
        new(DatabaseProvider.Postgres, new NpgsqlConnectionStringBuilder(PostgresAdminConnectionString) { Database = database }.ConnectionString);

    private static async Task<string> EnsureTemplateAsync()
    {
        await TemplateLock.WaitAsync();
        try
        {
            if (_templateName is not null)
            {
                return _templateName;
            }
            // One template per test process: test assemblies run in parallel processes.
            var name = $"loudou_tpl_{Environment.ProcessId}_{Guid.NewGuid():N}"[..40];
            await ExecuteAdminAsync($"CREATE DATABASE {name}");
            var template = new TestDatabase(PostgresTarget(name), name);
            await template.MigrateAndSeedAsync();
            await using (var connection = new NpgsqlConnection(template.Target.ConnectionString))
            {
                NpgsqlConnection.ClearPool(connection);
            }
            _templateName = name;
            return name;
        }
        finally
        {
            TemplateLock.Release();
        }
    }

    private static async Task ExecuteAdminAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(PostgresAdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
