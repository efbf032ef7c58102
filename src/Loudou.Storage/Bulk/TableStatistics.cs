using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Storage.Bulk;

/// <summary>Brings the query planner's statistics up to date after a bulk write (demo, import, restore), on either provider.</summary>
/// <remarks>
/// A planner that still believes a table empty picks nested loops and sequential scans: right
/// after the 20k-deal demo went into PostgreSQL, the deal list served 26 requests a second until
/// autovacuum analysed the tables a minute later, and 191 after. So a bulk write ends by analysing
/// what it filled. PostgreSQL's ANALYZE samples a bounded number of rows, whatever the table's
/// size. SQLite's ANALYZE reads whole indexes unless <c>analysis_limit</c> bounds it, so the limit
/// is set for the call (and put back, the connection is pooled); the tables are analysed by name
/// because <c>PRAGMA optimize</c> on its own looks only at tables this connection queried and
/// re-analyses only after a 25-fold change, which a load into a table that held a few rows may not
/// reach. <c>PRAGMA optimize</c> follows for whatever else the connection used. Call it after the
/// commit, with no cancellation: the write is done by then and a refresh cut short costs only speed.
/// </remarks>
public static class TableStatistics
{
    /// <summary>Rows SQLite's ANALYZE reads per index: its documentation's range is 100 to 1000; small tables are read whole.</summary>
    private const int SqliteAnalysisLimit = 1000;

    /// <summary>Analyses the tables of the given entity types.</summary>
    public static Task RefreshAsync(LoudouDbContext db, IEnumerable<Type> entities, CancellationToken cancellationToken = default)
    {
        var tables = entities.Select(e => (db.Model.FindEntityType(e) ?? throw new ArgumentException($"{e.Name} is not mapped.")).GetTableName()!).Distinct().ToList();
        return RunAsync(db, tables, cancellationToken);
    }

    /// <summary>Analyses every table of the database (after a restore, which fills them all).</summary>
    public static Task RefreshAllAsync(LoudouDbContext db, CancellationToken cancellationToken = default) => RunAsync(db, null, cancellationToken);

    private static async Task RunAsync(LoudouDbContext db, IReadOnlyList<string>? tables, CancellationToken cancellationToken)
    {
        var quoted = tables?.Select(t => "\"" + t.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"").ToList();
        var previousTimeout = db.Database.GetCommandTimeout();
        // Sampling is bounded, but a cold cache on a large database can outlast the default 30 s.
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(10));
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
#pragma warning disable EF1002 // table names come from the model, not from input
            if (db.Database.GetDbConnection() is not SqliteConnection)
            {
                await db.Database.ExecuteSqlRawAsync(quoted is null ? "ANALYZE" : $"ANALYZE {string.Join(", ", quoted)}", cancellationToken);
                return;
            }
            long limit;
            await using (var read = db.Database.GetDbConnection().CreateCommand())
            {
                read.CommandText = "PRAGMA analysis_limit";
                limit = Convert.ToInt64(await read.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
            }
            await db.Database.ExecuteSqlRawAsync($"PRAGMA analysis_limit = {SqliteAnalysisLimit}", cancellationToken);
            try
            {
                foreach (var table in quoted ?? ["main"])
                {
                    await db.Database.ExecuteSqlRawAsync($"ANALYZE {table}", cancellationToken);
                }
            }
            finally
            {
                await db.Database.ExecuteSqlRawAsync($"PRAGMA analysis_limit = {limit}", CancellationToken.None);
            }
            await db.Database.ExecuteSqlRawAsync("PRAGMA optimize", cancellationToken);
#pragma warning restore EF1002
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
            db.Database.SetCommandTimeout(previousTimeout);
        }
    }
}
