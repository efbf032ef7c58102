using Loudou.Core.Analytics;
using Loudou.Core.Pipelines;
using Loudou.Core.Workspace;

namespace Loudou.Bench.Compare;

/// <summary>The three reports on Loudou's funnel engine over a <see cref="ColumnarSnapshot"/>.</summary>
public static class LoudouReports
{
    /// <summary>The workload's pipeline: stages 0–4 Open, 5 Won, 6 Lost, so a stage number is its index.</summary>
    public static Pipeline Pipeline { get; } = Pipeline.Create(PipelineFile.Parse("""
        { "key": "bench", "name": "Bench", "stages": [
          { "key": "s0", "name": "Stage 0", "kind": "open", "probability": 0.1 }, { "key": "s1", "name": "Stage 1", "kind": "open", "probability": 0.2 },
          { "key": "s2", "name": "Stage 2", "kind": "open", "probability": 0.3 }, { "key": "s3", "name": "Stage 3", "kind": "open", "probability": 0.4 },
          { "key": "s4", "name": "Stage 4", "kind": "open", "probability": 0.5 }, { "key": "won", "name": "Won", "kind": "won" },
          { "key": "lost", "name": "Lost", "kind": "lost" } ] }
        """, null).Definition ?? throw new InvalidOperationException("the bench pipeline does not parse"));

    public static WorkspaceCalendar Calendar { get; } = new(TimeZoneInfo.Utc);

    /// <summary>A fresh engine instance: both CSV files into a new snapshot.</summary>
    public static ColumnarSnapshot Load(string directory, int threads)
    {
        var deals = CsvColumns.ReadDeals(Path.Combine(directory, "deals.csv"), threads);
        var events = CsvColumns.ReadEvents(Path.Combine(directory, "events.csv"), threads);
        return ColumnarSnapshot.FromColumns(Pipeline, Calendar, deals, events, threads);
    }

    /// <summary>The query of a run: deals created on or after <paramref name="from"/> (null: all), as of the latest event.</summary>
    public static FunnelQuery Query(ColumnarSnapshot snapshot, DateOnly? from) =>
        new() { AsOf = AsOf(snapshot), From = from };

    public static DateTimeOffset AsOf(ColumnarSnapshot snapshot) => new(snapshot.LatestTicks, TimeSpan.Zero);

    public static Answers R1(ColumnarSnapshot snapshot, FunnelQuery query, int threads) =>
        new(Cells(FunnelEngine.Count(snapshot, query with { By = "channel" }, AsOf(snapshot), threads)), null, null);

    public static Answers R2(ColumnarSnapshot snapshot, FunnelQuery query, int threads) =>
        new(null, Cells(FunnelEngine.Count(snapshot, query with { By = "cohort" }, AsOf(snapshot), threads)), null);

    public static Answers R3(ColumnarSnapshot snapshot, FunnelQuery query, int threads) =>
        new(null, null, FunnelEngine.NaiveTimeInStage(snapshot, query, AsOf(snapshot), threads)
            .Where(s => s.MedianDays is not null)
            .ToDictionary(s => Pipeline.Stages.ToList().FindIndex(st => st.Key == s.Stage), s => (s.MedianDays!.Value, s.P90Days!.Value)));

    private static Dictionary<(string, int), long> Cells(FunnelCounts counts) =>
        counts.Groups!.SelectMany(g => g.Entered.Select((entered, stage) => ((g.Key, stage), entered))).ToDictionary(c => c.Item1, c => c.entered);
}
