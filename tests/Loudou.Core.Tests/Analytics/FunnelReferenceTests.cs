using DuckDB.NET.Data;
using Loudou.Core.Analytics;
using Loudou.Core.Pipelines;

namespace Loudou.Core.Tests.Analytics;

/// <summary>
/// Seeded random histories, with skipped stages, moves backwards, re-openings, open deals and
/// unknown times, counted by the engine and by a plain SQL query in DuckDB over the same rows.
/// </summary>
public class FunnelReferenceTests
{
    private const string ReferenceSql = """
        WITH s AS (
          SELECT e.deal_id, e.stage_id, e.entered_at, e.seq, st.kind, st.position
          FROM events e JOIN stages st ON st.id = e.stage_id JOIN deals d ON d.id = e.deal_id
          WHERE (e.entered_at IS NULL OR e.entered_at <= $asof) AND (d.created_at IS NULL OR d.created_at <= $asof)),
        o AS (
          SELECT *, row_number() OVER (PARTITION BY deal_id ORDER BY entered_at ASC NULLS FIRST, position, seq) AS rn,
                 count(*) OVER (PARTITION BY deal_id) AS n
          FROM s),
        deal AS (
          SELECT deal_id, max(CASE WHEN rn = n THEN kind END) AS outcome,
                 coalesce(max(CASE WHEN kind <> 'Lost' THEN position END), (SELECT min(position) FROM stages WHERE kind <> 'Lost')) AS f
          FROM o GROUP BY deal_id),
        stays AS (
          SELECT o.stage_id, epoch(nx.entered_at - o.entered_at) / 86400.0 AS days
          FROM o JOIN o AS nx ON nx.deal_id = o.deal_id AND nx.rn = o.rn + 1
          WHERE o.entered_at IS NOT NULL AND nx.entered_at IS NOT NULL
          QUALIFY row_number() OVER (PARTITION BY o.deal_id, o.stage_id ORDER BY o.rn) = 1),
        kmstays AS (
          SELECT o.stage_id, epoch(coalesce(nx.entered_at, $asof) - o.entered_at) / 86400.0 AS days, nx.deal_id IS NOT NULL AS ended
          FROM o LEFT JOIN o AS nx ON nx.deal_id = o.deal_id AND nx.rn = o.rn + 1
          WHERE o.entered_at IS NOT NULL AND (nx.deal_id IS NULL OR nx.entered_at IS NOT NULL)
          QUALIFY row_number() OVER (PARTITION BY o.deal_id, o.stage_id ORDER BY o.rn) = 1),
        kmtimes AS (
          SELECT k.stage_id, k.days AS t, count(*) FILTER (WHERE k.ended)::DOUBLE AS d,
                 (SELECT count(*) FROM kmstays r WHERE r.stage_id = k.stage_id AND r.days >= k.days)::DOUBLE AS n
          FROM kmstays k GROUP BY k.stage_id, k.days HAVING count(*) FILTER (WHERE k.ended) > 0),
        km AS (
          SELECT stage_id, t,
                 CASE WHEN bool_or(d = n) OVER w THEN 0 ELSE exp(sum(ln(CASE WHEN d = n THEN 1 ELSE 1 - d / n END)) OVER w) END AS s
          FROM kmtimes WINDOW w AS (PARTITION BY stage_id ORDER BY t ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW))
        SELECT st.key,
               count(d.deal_id) FILTER (WHERE {ENTERED}),
               count(d.deal_id) FILTER (WHERE ({ENTERED}) AND d.f > st.position),
               count(d.deal_id) FILTER (WHERE ({ENTERED}) AND d.f = st.position AND d.outcome = 'Lost'),
               count(d.deal_id) FILTER (WHERE ({ENTERED}) AND d.f = st.position AND d.outcome = 'Open'),
               (SELECT quantile_cont(days, 0.5) FROM stays WHERE stays.stage_id = st.id),
               (SELECT quantile_cont(days, 0.9) FROM stays WHERE stays.stage_id = st.id),
               (SELECT min(t) FROM km WHERE km.stage_id = st.id AND s <= 0.5 + 1e-9),
               (SELECT min(t) FROM km WHERE km.stage_id = st.id AND s <= 0.1 + 1e-9),
               (SELECT count(*) FROM kmstays WHERE kmstays.stage_id = st.id AND NOT ended)
        FROM stages st CROSS JOIN deal d
        WHERE st.kind <> 'Lost'
        GROUP BY st.key, st.position, st.id
        ORDER BY st.position
        """;

