using System.Data.Common;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Storage.Backup;

/// <summary>What a database holds, as backup and restore judge it: its tables, its schema version, its deals and users.</summary>
/// <param name="Tables">Every table in the database (SQLite) or in the connection's current schema (PostgreSQL).</param>
/// <param name="Migrations">The migrations applied to it, oldest first; empty when it has no migrations table.</param>
/// <param name="Deals">Rows in the deals table; 0 when there is none.</param>
/// <param name="Users">Rows in the users table; 0 when there is none.</param>
public sealed record DatabaseContents(IReadOnlyList<string> Tables, IReadOnlyList<string> Migrations, long Deals, long Users)
{
    public const string MigrationsTable = "__EFMigrationsHistory";

    /// <summary>The table EF Core's migrator locks SQLite with while it migrates; empty otherwise.</summary>
    public const string MigrationsLockTable = "__EFMigrationsLock";

    /// <summary>The last migration applied: the schema version a backup carries.</summary>
    public string? SchemaVersion => Migrations.Count == 0 ? null : Migrations[^1];

    /// <summary>Empty for a restore: no deal and no user (the seeded settings and default pipeline do not count).</summary>
    public bool IsEmpty => Deals == 0 && Users == 0;

    /// <summary>Reads what the database behind an open connection holds, with plain SQL (the EF model may not fit it).</summary>
    public static async Task<DatabaseContents> ReadAsync(DbConnection connection, DatabaseProvider provider, CancellationToken cancellationToken)
    {
        var tables = await StringsAsync(connection, provider == DatabaseProvider.Sqlite
            ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
            : "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name",
            cancellationToken);
        var migrations = tables.Contains(MigrationsTable)
            ? await StringsAsync(connection, $"SELECT migration_id FROM \"{MigrationsTable}\" ORDER BY migration_id", cancellationToken)
            : [];
        return new DatabaseContents(tables, migrations, await CountAsync(connection, tables, "deals", cancellationToken), await CountAsync(connection, tables, "users", cancellationToken));
    }

    /// <summary>The tables that Loudou's schema makes: its model's, the migrations tables and Quartz's job store (qrtz_…).</summary>
    public static IReadOnlySet<string> LoudouTables(LoudouDbContext db) =>
        db.Model.GetEntityTypes().Select(e => e.GetTableName()).OfType<string>().Append(MigrationsTable).Append(MigrationsLockTable).ToHashSet(StringComparer.Ordinal);

    /// <summary>Whether a table belongs to Loudou's schema.</summary>
    public static bool IsLoudouTable(string table, IReadOnlySet<string> modelTables) =>
        modelTables.Contains(table) || table.StartsWith("qrtz_", StringComparison.Ordinal);

    private static async Task<long> CountAsync(DbConnection connection, IReadOnlyList<string> tables, string table, CancellationToken cancellationToken)
    {
        if (!tables.Contains(table))
        {
            return 0;
        }
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM \"{table}\"";
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<List<string>> StringsAsync(DbConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var values = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            values.Add(reader.GetString(0));
        }
        return values;
    }
}
