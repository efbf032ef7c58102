using System.Diagnostics;
using Loudou.Storage.Bulk;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Loudou.Storage.Backup;

/// <summary>What a backup wrote.</summary>
/// <param name="SchemaVersion">The last migration of the database backed up.</param>
public sealed record BackupResult(string File, long Bytes, string SchemaVersion, long Deals, long Users, TimeSpan Took);

/// <summary>What a restore did.</summary>
/// <param name="SchemaVersion">The backup's schema version.</param>
/// <param name="Migrated">Migrations applied after the restore, because the backup was made by an older Loudou.</param>
public sealed record RestoreResult(string SchemaVersion, long Deals, long Users, IReadOnlyList<string> Migrated, TimeSpan Took);

/// <summary>Backs a database up to one file and restores such a file into an empty database of the same provider.</summary>
/// <remarks>
/// SQLite: SQLite's online backup API copies the database in one read transaction, so the copy is consistent
/// while the web host goes on writing. PostgreSQL: pg_dump in its custom format (also one consistent snapshot),
/// after checking that the client is not older than the server; pg_restore puts it back. A backup is written
/// beside its name and moved into place when complete, so a failed one never leaves a file that looks whole.
/// Restore refuses a database that holds deals or users, or tables that are not Loudou's, and a backup of a
/// newer schema than this Loudou knows; a backup of an older schema is migrated after the restore. Restoring
/// a SQLite backup into PostgreSQL or the reverse is not supported (docs/operations.md).
/// </remarks>
public sealed class DatabaseBackup(PostgresTools tools)
{
    public async Task<BackupResult> BackupAsync(DatabaseTarget source, string outFile, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var destination = Path.GetFullPath(outFile);
        if (Directory.Exists(destination))
        {
            throw new BackupRefusedException($"{destination} is a directory: name the backup file to write.");
        }
        if (File.Exists(destination))
        {
            throw new BackupRefusedException($"{destination} exists: a backup never overwrites a file; name a new one.");
        }
        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        var partial = destination + ".partial";
        File.Delete(partial);
        try
        {
            var contents = source.Provider == DatabaseProvider.Sqlite
                ? await BackupSqliteAsync(source, partial, cancellationToken)
                : await BackupPostgresAsync(source, partial, cancellationToken);
            if (contents.SchemaVersion is not { } schema)
            {
                throw new BackupRefusedException($"{source.Describe()} is not a Loudou database (it has no {DatabaseContents.MigrationsTable}): nothing was written.");
            }
            File.Move(partial, destination);
            return new BackupResult(destination, new FileInfo(destination).Length, schema, contents.Deals, contents.Users, clock.Elapsed);
        }
        finally
        {
            File.Delete(partial);
        }
    }

    public async Task<RestoreResult> RestoreAsync(string file, DatabaseTarget target, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var archive = await BackupArchive.ReadAsync(file, tools, cancellationToken);
        if (archive.Provider != target.Provider)
        {
            throw new BackupRefusedException(
                $"{archive.Path} is a {Name(archive.Provider)} backup and {target.Describe()} a {Name(target.Provider)} database: a backup is restored into a database "
                + $"of the provider that made it (to move between providers, export and import instead; docs/operations.md).");
        }
        await using var db = LoudouDatabase.CreateContext(target);
        var known = db.Database.GetMigrations().ToList();
        var newer = archive.Migrations.Except(known, StringComparer.Ordinal).ToList();
        if (newer.Count > 0)
        {
            throw new BackupRefusedException(
                $"{archive.Path} is of a newer schema ({archive.SchemaVersion}) than this Loudou knows (its latest is {known[^1]}; unknown: {string.Join(", ", newer)}): "
                + "restore it with the version of Loudou that made it, or a newer one.");
        }
        await LoudouDatabase.TranslateErrors(target, async () =>
        {
            var present = await CheckTargetAsync(db, target, known, cancellationToken);
            if (target.Provider == DatabaseProvider.Sqlite)
            {
                RestoreSqlite(archive.Path, target);
            }
            else
            {
                await RestorePostgresAsync(archive.Path, target, present, cancellationToken);
            }
            return 0;
        }, "restore into");
        await using var restored = LoudouDatabase.CreateContext(target);
        var migrated = await LoudouDatabase.MigrateAsync(restored, target, cancellationToken);
        // pg_restore brings the rows back but not the planner's statistics (a SQLite copy has them, but refreshing costs little).
        await TableStatistics.RefreshAllAsync(restored, CancellationToken.None);
        var connection = restored.Database.GetDbConnection();
        await restored.Database.OpenConnectionAsync(cancellationToken);
        var after = await DatabaseContents.ReadAsync(connection, target.Provider, cancellationToken);
        return new RestoreResult(archive.SchemaVersion!, after.Deals, after.Users, migrated, clock.Elapsed);
    }