    /// <summary>Cumulative funnel: reaching a later Open or Won stage counts as having entered this one.</summary>
    private const string Cumulative = "d.f >= st.position";

    /// <summary>Strict funnel: the history shows the stage (the first stage also takes deals whose history shows only losses).</summary>
    private const string Strict = """
        EXISTS (SELECT 1 FROM o WHERE o.deal_id = d.deal_id AND o.stage_id = st.id)
        OR (st.position = (SELECT min(position) FROM stages WHERE kind <> 'Lost')
            AND NOT EXISTS (SELECT 1 FROM o WHERE o.deal_id = d.deal_id AND o.kind <> 'Lost'))
        """;

    private const string TotalsSql = """
        WITH s AS (
          SELECT e.deal_id, e.entered_at, e.seq, st.kind, st.position
          FROM events e JOIN stages st ON st.id = e.stage_id JOIN deals d ON d.id = e.deal_id
          WHERE (e.entered_at IS NULL OR e.entered_at <= $asof) AND (d.created_at IS NULL OR d.created_at <= $asof)),
        o AS (SELECT *, row_number() OVER (PARTITION BY deal_id ORDER BY entered_at DESC NULLS LAST, position DESC, seq DESC) AS back FROM s)
        SELECT count(*), count(*) FILTER (WHERE kind = 'Won'), count(*) FILTER (WHERE kind = 'Lost'), count(*) FILTER (WHERE kind = 'Open')
        FROM o WHERE back = 1
        """;

    [Theory]
    [InlineData(11, false)]
    [InlineData(12, false)]
    [InlineData(13, false)]
    [InlineData(14, true)]
    [InlineData(15, true)]
    public void Every_count_and_quantile_and_kaplan_meier_quantile_equals_a_plain_sql_query_in_duckdb(int seed, bool strict)
    {
        var random = new Random(seed);
        var builder = new FunnelBuilder("lead", "nurturing", "needs", "proposal");
        var pipeline = builder.Pipeline;
        var rows = new List<(long Deal, int Stage, DateTimeOffset? At, int Seq)>();
        var deals = new List<FunnelDeal>();
        for (var id = 1L; id <= 1_500; id++)
        {
            var history = RandomHistory(random, pipeline);
            rows.AddRange(history.Select((h, i) => (id, h.StageId, h.At, i)));
            var ordered = history.Select((h, i) => (h.StageId, h.At, Seq: i))
                .OrderBy(h => h.At.HasValue).ThenBy(h => h.At).ThenBy(h => pipeline.FindStage(h.StageId)!.Position).ThenBy(h => h.Seq)
                .Select(h => (h.StageId, h.At)).ToList();
            deals.Add(new FunnelDeal(id, history[0].At, ordered, new Dictionary<string, IReadOnlyList<string>>()));
        }
        var snapshot = new FunnelSnapshot(pipeline, deals, Core.Workspace.WorkspaceSettings.Create("UTC", "CNY").Calendar);
        var asOf = FunnelBuilder.Day0.AddDays(random.Next(60, 120));

        var report = FunnelEngine.Compute(snapshot, new FunnelQuery { AsOf = asOf, Strict = strict }, asOf);

        using var duck = new DuckDBConnection("Data Source=:memory:");
        duck.Open();
        Load(duck, pipeline, deals, rows);
        var reference = Query(duck, ReferenceSql.Replace("{ENTERED}", strict ? Strict : Cumulative, StringComparison.Ordinal), asOf);
        var totals = Query(duck, TotalsSql, asOf)[0];
        Assert.Equal(((long)totals[0]!, (long)totals[1]!, (long)totals[2]!, (long)totals[3]!), (report.Total.Deals, report.Total.Won, report.Total.Lost, report.Total.Open));
        Assert.Equal(reference.Count, report.Total.Stages.Count);
        for (var i = 0; i < reference.Count; i++)
        {
            var (expected, actual) = (reference[i], report.Total.Stages[i]);
            Assert.Equal((string)expected[0]!, actual.Stage);
            Assert.Equal((long)expected[1]!, actual.Entered);
            if (actual.Stage != "won")
            {
                Assert.Equal(((long)expected[2]!, (long)expected[3]!, (long)expected[4]!), (actual.Advanced, actual.Lost, actual.Open));
            }
            if (actual.Stage == "won")
            {
                Assert.Equal((null, null), (actual.MedianDays, actual.P90Days));
                continue;
            }
            AssertClose(expected[5] as double?, actual.NaiveMedianDays);
            AssertClose(expected[6] as double?, actual.NaiveP90Days);
            AssertClose(expected[7] as double?, actual.MedianDays);
            AssertClose(expected[8] as double?, actual.P90Days);
            Assert.Equal((long)expected[9]!, actual.Survival!.Censored);
        }
    }

