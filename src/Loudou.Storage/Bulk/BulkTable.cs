using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Loudou.Storage.Bulk;

/// <summary>Appends many rows to one table inside the context's current transaction, without change tracking.</summary>
/// <remarks>
/// SQLite gets one prepared INSERT re-run per row; PostgreSQL gets binary COPY. Column names come
/// from the EF model, so the bulk path and EF always agree on the schema, and values are bound as
/// the same CLR types EF binds (UTC <see cref="DateTime"/>, <see cref="decimal"/>,
/// <see cref="DateOnly"/>, enum names as text), so rows written here read back through EF exactly as
/// rows EF wrote. PostgreSQL allows one COPY per connection at a time: complete a table before
/// opening the next. Identity sequences are not advanced by explicit ids; call
/// <see cref="ResetIdentityAsync"/> afterwards.
/// </remarks>
public abstract class BulkTable : IAsyncDisposable
{
    public long Rows { get; protected set; }

    /// <summary>Opens a bulk append to the table of <typeparamref name="TEntity"/>, naming EF properties (shadow ones too).</summary>
    public static Task<BulkTable> OpenAsync<TEntity>(LoudouDbContext db, IReadOnlyList<string> properties, CancellationToken cancellationToken = default) =>
        OpenAsync(db, typeof(TEntity), properties, cancellationToken);

    /// <summary>Opens a bulk append to the table of an entity type; on SQLite several may be open at once.</summary>
    public static async Task<BulkTable> OpenAsync(LoudouDbContext db, Type entityType, IReadOnlyList<string> properties, CancellationToken cancellationToken = default)
    {
        var entity = db.Model.FindEntityType(entityType) ?? throw new ArgumentException($"{entityType.Name} is not mapped.");
        var table = entity.GetTableName()!;
        var columns = properties.Select(p => (entity.FindProperty(p) ?? throw new ArgumentException($"{entityType.Name}.{p} is not mapped.")).GetColumnName()).ToList();
        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Bulk writes run inside a transaction.");
        return connection switch
        {
            SqliteConnection sqlite => new SqliteBulkTable(sqlite, transaction, table, columns),
            NpgsqlConnection postgres => await PostgresBulkTable.OpenAsync(postgres, table, columns, cancellationToken),
            _ => throw new NotSupportedException(connection.GetType().Name),
        };
    }

    /// <summary>Moves a PostgreSQL identity sequence past the largest id written; nothing to do on SQLite.</summary>
    public static async Task ResetIdentityAsync<TEntity>(LoudouDbContext db, CancellationToken cancellationToken = default)
    {
        if (db.Database.GetDbConnection() is not NpgsqlConnection)
        {
            return;
        }
        var entity = db.Model.FindEntityType(typeof(TEntity))!;
        var table = entity.GetTableName()!;
        var id = entity.FindPrimaryKey()!.Properties.Single().GetColumnName();
#pragma warning disable EF1002 // table and column names come from the model, not from input
        await db.Database.ExecuteSqlRawAsync(
            $"SELECT setval(pg_get_serial_sequence('{table}', '{id}'), GREATEST((SELECT max({id}) FROM {table}), 1))", cancellationToken);
#pragma warning restore EF1002
    }

    /// <summary>Appends one row; values in the order of the properties given to <see cref="OpenAsync"/>.</summary>
    public abstract ValueTask AddAsync(object?[] values, CancellationToken cancellationToken = default);

    /// <summary>Ends the table's rows; required before another table is opened on PostgreSQL.</summary>
    public abstract ValueTask CompleteAsync(CancellationToken cancellationToken = default);

    public abstract ValueTask DisposeAsync();

    /// <summary>The value as EF stores it: moments as UTC <see cref="DateTime"/> to the microsecond.</summary>
    protected static object? Stored(object? value) => value switch
    {
        DateTimeOffset moment => UtcDateTimeOffsetConverter.ToStored(moment),
        Enum e => e.ToString(),
        _ => value,
    };

    private sealed class SqliteBulkTable : BulkTable
    {
        private readonly SqliteCommand _command;

        public SqliteBulkTable(SqliteConnection connection, DbTransaction transaction, string table, IReadOnlyList<string> columns)
        {
            _command = connection.CreateCommand();
            _command.Transaction = (SqliteTransaction)transaction;
            _command.CommandText = $"INSERT INTO \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) VALUES ({string.Join(", ", columns.Select((_, i) => "$p" + i))})";
            for (var i = 0; i < columns.Count; i++)
            {
                _command.Parameters.Add(new SqliteParameter("$p" + i, null));
            }
            _command.Prepare();
        }

        public override ValueTask AddAsync(object?[] values, CancellationToken cancellationToken = default)
        {
            for (var i = 0; i < values.Length; i++)
            {
                _command.Parameters[i].Value = Stored(values[i]) ?? DBNull.Value;
            }
            // Synchronous on purpose: SQLite has no async I/O and the async wrapper costs per row.
            _command.ExecuteNonQuery();
            Rows++;
            return ValueTask.CompletedTask;
        }

        public override ValueTask CompleteAsync(CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

        public override ValueTask DisposeAsync() => _command.DisposeAsync();
    }

    private sealed class PostgresBulkTable(NpgsqlBinaryImporter importer) : BulkTable
    {
        private bool _completed;

        public static async Task<BulkTable> OpenAsync(NpgsqlConnection connection, string table, IReadOnlyList<string> columns, CancellationToken cancellationToken)
        {
            var importer = await connection.BeginBinaryImportAsync(
                $"COPY \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) FROM STDIN (FORMAT BINARY)", cancellationToken);
            // A million rows' COPY ends with the server updating every index, which takes longer
            // than the connection's 30 s command timeout on a busy machine.
            importer.Timeout = TimeSpan.FromHours(2);
            return new PostgresBulkTable(importer);
        }

        public override async ValueTask AddAsync(object?[] values, CancellationToken cancellationToken = default)
        {
            await importer.StartRowAsync(cancellationToken);
            foreach (var value in values)
            {
                if (Stored(value) is { } stored)
                {
                    await importer.WriteAsync(stored, cancellationToken);
                }
                else
                {
                    await importer.WriteNullAsync(cancellationToken);
                }
            }
            Rows++;
        }

        public override async ValueTask CompleteAsync(CancellationToken cancellationToken = default)
        {
            if (!_completed)
            {
                await importer.CompleteAsync(cancellationToken);
                _completed = true;
            }
        }

        public override ValueTask DisposeAsync() => importer.DisposeAsync();
    }
}