    /// <summary>Refuses a target that is not empty, holds other tables or a newer schema; returns the Loudou tables it has now.</summary>
    private static async Task<IReadOnlyList<string>> CheckTargetAsync(LoudouDbContext db, DatabaseTarget target, IReadOnlyList<string> known, CancellationToken cancellationToken)
    {
        if (target.Provider == DatabaseProvider.Sqlite && !File.Exists(target.SqlitePath))
        {
            return [];
        }
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var contents = await DatabaseContents.ReadAsync(connection, target.Provider, cancellationToken);
            var loudou = DatabaseContents.LoudouTables(db);
            var foreign = contents.Tables.Where(t => !DatabaseContents.IsLoudouTable(t, loudou)).ToList();
            if (foreign.Count > 0)
            {
                throw new BackupRefusedException(
                    $"{target.Describe()} holds tables that are not Loudou's ({string.Join(", ", foreign.Take(10))}): restore into a database of Loudou's own; nothing was changed.");
            }
            var unknown = contents.Migrations.Except(known, StringComparer.Ordinal).ToList();
            if (unknown.Count > 0)
            {
                throw new BackupRefusedException($"{target.Describe()} is of a newer schema ({contents.SchemaVersion}) than this Loudou knows: nothing was changed.");
            }
            if (!contents.IsEmpty)
            {
                throw new BackupRefusedException(
                    $"{target.Describe()} is not empty: it holds {contents.Deals:N0} deal(s) and {contents.Users:N0} user(s). A backup is restored only into an empty database "
                    + "(no deals and no users: a new one, or one that `loudou db migrate` just set up); nothing was changed.");
            }
            return contents.Tables;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task<DatabaseContents> BackupSqliteAsync(DatabaseTarget source, string partial, CancellationToken cancellationToken)
    {
        if (!File.Exists(source.SqlitePath))
        {
            throw new BackupRefusedException($"no database at {source.SqlitePath}: check --db.");
        }
        await LoudouDatabase.TranslateErrors(source, async () =>
        {
            await using var from = new SqliteConnection(source.ConnectionString);
            await using var to = new SqliteConnection(Unpooled(partial));
            await from.OpenAsync(cancellationToken);
            await to.OpenAsync(cancellationToken);
            from.BackupDatabase(to);
            // The copy is one self-contained file: the live database's write-ahead log mode is not carried over.
            await using var journal = to.CreateCommand();
            journal.CommandText = "PRAGMA journal_mode=DELETE;";
            await journal.ExecuteNonQueryAsync(cancellationToken);
            return 0;
        }, "back up");
        await using var copy = new SqliteConnection(Unpooled(partial));
        await copy.OpenAsync(cancellationToken);
        return await DatabaseContents.ReadAsync(copy, DatabaseProvider.Sqlite, cancellationToken);
    }

    private async Task<DatabaseContents> BackupPostgresAsync(DatabaseTarget source, string partial, CancellationToken cancellationToken)
    {
        var pgDump = tools.PgDump;
        var contents = await LoudouDatabase.TranslateErrors(source, async () =>
        {
            await using var connection = new NpgsqlConnection(source.ConnectionString);
            await connection.OpenAsync(cancellationToken);
            PostgresTools.CheckClientVersion(pgDump, await PostgresTools.MajorVersionAsync(pgDump, cancellationToken), await PostgresTools.ServerMajorVersionAsync(connection, cancellationToken));
            return await DatabaseContents.ReadAsync(connection, DatabaseProvider.Postgres, cancellationToken);
        }, "back up");
        var run = await ExternalProgram.RunAsync(pgDump, ["--format=custom", "--file=" + partial], PostgresTools.Environment(source.ConnectionString), cancellationToken);
        if (run.ExitCode != 0)
        {
            throw new BackupRefusedException($"pg_dump of {source.Describe()} failed (exit {run.ExitCode}): {run.ErrorSummary}");
        }
        return contents;
    }

    private static void RestoreSqlite(string file, DatabaseTarget target)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(target.SqlitePath)!);
        SqliteConnection.ClearAllPools();
        using var from = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        using var to = new SqliteConnection(Unpooled(target.SqlitePath));
        from.Open();
        to.Open();
        // The backup API replaces the destination's every page: the seeded settings and pipeline go with them.
        from.BackupDatabase(to);
    }

    private async Task RestorePostgresAsync(string file, DatabaseTarget target, IReadOnlyList<string> present, CancellationToken cancellationToken)
    {
        var pgRestore = tools.PgRestore;
        await using (var connection = new NpgsqlConnection(target.ConnectionString))
        {
            await connection.OpenAsync(cancellationToken);
            PostgresTools.CheckClientVersion(pgRestore, await PostgresTools.MajorVersionAsync(pgRestore, cancellationToken), await PostgresTools.ServerMajorVersionAsync(connection, cancellationToken));
            if (present.Count > 0)
            {
                // Only Loudou's own tables are here (checked), and they hold no deal and no user: the backup's replace them.
                await using var drop = new NpgsqlCommand($"DROP TABLE IF EXISTS {string.Join(", ", present.Select(t => "\"" + t + "\""))} CASCADE", connection);
                await drop.ExecuteNonQueryAsync(cancellationToken);
            }
        }
        NpgsqlConnection.ClearAllPools();
        var environment = PostgresTools.Environment(target.ConnectionString);
        var run = await ExternalProgram.RunAsync(pgRestore,
            ["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction", "--dbname=" + environment["PGDATABASE"], file], environment, cancellationToken);
        if (run.ExitCode != 0)
        {
            throw new BackupRefusedException(
                $"pg_restore into {target.Describe()} failed (exit {run.ExitCode}): {run.ErrorSummary}. The database was left without Loudou's tables; "
                + "restore again once the cause is fixed, or run `loudou db migrate` to set it up empty.");
        }
    }

    private static string Unpooled(string path) => new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString();

    private static string Name(DatabaseProvider provider) => provider == DatabaseProvider.Sqlite ? "SQLite" : "PostgreSQL";
}