    /// <summary>A random walk: forwards, skips, backwards, losses, re-openings, wins; some first stages undated.</summary>
    private static List<(int StageId, DateTimeOffset? At)> RandomHistory(Random random, Pipeline pipeline)
    {
        var open = pipeline.Stages.Where(s => s.Kind == StageKind.Open).ToList();
        var won = pipeline.Stages.Single(s => s.Kind == StageKind.Won);
        var lost = pipeline.Stages.Single(s => s.Kind == StageKind.Lost);
        var at = FunnelBuilder.Day0.AddHours(random.Next(0, 24 * 100));
        var history = new List<(int, DateTimeOffset?)> { (open[0].Id, random.Next(10) == 0 ? null : at) };
        var position = 0;
        for (var step = 0; step < random.Next(0, 7); step++)
        {
            at = at.AddHours(random.Next(1, 24 * 20));
            var roll = random.Next(10);
            var next = roll switch
            {
                < 4 => open[Math.Min(open.Count - 1, position + 1 + (random.Next(6) == 0 ? 1 : 0))],
                < 5 => open[Math.Max(0, position - 1)],
                < 7 => lost,
                < 8 => won,
                _ => open[random.Next(open.Count)],
            };
            history.Add((next.Id, at));
            position = next.Kind == StageKind.Open ? open.IndexOf(next) : position;
        }
        return history;
    }

    private static void Load(DuckDBConnection duck, Pipeline pipeline, List<FunnelDeal> deals, List<(long Deal, int Stage, DateTimeOffset? At, int Seq)> rows)
    {
        using (var create = duck.CreateCommand())
        {
            create.CommandText = """
                CREATE TABLE stages (id INTEGER, key VARCHAR, kind VARCHAR, position INTEGER);
                CREATE TABLE deals (id BIGINT, created_at TIMESTAMP);
                CREATE TABLE events (deal_id BIGINT, stage_id INTEGER, entered_at TIMESTAMP, seq INTEGER);
                """;
            create.ExecuteNonQuery();
        }
        using (var appender = duck.CreateAppender("stages"))
        {
            foreach (var stage in pipeline.Stages)
            {
                appender.CreateRow().AppendValue(stage.Id).AppendValue(stage.Key).AppendValue(stage.Kind.ToString()).AppendValue(stage.Position).EndRow();
            }
        }
        using (var appender = duck.CreateAppender("deals"))
        {
            foreach (var deal in deals)
            {
                appender.CreateRow().AppendValue(deal.Id).AppendValue(deal.CreatedAt?.UtcDateTime).EndRow();
            }
        }
        using (var appender = duck.CreateAppender("events"))
        {
            foreach (var (deal, stage, at, seq) in rows)
            {
                appender.CreateRow().AppendValue(deal).AppendValue(stage).AppendValue(at?.UtcDateTime).AppendValue(seq).EndRow();
            }
        }
    }

    private static List<object?[]> Query(DuckDBConnection duck, string sql, DateTimeOffset asOf)
    {
        using var command = duck.CreateCommand();
        command.CommandText = sql;
        command.Parameters.Add(new DuckDBParameter("asof", asOf.UtcDateTime));
        using var reader = command.ExecuteReader();
        var result = new List<object?[]>();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }
            result.Add(row);
        }
        return result;
    }

    private static void AssertClose(double? expected, double? actual)
    {
        Assert.Equal(expected is null, actual is null);
        if (expected is { } e && actual is { } a)
        {
            Assert.Equal(e, a, 9);
        }
    }
}
