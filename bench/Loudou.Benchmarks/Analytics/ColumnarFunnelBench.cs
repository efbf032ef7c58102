using BenchmarkDotNet.Attributes;
using Loudou.Core.Analytics;
using Loudou.Core.Pipelines;
using Loudou.Core.Workspace;

namespace Loudou.Benchmarks.Analytics;

/// <summary>
/// The funnel engine's hot paths over a <see cref="ColumnarSnapshot"/>: the bulk load, the counts behind R1/R2 of
/// docs/performance.md, naive and Kaplan–Meier time in stage (R3), on the workload's shape held in memory (no CSV).
/// </summary>
/// <remarks>The side-by-side comparison with DuckDB is <c>loudou-bench compare</c>; this sweeps sizes for one engine.</remarks>
[MemoryDiagnoser]
public class ColumnarFunnelBench
{
    private static readonly Pipeline BenchPipeline = Pipeline.Create(PipelineFile.Parse("""
        { "key": "bench", "name": "Bench", "stages": [
          { "key": "s0", "name": "s0", "kind": "open", "probability": 0.1 }, { "key": "s1", "name": "s1", "kind": "open", "probability": 0.2 },
          { "key": "s2", "name": "s2", "kind": "open", "probability": 0.3 }, { "key": "s3", "name": "s3", "kind": "open", "probability": 0.4 },
          { "key": "s4", "name": "s4", "kind": "open", "probability": 0.5 }, { "key": "won", "name": "Won", "kind": "won" },
          { "key": "lost", "name": "Lost", "kind": "lost" } ] }
        """, null).Definition!);

    private static readonly WorkspaceCalendar Utc = new(TimeZoneInfo.Utc);

    private DealColumns _deals = null!;
    private EventColumns _events = null!;
    private ColumnarSnapshot _snapshot = null!;
    private DateTimeOffset _asOf;
    private int _run;

    /// <summary>Deals (about four stage events each).</summary>
    [Params(10_000, 100_000, 1_000_000)]
    public int Deals { get; set; }

    /// <summary>Threads the engine may use.</summary>
    [Params(2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        (_deals, _events) = Workload(Deals);
        _snapshot = ColumnarSnapshot.FromColumns(BenchPipeline, Utc, _deals, _events, Threads);
        _asOf = new DateTimeOffset(_snapshot.LatestTicks, TimeSpan.Zero);
    }

    /// <summary>Builds a snapshot; the snapshots share the deal arrays they adopt, which is safe because none is refreshed here.</summary>
    [Benchmark]
    public long Load() => ColumnarSnapshot.FromColumns(BenchPipeline, Utc, _deals, _events, Threads).EventCount;

    [Benchmark]
    public int CountByChannel() => FunnelEngine.Count(_snapshot, NextQuery() with { By = "channel" }, _asOf, Threads).Groups!.Count;

    [Benchmark]
    public int CountByCohort() => FunnelEngine.Count(_snapshot, NextQuery() with { By = "cohort" }, _asOf, Threads).Groups!.Count;

    [Benchmark]
    public double? NaiveTimeInStage() => FunnelEngine.NaiveTimeInStage(_snapshot, NextQuery(), _asOf, Threads)[0].MedianDays;

    [Benchmark]
    public double? KaplanMeierTimeInStage() => FunnelEngine.TimeInStage(_snapshot, NextQuery(), _asOf, Threads)[0].Curve.Quantile(0.5);

    /// <summary>Each call filters on a different creation day, as a dashboard's filter changes.</summary>
    private FunnelQuery NextQuery() => new() { AsOf = _asOf, From = new DateOnly(2025, 1, 1).AddDays(_run++ % 60) };

    /// <summary>The shape of loudou-bench's workload: 20 channels, 18 months, advance 77%, lose 17%, stay 6% per stage.</summary>
    private static (DealColumns, EventColumns) Workload(int deals)
    {
        var random = new Random(6);
        var start = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;
        var span = TimeSpan.FromDays(547).Ticks / TimeSpan.TicksPerSecond;
        long[] ids = new long[deals], created = new long[deals];
        var channel = new int[deals];
        var (dealIds, stages, ticks) = (new List<long>(deals * 4), new List<byte>(deals * 4), new List<long>(deals * 4));
        for (var d = 0; d < deals; d++)
        {
            ids[d] = d + 1;
            channel[d] = random.Next(20);
            var at = created[d] = start + (random.NextInt64(span) * TimeSpan.TicksPerSecond);
            for (var stage = 0; ;)
            {
                dealIds.Add(d + 1);
                stages.Add((byte)stage);
                ticks.Add(at);
                var roll = random.NextDouble();
                if (stage >= 5 || roll >= 0.94)
                {
                    break;
                }
                at += (1 + (long)(-Math.Log(1 - random.NextDouble()) * 10 * 86400)) * TimeSpan.TicksPerSecond;
                stage = roll < 0.17 ? 6 : stage + 1;
            }
        }
        var channels = Enumerable.Range(0, 20).Select(c => $"ch{c:00}").ToList();
        return (new DealColumns(deals, ids, created, null, null, new Dictionary<string, (IReadOnlyList<string>, int[])> { ["channel"] = (channels, channel) }),
            new EventColumns(dealIds.Count, [.. dealIds], [.. stages], [.. ticks]));
    }
}
