using System.Text;
using Microsoft.Data.Sqlite;

namespace Loudou.Storage.Backup;

/// <summary>A backup file as restore reads it: which provider made it, and the migrations its schema has.</summary>
/// <remarks>
/// A SQLite backup is a SQLite database, a PostgreSQL backup an archive of pg_dump's custom format; both hold
/// __EFMigrationsHistory, whose last row is the schema version. Nothing else is added to the file, so that either
/// can be read with the provider's own tools as well (sqlite3, pg_restore --list).
/// </remarks>
public sealed record BackupArchive(string Path, DatabaseProvider Provider, IReadOnlyList<string> Migrations)
{
    private static readonly byte[] SqliteMagic = Encoding.ASCII.GetBytes("SQLite format 3\0");
    private static readonly byte[] PgDumpMagic = Encoding.ASCII.GetBytes("PGDMP");

    public string? SchemaVersion => Migrations.Count == 0 ? null : Migrations[^1];

    /// <summary>The file extension scheduled backups get for a provider: .db (SQLite) or .dump (pg_dump's custom format).</summary>
    public static string Extension(DatabaseProvider provider) => provider == DatabaseProvider.Sqlite ? ".db" : ".dump";

    /// <summary>Reads what a backup file is and which schema it carries.</summary>
    /// <exception cref="BackupRefusedException">The file is missing, of neither kind, or holds no Loudou schema.</exception>
    public static async Task<BackupArchive> ReadAsync(string path, PostgresTools tools, CancellationToken cancellationToken)
    {
        var full = System.IO.Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw new BackupRefusedException($"{full}: no such file.");
        }
        var head = new byte[16];
        int read;
        await using (var stream = File.OpenRead(full))
        {
            read = await stream.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken);
        }
        DatabaseProvider provider;
        IReadOnlyList<string> migrations;
        if (read >= SqliteMagic.Length && head.AsSpan(0, SqliteMagic.Length).SequenceEqual(SqliteMagic))
        {
            provider = DatabaseProvider.Sqlite;
            migrations = await SqliteMigrationsAsync(full, cancellationToken);
        }
        else if (read >= PgDumpMagic.Length && head.AsSpan(0, PgDumpMagic.Length).SequenceEqual(PgDumpMagic))
        {
            provider = DatabaseProvider.Postgres;
            migrations = await PostgresMigrationsAsync(full, tools, cancellationToken);
        }
        else
        {
            throw new BackupRefusedException($"{full} is not a Loudou backup: neither a SQLite database nor an archive of pg_dump's custom format.");
        }
        return migrations.Count > 0
            ? new BackupArchive(full, provider, migrations)
            : throw new BackupRefusedException($"{full} holds no Loudou schema (no {DatabaseContents.MigrationsTable} rows): it is not a backup that `loudou backup` made.");
    }

    private static async Task<IReadOnlyList<string>> SqliteMigrationsAsync(string path, CancellationToken cancellationToken)
    {
        var connectionString = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString();
        await using var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return (await DatabaseContents.ReadAsync(connection, DatabaseProvider.Sqlite, cancellationToken)).Migrations;
        }
        catch (SqliteException e)
        {
            throw new BackupRefusedException($"{path} cannot be read as a SQLite database: {e.Message}");
        }
    }

    /// <summary>The migrations table's rows, as pg_restore writes them out (a COPY block) without any database.</summary>
    private static async Task<IReadOnlyList<string>> PostgresMigrationsAsync(string path, PostgresTools tools, CancellationToken cancellationToken)
    {
        var pgRestore = tools.PgRestore;
        var run = await ExternalProgram.RunAsync(pgRestore, ["--data-only", "--table=" + DatabaseContents.MigrationsTable, "--file=-", path], new Dictionary<string, string>(), cancellationToken);
        if (run.ExitCode != 0)
        {
            throw new BackupRefusedException($"{path} cannot be read by {pgRestore} (PostgreSQL {await PostgresTools.MajorVersionAsync(pgRestore, cancellationToken)}): {run.ErrorSummary}");
        }
        var migrations = new List<string>();
        var inCopy = false;
        foreach (var line in run.Output.Split('\n'))
        {
            if (line.StartsWith("COPY ", StringComparison.Ordinal) && line.Contains(DatabaseContents.MigrationsTable, StringComparison.Ordinal))
            {
                inCopy = true;
            }
            else if (inCopy && line == "\\.")
            {
                break;
            }
            else if (inCopy && line.Length > 0)
            {
                migrations.Add(line.Split('\t')[0]);
            }
        }
        return [.. migrations.Order(StringComparer.Ordinal)];
    }
}
