using Microsoft.EntityFrameworkCore;

namespace Loudou.Storage.Tests.Infrastructure;

/// <summary>Whether a table has query-planner statistics from an explicit ANALYZE (docs/performance.md, "Statistics after bulk loads").</summary>
/// <remarks>
/// PostgreSQL: <c>pg_stat_user_tables.last_analyze</c>, which autovacuum never sets (it sets <c>last_autoanalyze</c>).
/// SQLite: rows of the table in <c>sqlite_stat1</c>, which only ANALYZE (or PRAGMA optimize running it) writes.
/// </remarks>
public static class PlannerStatistics
{
    public static async Task<bool> AnalysedAsync(TestDatabase database, string table) =>
        database.Target.Provider == DatabaseProvider.Postgres
            ? await ScalarAsync(database, $"SELECT count(*) FROM pg_stat_user_tables WHERE relname = '{table}' AND last_analyze IS NOT NULL") == 1
            : await ScalarAsync(database, "SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'") == 1
                && await ScalarAsync(database, $"SELECT count(*) FROM sqlite_stat1 WHERE tbl = '{table}'") > 0;

    /// <summary>The first column of the first row of a query, as a number.</summary>
    public static async Task<long> ScalarAsync(TestDatabase database, string sql)
    {
        await using var db = database.NewContext();
        await db.Database.OpenConnectionAsync();
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
