using System.Diagnostics;
using System.Globalization;
using Loudou.Core.Catalog;
using Loudou.Core.Deals;
using Loudou.Core.Workspace;
using Loudou.Storage;
using Loudou.Storage.Bulk;
using Loudou.Storage.Pipelines;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Loudou.Bench.Web;

/// <summary>Puts the issue 6 workload (deals.csv, events.csv of <c>loudou-bench generate</c>) into a real Loudou database.</summary>
/// <remarks>
/// The schema comes from the product's migrations and the workspace from its seeder, as <c>loudou db migrate</c> and the
/// host make them. On top: the <see cref="PipelineKey"/> pipeline (stages s0–s4 Open, won, lost, no gates, made the
/// default), 20 channels ch00–ch19, 200 reps o000–o199 in 20 teams t00–t19 (the workload has no teams: owner k is in team
/// k mod 20), an admin <see cref="AdminLogin"/>, then the deals and their history in one transaction through
/// <see cref="BulkTable"/> (prepared INSERTs on SQLite with the indexes rebuilt after, binary COPY on PostgreSQL), the
/// path <c>loudou demo</c> writes by. Bulk rows bypass EF, so the analytics change sequence gets no row per deal. The
/// workspace's name records the workload, so a later run reuses a database that holds the same one.
/// </remarks>
public static class WorkloadDatabase
{
    public const string PipelineKey = "bench";
    public const string AdminLogin = "bench-admin";
    public const int Teams = 20;

    /// <summary>The workload's channels and owners (bench/Loudou.Bench.Compare/Workload.cs).</summary>
    public const int Channels = 20;

    public const int Owners = 200;

    private const string Source = "bench";

    private const string PipelineJson = """
        { "key": "bench", "name": "Bench", "default": true, "stages": [
          { "key": "s0", "name": "Stage 0", "kind": "open", "probability": 0.1 }, { "key": "s1", "name": "Stage 1", "kind": "open", "probability": 0.2 },
          { "key": "s2", "name": "Stage 2", "kind": "open", "probability": 0.3 }, { "key": "s3", "name": "Stage 3", "kind": "open", "probability": 0.4 },
          { "key": "s4", "name": "Stage 4", "kind": "open", "probability": 0.5 }, { "key": "won", "name": "Won", "kind": "won" },
          { "key": "lost", "name": "Lost", "kind": "lost" } ] }
        """;

    /// <summary>What the workspace's name says once the workload is in: the workload's own marker, so a regenerated workload reloads.</summary>
    public static string Stamp(string workloadDirectory) =>
        "loudou-bench-web: " + File.ReadAllText(Path.Combine(workloadDirectory, "workload.txt")).Trim();

    /// <summary>Loads the workload unless the database already holds it; returns whether it loaded.</summary>
    public static async Task<bool> EnsureAsync(DatabaseTarget target, string workloadDirectory, TextWriter log, CancellationToken cancellationToken)
    {
        var stamp = Stamp(workloadDirectory);
        if (await HoldsAsync(target, stamp, cancellationToken))
        {
            // Reused: still bring it to the current schema, as `loudou db migrate` would.
            await using var existing = LoudouDatabase.CreateContext(target);
            await LoudouDatabase.MigrateAsync(existing, target, cancellationToken);
            log.WriteLine($"{target.Describe()} already holds the workload ({stamp}); reused");
            return false;
        }
        await CreateEmptyAsync(target, cancellationToken);
        var watch = Stopwatch.StartNew();
        await using var db = LoudouDatabase.CreateContext(target);
        await LoudouDatabase.MigrateAsync(db, target, cancellationToken);
        await LoudouDatabase.EnsureWorkspaceAsync(db, target, new WorkspaceDefaults(), cancellationToken);
        var (deals, events) = await WriteAsync(db, workloadDirectory, cancellationToken);
        var settings = await db.WorkspaceSettings.SingleAsync(cancellationToken);
        settings.Rename(stamp);
        await db.SaveChangesAsync(cancellationToken);
        // SQLite: leave no multi-gigabyte WAL for the host to replay. PostgreSQL: the statistics autovacuum would gather
        // within a minute or two, so that a run straight after the load plans its queries as a later one does.
        await db.Database.ExecuteSqlRawAsync(target.Provider == DatabaseProvider.Sqlite ? "PRAGMA wal_checkpoint(TRUNCATE)" : "ANALYZE", cancellationToken);
        log.WriteLine($"loaded {deals} deals, {events} stage transitions into {target.Describe()} in {watch.Elapsed.TotalSeconds:F1} s");
        return true;
    }

