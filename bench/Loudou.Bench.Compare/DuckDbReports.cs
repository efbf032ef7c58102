using System.Globalization;
using DuckDB.NET.Data;

namespace Loudou.Bench.Compare;

/// <summary>The three reports in DuckDB: the reference SQL of issue 6, with the run's creation filter on deals.</summary>
public static class DuckDbReports
{
    public static DuckDBConnection Open(int threads)
    {
        var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        Execute(connection, $"SET threads = {threads}");
        return connection;
    }

    /// <summary>Both CSV files into in-memory tables, with the workload's column types given (no sniffing).</summary>
    public static void Load(DuckDBConnection connection, string directory)
    {
        var deals = Path.Combine(directory, "deals.csv").Replace("'", "''", StringComparison.Ordinal);
        var events = Path.Combine(directory, "events.csv").Replace("'", "''", StringComparison.Ordinal);
        Execute(connection, $$"""
            CREATE TABLE deals AS SELECT * FROM read_csv('{{deals}}', header = true,
              columns = {'deal_id': 'BIGINT', 'channel': 'VARCHAR', 'owner': 'VARCHAR', 'created_at': 'TIMESTAMP', 'amount': 'DECIMAL(18,2)', 'outcome': 'VARCHAR'});
            CREATE TABLE events AS SELECT * FROM read_csv('{{events}}', header = true,
              columns = {'deal_id': 'BIGINT', 'stage': 'INTEGER', 'entered_at': 'TIMESTAMP'});
            """);
    }

    public static string Version(DuckDBConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT version()";
        return (string)command.ExecuteScalar()!;
    }

    public static Answers R1(DuckDBConnection connection, DateOnly? from) => new(Cells(connection, $"""
        WITH f AS (SELECT deal_id, max(stage) FILTER (WHERE stage <= 5) AS s FROM events GROUP BY deal_id)
        SELECT d.channel, k.range AS stage, count(*) FILTER (WHERE f.s >= k.range) AS entered
        FROM deals d JOIN f USING (deal_id) CROSS JOIN range(0, 6) k {Where(from, "WHERE")} GROUP BY ALL
        """, r => r.GetString(0)), null, null);

    public static Answers R2(DuckDBConnection connection, DateOnly? from) => new(null, Cells(connection, $"""
        WITH f AS (SELECT deal_id, max(stage) FILTER (WHERE stage <= 5) AS s FROM events GROUP BY deal_id)
        SELECT date_trunc('month', d.created_at) AS cohort, k.range AS stage, count(*) FILTER (WHERE f.s >= k.range) AS entered
        FROM deals d JOIN f USING (deal_id) CROSS JOIN range(0, 6) k {Where(from, "WHERE")} GROUP BY ALL
        """, r => r.GetDateTime(0).ToString("yyyy-MM", CultureInfo.InvariantCulture)), null);

    /// <summary>R3; with a filter, the events of the deals it keeps (a semi-join), since lead() looks within one deal.</summary>
    public static Answers R3(DuckDBConnection connection, DateOnly? from)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            WITH x AS (SELECT stage, entered_at, lead(entered_at) OVER (PARTITION BY deal_id ORDER BY entered_at, stage) AS nx
                       FROM events {(from is null ? "" : $"WHERE deal_id IN (SELECT deal_id FROM deals d {Where(from, "WHERE")})")})
            SELECT stage, quantile_cont(epoch(nx - entered_at) / 86400.0, 0.5), quantile_cont(epoch(nx - entered_at) / 86400.0, 0.9)
            FROM x WHERE nx IS NOT NULL GROUP BY stage
            """;
        using var reader = command.ExecuteReader();
        var answer = new Dictionary<int, (double, double)>();
        while (reader.Read())
        {
            answer[reader.GetInt32(0)] = (reader.GetDouble(1), reader.GetDouble(2));
        }
        return new(null, null, answer);
    }

    private static string Where(DateOnly? from, string keyword) =>
        from is { } day ? $"{keyword} d.created_at >= TIMESTAMP '{day:yyyy-MM-dd} 00:00:00'" : "";

    private static Dictionary<(string, int), long> Cells(DuckDBConnection connection, string sql, Func<DuckDBDataReader, string> key)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = (DuckDBDataReader)command.ExecuteReader();
        var cells = new Dictionary<(string, int), long>();
        while (reader.Read())
        {
            cells[(key(reader), (int)reader.GetInt64(1))] = reader.GetInt64(2);
        }
        return cells;
    }

    private static void Execute(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
