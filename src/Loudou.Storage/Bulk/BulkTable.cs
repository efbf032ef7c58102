using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using SQLitePCL;

namespace Loudou.Storage.Bulk;

/// <summary>Appends many rows to one table inside the context's current transaction, without change tracking.</summary>
/// <remarks>
/// SQLite gets one prepared INSERT re-run per row, bound by position; PostgreSQL gets binary COPY.
/// Column names come from the EF model, so the bulk path and EF always agree on the schema, and
/// values are stored as EF stores the same CLR types (UTC <see cref="DateTime"/>,
/// <see cref="decimal"/>, <see cref="DateOnly"/>, enum names as text), so rows written here read
/// back through EF exactly as rows EF wrote. PostgreSQL allows one COPY per connection at a time:
/// complete a table and dispose of it before opening the next or committing. Identity sequences
/// are not advanced by explicit ids; call <see cref="ResetIdentityAsync"/> afterwards.
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
            SqliteConnection sqlite => new SqliteBulkTable(sqlite, table, columns),
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

    /// <summary>One prepared INSERT run per row straight through SQLite's C interface, binding by position.</summary>
    /// <remarks>
    /// Microsoft.Data.Sqlite looks every parameter up by name on every execution, which costs more
    /// than the insert itself at a million rows. Values are bound as it binds them (integers,
    /// reals, and text in its exact formats for moments, dates and decimals: see
    /// <see cref="SqliteText"/>), so EF reads these rows exactly as rows it wrote; a test compares
    /// the stored text of both.
    /// </remarks>
    private sealed class SqliteBulkTable : BulkTable
    {
        private readonly SqliteConnection _connection;
        private readonly sqlite3_stmt _statement;
        private readonly char[] _buffer = new char[64];

        public SqliteBulkTable(SqliteConnection connection, string table, IReadOnlyList<string> columns)
        {
            _connection = connection;
            var sql = $"INSERT INTO \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) VALUES ({string.Join(", ", columns.Select(_ => "?"))})";
            var rc = raw.sqlite3_prepare_v2(connection.Handle, sql, out _statement);
            SqliteException.ThrowExceptionForRC(rc, connection.Handle);
        }

        public override ValueTask AddAsync(object?[] values, CancellationToken cancellationToken = default)
        {
            for (var i = 0; i < values.Length; i++)
            {
                var rc = Bind(i + 1, Stored(values[i]));
                SqliteException.ThrowExceptionForRC(rc, _connection.Handle);
            }
            // Synchronous on purpose: SQLite has no async I/O and the async wrapper costs per row.
            var step = raw.sqlite3_step(_statement);
            raw.sqlite3_reset(_statement);
            if (step != raw.SQLITE_DONE)
            {
                SqliteException.ThrowExceptionForRC(step, _connection.Handle);
            }
            Rows++;
            return ValueTask.CompletedTask;
        }

        private int Bind(int index, object? value)
        {
            switch (value)
            {
                case null:
                    return raw.sqlite3_bind_null(_statement, index);
                case string text:
                    return raw.sqlite3_bind_text16(_statement, index, text);
                case long number:
                    return raw.sqlite3_bind_int64(_statement, index, number);
                case int number:
                    return raw.sqlite3_bind_int64(_statement, index, number);
                case bool flag:
                    return raw.sqlite3_bind_int64(_statement, index, flag ? 1 : 0);
                case double real:
                    return raw.sqlite3_bind_double(_statement, index, real);
                case DateTime moment:
                    return BindText(index, SqliteText.Moment(moment, _buffer));
                case DateOnly date:
                    return BindText(index, SqliteText.Date(date, _buffer));
                case decimal number:
                    return BindText(index, SqliteText.Decimal(number, _buffer));
                default:
                    throw new NotSupportedException($"A bulk write does not store {value.GetType().Name} values.");
            }
        }

        /// <summary>Binds the first <paramref name="length"/> characters that <see cref="SqliteText"/> wrote to the buffer.</summary>
        private int BindText(int index, int length) => raw.sqlite3_bind_text16(_statement, index, _buffer.AsSpan(0, length));

        public override ValueTask CompleteAsync(CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

        public override ValueTask DisposeAsync()
        {
            _statement.Dispose();
            return ValueTask.CompletedTask;
        }
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