    private static async Task<bool> HoldsAsync(DatabaseTarget target, string stamp, CancellationToken cancellationToken)
    {
        if (target.Provider == DatabaseProvider.Sqlite ? !File.Exists(target.SqlitePath) : !await PostgresDatabaseExistsAsync(target, cancellationToken))
        {
            return false;
        }
        try
        {
            await using var db = LoudouDatabase.CreateContext(target);
            return await db.WorkspaceSettings.AsNoTracking().Select(s => s.Name).SingleOrDefaultAsync(cancellationToken) == stamp;
        }
        catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException or NpgsqlException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>A new empty database: the SQLite file removed, or the PostgreSQL database dropped and created again.</summary>
    private static async Task CreateEmptyAsync(DatabaseTarget target, CancellationToken cancellationToken)
    {
        if (target.Provider == DatabaseProvider.Sqlite)
        {
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(target.SqlitePath + suffix);
            }
            return;
        }
        var (server, name) = PostgresServer(target);
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync(cancellationToken);
        foreach (var sql in new[] { $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", $"CREATE DATABASE \"{name}\"" })
        {
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static async Task<bool> PostgresDatabaseExistsAsync(DatabaseTarget target, CancellationToken cancellationToken)
    {
        var (server, name) = PostgresServer(target);
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_database WHERE datname = $1", connection) { Parameters = { new() { Value = name } } };
        return (long)(await command.ExecuteScalarAsync(cancellationToken))! > 0;
    }

    /// <summary>The same server's maintenance database, and the name of the target's.</summary>
    private static (string Server, string Name) PostgresServer(DatabaseTarget target)
    {
        var builder = new NpgsqlConnectionStringBuilder(target.ConnectionString);
        var name = builder.Database ?? throw new ArgumentException("the PostgreSQL connection string names no Database");
        if (!name.StartsWith("loudou_bench", StringComparison.Ordinal))
        {
            // It is dropped and created again: only a database made for benchmarks.
            throw new ArgumentException($"the bench database must be named loudou_bench…, was '{name}'");
        }
        builder.Database = "postgres";
        builder.Pooling = false;
        return (builder.ConnectionString, name);
    }

    private static async Task<(long Deals, long Events)> WriteAsync(LoudouDbContext db, string directory, CancellationToken cancellationToken)
    {
        var store = new PipelineStore(db);
        var definition = (await store.ParseAsync(PipelineJson, cancellationToken)).Definition ?? throw new InvalidOperationException("the bench pipeline does not parse");
        var pipeline = (await store.ApplyAsync(definition, cancellationToken)).Pipeline ?? throw new InvalidOperationException("the bench pipeline was refused");
        var settings = await db.WorkspaceSettings.SingleAsync(cancellationToken);
        var now = DateTimeOffset.UtcNow;

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var teams = Enumerable.Range(0, Teams).Select(t => Team.Create($"t{t:00}")).ToList();
        db.Teams.AddRange(teams);
        var channels = Enumerable.Range(0, Channels).Select(c => Channel.Create($"ch{c:00}")).ToList();
        db.Channels.AddRange(channels);
        await db.SaveChangesAsync(cancellationToken);
        // One PBKDF2 hash for every bench user: nobody signs in as them, and 200 hashes would take seconds.
        var hasher = new PasswordHasher<User>();
        var admin = User.Create(AdminLogin, "Bench admin", UserRole.Admin, null);
        var hash = hasher.HashPassword(admin, "bench-" + Guid.NewGuid().ToString("N"));
        admin.SetPasswordHash(hash);
        var owners = Enumerable.Range(0, Owners).Select(o =>
        {
            var user = User.Create($"o{o:000}", $"Owner {o:000}", UserRole.Rep, teams[o % Teams]);
            user.SetPasswordHash(hash);
            return user;
        }).ToList();
        db.Users.Add(admin);
        db.Users.AddRange(owners);
        await db.SaveChangesAsync(cancellationToken);

        var stages = pipeline.Stages;
        var (dealCount, eventCount, last, closedAt) = ReadHistories(Path.Combine(directory, "events.csv"));
        await using var bulk = await BulkLoad.BeginAsync(db, [(typeof(Deal), dealCount), (typeof(StageTransition), eventCount)], cancellationToken);
        long deals;
        await using (var table = await BulkTable.OpenAsync<Deal>(db,
            [nameof(Deal.Id), nameof(Deal.Source), nameof(Deal.ExternalId), nameof(Deal.Name), nameof(Deal.ChannelId), nameof(Deal.OwnerId), nameof(Deal.TeamId),
             nameof(Deal.Amount), nameof(Deal.Currency), nameof(Deal.Probability), nameof(Deal.CreatedAt), nameof(Deal.PipelineId), nameof(Deal.StageId),
             nameof(Deal.ClosedAt), nameof(Deal.Version), "RecordedAt", "UpdatedAt"], cancellationToken))
        {
            foreach (var line in File.ReadLines(Path.Combine(directory, "deals.csv")).Skip(1))
            {
                // deal_id,channel,owner,created_at,amount,outcome: chNN, oNNN, yyyy-MM-dd HH:mm:ss UTC.
                var f = line.Split(',');
                var id = int.Parse(f[0], CultureInfo.InvariantCulture);
                var owner = owners[int.Parse(f[2].AsSpan(1), CultureInfo.InvariantCulture)];
                var stage = stages[last[id]];
                await table.AddAsync(
                [
                    (long)id, Source, "B" + f[0], "Deal " + f[0], channels[int.Parse(f[1].AsSpan(2), CultureInfo.InvariantCulture)].Id, owner.Id, owner.TeamId,
                    decimal.Parse(f[4], CultureInfo.InvariantCulture), settings.BaseCurrency, stage.DefaultProbability, Moment(f[3]), pipeline.Id, stage.Id,
                    stage.IsOpen ? null : new DateTimeOffset(closedAt[id], TimeSpan.Zero), 0, now, now,
                ], cancellationToken);
            }
            await table.CompleteAsync(cancellationToken);
            deals = table.Rows;
        }
        long events;
        await using (var table = await BulkTable.OpenAsync<StageTransition>(db,
            [nameof(StageTransition.DealId), nameof(StageTransition.StageId), nameof(StageTransition.EnteredAt), nameof(StageTransition.ByUserId), nameof(StageTransition.Source)], cancellationToken))
        {
            var ownerOf = OwnerIds(Path.Combine(directory, "deals.csv"), owners, dealCount);
            foreach (var line in File.ReadLines(Path.Combine(directory, "events.csv")).Skip(1))
            {
                var f = line.Split(',');
                var id = int.Parse(f[0], CultureInfo.InvariantCulture);
                await table.AddAsync([(long)id, stages[int.Parse(f[1], CultureInfo.InvariantCulture)].Id, Moment(f[2]), ownerOf[id], TransitionSource.System], cancellationToken);
            }
            await table.CompleteAsync(cancellationToken);
            events = table.Rows;
        }
        await bulk.CompleteAsync(cancellationToken);
        await BulkTable.ResetIdentityAsync<Deal>(db, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (deals, events);
    }

    /// <summary>Each deal's last stage and when it was entered, by deal id (the file lists a deal's rows together, in order).</summary>
    private static (long Deals, long Events, byte[] Last, DateTime[] At) ReadHistories(string path)
    {
        var last = new byte[1024];
        var at = new DateTime[1024];
        long events = 0;
        var maxId = 0;
        foreach (var line in File.ReadLines(path).Skip(1))
        {
            var f = line.Split(',');
            var id = int.Parse(f[0], CultureInfo.InvariantCulture);
            if (id >= last.Length)
            {
                Array.Resize(ref last, Math.Max(id + 1, last.Length * 2));
                Array.Resize(ref at, last.Length);
            }
            last[id] = byte.Parse(f[1], CultureInfo.InvariantCulture);
            at[id] = Moment(f[2]).UtcDateTime;
            maxId = Math.Max(maxId, id);
            events++;
        }
        return (maxId, events, last, at);
    }

    private static int[] OwnerIds(string dealsPath, List<User> owners, long deals)
    {
        var ids = new int[deals + 1];
        foreach (var line in File.ReadLines(dealsPath).Skip(1))
        {
            var f = line.Split(',', 4);
            ids[int.Parse(f[0], CultureInfo.InvariantCulture)] = owners[int.Parse(f[2].AsSpan(1), CultureInfo.InvariantCulture)].Id;
        }
        return ids;
    }

    private static DateTimeOffset Moment(string text) =>
        new(DateTime.SpecifyKind(DateTime.ParseExact(text, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), DateTimeKind.Utc));
}
