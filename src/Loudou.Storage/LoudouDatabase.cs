using System.Net.Sockets;
using Loudou.Core.Access;
using Loudou.Storage.Access;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Loudou.Storage;

/// <summary>Opens Loudou's database: provider set-up, migrations, and errors that say which database and why.</summary>
/// <remarks>
/// The embedded SQLite file is a private file of one installation, so it is created and migrated
/// whenever it is opened. A server database changes schema only through <c>loudou db migrate</c>
/// (or the opt-in <c>Loudou:Database:MigrateOnStartup</c>); opening one that is behind fails with
/// <see cref="DatabaseNotMigratedException"/> instead of silently altering a shared server.
/// </remarks>
public static class LoudouDatabase
{
    public const string SqliteMigrationsAssembly = "Loudou.Storage.Sqlite";
    public const string PostgresMigrationsAssembly = "Loudou.Storage.Postgres";

    /// <summary>Sets the provider, its migrations assembly and the naming convention.</summary>
    /// <remarks>Split queries: a deal loaded with history, products and tags would otherwise multiply rows.</remarks>
    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder options, DatabaseTarget target)
    {
        _ = target.Provider switch
        {
            DatabaseProvider.Sqlite => options.UseSqlite(target.ConnectionString, o => o.MigrationsAssembly(SqliteMigrationsAssembly).UseQuerySplittingBehavior(QuerySplittingBehavior.SplitQuery)),
            DatabaseProvider.Postgres => options.UseNpgsql(target.ConnectionString, o => o.MigrationsAssembly(PostgresMigrationsAssembly).UseQuerySplittingBehavior(QuerySplittingBehavior.SplitQuery)),
            _ => throw new ArgumentOutOfRangeException(nameof(target)),
        };
        // Every context records its changes to what the funnel reads, whoever opens it (docs/web.md, Analytics).
        return options.UseSnakeCaseNamingConvention().AddInterceptors(Analytics.AnalyticsChangeRecorder.Instance);
    }

    /// <summary>A context outside dependency injection with the operator's scope, which sees every row.</summary>
    /// <remarks>For the command line, start-up and tests: whoever holds the database's connection string.</remarks>
    public static LoudouDbContext CreateContext(DatabaseTarget target, TimeProvider? clock = null) =>
        CreateContext(target, AccessScope.Everything, clock);

    /// <summary>A context outside dependency injection whose queries run in <paramref name="scope"/>.</summary>
    public static LoudouDbContext CreateContext(DatabaseTarget target, AccessScope scope, TimeProvider? clock = null)
    {
        var options = new DbContextOptionsBuilder<LoudouDbContext>();
        Configure(options, target).AddInterceptors(new AuditingInterceptor(clock ?? TimeProvider.System));
        return new LoudouDbContext(options.Options, new FixedAccessScope(scope));
    }

    /// <summary>Makes the database ready to use: SQLite is created and migrated; a server database is checked.</summary>
    /// <param name="migrateServer">Also migrate a server database (the opt-in setting).</param>
    /// <exception cref="DatabaseUnavailableException">It cannot be opened.</exception>
    /// <exception cref="DatabaseNotMigratedException">A server database is behind and <paramref name="migrateServer"/> is false.</exception>
    public static async Task OpenAsync(LoudouDbContext db, DatabaseTarget target, bool migrateServer, CancellationToken cancellationToken = default)
    {
        if (target.Provider == DatabaseProvider.Sqlite)
        {
            await MigrateAsync(db, target, cancellationToken);
            return;
        }
        var pending = await TranslateErrors(target, () => db.Database.GetPendingMigrationsAsync(cancellationToken));
        if (pending.Any())
        {
            if (!migrateServer)
            {
                throw new DatabaseNotMigratedException(target.Describe(), [.. pending]);
            }
            await MigrateAsync(db, target, cancellationToken);
        }
    }

    /// <summary>Opens the database (<see cref="OpenAsync"/>) and makes sure it holds a workspace.</summary>
    /// <returns>True when the workspace was created now.</returns>
    public static async Task<bool> OpenWorkspaceAsync(LoudouDbContext db, DatabaseTarget target, bool migrateServer, WorkspaceDefaults defaults, CancellationToken cancellationToken = default)
    {
        await OpenAsync(db, target, migrateServer, cancellationToken);
        return await EnsureWorkspaceAsync(db, target, defaults, cancellationToken);
    }

    /// <summary>Creates the workspace in a migrated database that has none (<see cref="WorkspaceSeeder"/>).</summary>
    public static Task<bool> EnsureWorkspaceAsync(LoudouDbContext db, DatabaseTarget target, WorkspaceDefaults defaults, CancellationToken cancellationToken = default) =>
        TranslateErrors(target, () => WorkspaceSeeder.EnsureAsync(db, defaults, cancellationToken), "set up");

    /// <summary>Applies every pending migration.</summary>
    /// <returns>The migrations applied, oldest first; empty when the database was up to date.</returns>
    public static async Task<IReadOnlyList<string>> MigrateAsync(LoudouDbContext db, DatabaseTarget target, CancellationToken cancellationToken = default)
    {
        if (target.Provider == DatabaseProvider.Sqlite)
        {
            PrepareSqliteFile(target);
        }
        return await TranslateErrors(target, async () =>
        {
            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            await db.Database.MigrateAsync(cancellationToken);
            if (target.Provider == DatabaseProvider.Sqlite)
            {
                // WAL lets the web host read while the CLI or an import writes.
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
            }
            return pending;
        });
    }

    private static void PrepareSqliteFile(DatabaseTarget target)
    {
        var path = target.SqlitePath;
        if (Directory.Exists(path))
        {
            throw new DatabaseUnavailableException(target.Describe(), "the path is a directory, not a SQLite file.");
        }
        var directory = Path.GetDirectoryName(path);
        if (string.IsNullOrEmpty(directory) || Directory.Exists(directory))
        {
            return;
        }
        try
        {
            Directory.CreateDirectory(directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DatabaseUnavailableException(target.Describe(), $"its directory {directory} cannot be created: {e.Message}");
        }
    }

    /// <summary>Runs a database call, turning driver errors into one message naming the database.</summary>
    /// <param name="verb">What was being done, for the message: "Cannot {verb} {database}: {reason}".</param>
    /// <remarks>
    /// A failed save arrives wrapped in <see cref="DbUpdateException"/>; the driver's error inside
    /// it is what says why (locked, constraint, connection lost). Concurrency conflicts are not
    /// translated: callers handle them as the expected outcome they are.
    /// </remarks>
    public static async Task<T> TranslateErrors<T>(DatabaseTarget target, Func<Task<T>> action, string verb = "open")
    {
        try
        {
            return await action();
        }
        catch (DbUpdateException e) when (e is not DbUpdateConcurrencyException && e.InnerException is SqliteException or NpgsqlException)
        {
            throw Translate(target, e.InnerException, verb);
        }
        catch (Exception e) when (e is SqliteException or NpgsqlException or IOException or UnauthorizedAccessException or SocketException or TimeoutException)
        {
            throw Translate(target, e, verb);
        }
    }

    private static DatabaseUnavailableException Translate(DatabaseTarget target, Exception e, string verb) => new(
        target.Describe(),
        e switch
        {
            SqliteException sqlite => SqliteReason(sqlite),
            NpgsqlException postgres => PostgresReason(postgres),
            _ => e.Message,
        },
        verb);

    private static string SqliteReason(SqliteException e) => e.SqliteErrorCode switch
    {
        14 => "the file cannot be opened (check that the path and its directory are writable).",
        26 => "the file exists but is not a SQLite database.",
        8 => "the file is read-only.",
        5 => "the database is locked by another process.",
        _ => e.Message.Replace("SQLite Error ", "error ", StringComparison.Ordinal),
    };

    private static string PostgresReason(NpgsqlException e) => e switch
    {
        PostgresException p => $"{p.MessageText} ({p.SqlState}).",
        { InnerException: SocketException s } => $"no server answers ({s.Message}).",
        { InnerException: TimeoutException } => "the server did not answer in time.",
        _ => e.Message,
    };
}
