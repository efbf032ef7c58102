using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Loudou.Storage.Bulk;

/// <summary>Readies the context's connection for a large write inside its current transaction, and puts it back afterwards.</summary>
/// <remarks>
/// <para>On SQLite it does two things. It raises the page cache from the default 2 MB for the
/// length of the write: with ten indexes on deals, a small cache spends most of an import
/// re-reading and spilling index pages. And when a table is to receive at least
/// <see cref="RebuildThreshold"/> rows and at least as many as it holds, it drops that table's
/// secondary indexes and builds them again in <see cref="CompleteAsync"/>: a sorted build after
/// the append costs a fraction of a million random inserts into each index. The indexes are
/// rebuilt from the exact SQL SQLite stored for them, so the schema comes back unchanged, and since
/// the drop happens inside the transaction, a failure or a kill before the commit leaves every index
/// as it was.</para>
/// <para>On PostgreSQL it does nothing: binary COPY keeps its indexes, and dropping them would
/// take locks that other sessions' reads would wait on.</para>
/// </remarks>
public sealed class BulkLoad : IAsyncDisposable
{
    /// <summary>Fewer new rows than this are inserted into the indexes as they come.</summary>
    public const long RebuildThreshold = 50_000;

    private const int CacheKibibytes = 64 * 1024;

    private readonly SqliteConnection? _sqlite;
    private readonly DbTransaction? _transaction;
    private readonly long _cacheSize;
    private readonly List<string> _dropped = [];

    private BulkLoad(SqliteConnection? sqlite, DbTransaction? transaction, long cacheSize)
    {
        _sqlite = sqlite;
        _transaction = transaction;
        _cacheSize = cacheSize;
    }

    /// <summary>Begins a bulk write to the tables of the given entities, each with the number of rows it is about to receive.</summary>
    public static async Task<BulkLoad> BeginAsync(LoudouDbContext db, IReadOnlyList<(Type Entity, long NewRows)> tables, CancellationToken cancellationToken = default)
    {
        if (db.Database.GetDbConnection() is not SqliteConnection sqlite)
        {
            return new BulkLoad(null, null, 0);
        }
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Bulk writes run inside a transaction.");
        var cacheSize = Convert.ToInt64(await ScalarAsync(sqlite, transaction, "PRAGMA cache_size", cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        var load = new BulkLoad(sqlite, transaction, cacheSize);
        await load.ExecuteAsync($"PRAGMA cache_size = -{CacheKibibytes}", cancellationToken);
        foreach (var (entity, newRows) in tables)
        {
            var table = (db.Model.FindEntityType(entity) ?? throw new ArgumentException($"{entity.Name} is not mapped.")).GetTableName()!;
            if (newRows < RebuildThreshold)
            {
                continue;
            }
            var stored = Convert.ToInt64(await ScalarAsync(sqlite, transaction, $"SELECT count(*) FROM \"{table}\"", cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
            if (newRows < stored)
            {
                continue;
            }
            // Automatic indexes (a UNIQUE or PRIMARY KEY constraint) have no SQL and cannot be dropped; they stay.
            await using var command = sqlite.CreateCommand();
            command.Transaction = (SqliteTransaction)transaction;
            command.CommandText = "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = $table AND sql IS NOT NULL ORDER BY name";
            command.Parameters.AddWithValue("$table", table);
            var indexes = new List<(string Name, string Sql)>();
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    indexes.Add((reader.GetString(0), reader.GetString(1)));
                }
            }
            foreach (var (name, sql) in indexes)
            {
                await load.ExecuteAsync($"DROP INDEX \"{name}\"", cancellationToken);
                load._dropped.Add(sql);
            }
        }
        return load;
    }

    /// <summary>Builds the dropped indexes again; a unique index that the new rows break fails here, and the transaction with it.</summary>
    public async Task CompleteAsync(CancellationToken cancellationToken = default)
    {
        foreach (var sql in _dropped)
        {
            await ExecuteAsync(sql, cancellationToken);
        }
    }

    /// <summary>Puts the page cache back.</summary>
    /// <remarks>
    /// Dropped indexes come back with <see cref="CompleteAsync"/> or with the rollback of the
    /// transaction; the caller commits only after the first. The import tests check the indexes
    /// after a bulk import.
    /// </remarks>
    public async ValueTask DisposeAsync()
    {
        if (_sqlite is not null && _sqlite.State == System.Data.ConnectionState.Open)
        {
            await ExecuteAsync($"PRAGMA cache_size = {_cacheSize}", CancellationToken.None);
        }
    }

    private async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        await using var command = _sqlite!.CreateCommand();
        // After the commit (or a rollback) the pragma runs on its own.
        command.Transaction = _transaction?.Connection is null ? null : (SqliteTransaction?)_transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<object?> ScalarAsync(SqliteConnection connection, DbTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = (SqliteTransaction)transaction;
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(cancellationToken);
    }
}
