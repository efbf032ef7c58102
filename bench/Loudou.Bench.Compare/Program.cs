using System.Diagnostics;
using System.Globalization;
using Loudou.Bench.Compare;
using Loudou.Core.Analytics;

// loudou-bench compare [--deals N] [--runs N] [--cold-runs N] [--threads N] [--dir DIR] [--out FILE]
// loudou-bench generate [--deals N] [--dir DIR]
// docs/performance.md, "Columnar funnel against DuckDB", says what it measures.
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var command = args.FirstOrDefault() ?? "compare";
if (command is not ("compare" or "generate"))
{
    Console.Error.WriteLine("usage: loudou-bench compare|generate [--deals N] [--runs N] [--cold-runs N] [--threads N] [--dir DIR] [--out FILE]");
    return 2;
}
var deals = Option("--deals", 1_000_000);
var runs = Option("--runs", 7);
var coldRuns = Option("--cold-runs", 3);
var threads = Option("--threads", 2);
var dir = Text("--dir") ?? Path.Combine(Path.GetTempPath(), $"loudou-bench-{deals}");
var outFile = Text("--out");

var marker = Path.Combine(dir, "workload.txt");
var stamp = $"deals {deals}, seed 6";
if (!File.Exists(marker) || File.ReadAllText(marker) != stamp)
{
    var watch = Stopwatch.StartNew();
    var (d, e) = Workload.Write(dir, deals);
    File.WriteAllText(marker, stamp);
    Console.Error.WriteLine($"generated {d} deals, {e} events in {dir} ({watch.Elapsed.TotalSeconds:F1} s)");
}
if (command == "generate")
{
    return 0;
}

var lines = new List<string>();
void Say(string line)
{
    lines.Add(line);
    Console.WriteLine(line);
}
var failures = new List<string>();
void Check(string what, Answers loudou, Answers duckdb) => failures.AddRange(Answers.Differences(what, loudou, duckdb).Take(20));

Say($"date: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
Say($"machine: {Environment.MachineName}, {Environment.ProcessorCount} cores, {Cpu()}, .NET {Environment.Version}");
Say($"load average at start: {Load()}");

// Warm: both engines hold the data in memory; every run asks for deals created on or after a different day.
var snapshot = LoudouReports.Load(dir, threads);
using var duck = DuckDbReports.Open(threads);
DuckDbReports.Load(duck, dir);
Say($"duckdb: {DuckDbReports.Version(duck)}, threads {threads}; loudou threads {threads}");
Say($"workload: {snapshot.DealCount} deals, {snapshot.EventCount} stage events");
var times = new Dictionary<string, List<double>>();
double Time(string what, Func<Answers> run, out Answers answer)
{
    var watch = Stopwatch.StartNew();
    answer = run();
    var ms = watch.Elapsed.TotalMilliseconds;
    (times.TryGetValue(what, out var list) ? list : times[what] = []).Add(ms);
    return ms;
}
const int WarmUp = 2;
double gap = 0;
for (var run = 0; run < WarmUp + runs; run++)
{
    var from = DateOnly.FromDateTime(Workload.Start).AddDays(7 * run);
    var query = LoudouReports.Query(snapshot, from);
    var tag = run < WarmUp ? "warmup" : "warm";
    Time($"{tag} R1 loudou", () => LoudouReports.R1(snapshot, query, threads), out var l1);
    Time($"{tag} R1 duckdb", () => DuckDbReports.R1(duck, from), out var d1);
    Time($"{tag} R2 loudou", () => LoudouReports.R2(snapshot, query, threads), out var l2);
    Time($"{tag} R2 duckdb", () => DuckDbReports.R2(duck, from), out var d2);
    Time($"{tag} R3 loudou", () => LoudouReports.R3(snapshot, query, threads), out var l3);
    Time($"{tag} R3 duckdb", () => DuckDbReports.R3(duck, from), out var d3);
    var watch = Stopwatch.StartNew();
    var km = FunnelEngine.TimeInStage(snapshot, query, LoudouReports.AsOf(snapshot), threads);
    (times.TryGetValue($"{tag} KM", out var kmTimes) ? kmTimes : times[$"{tag} KM"] = []).Add(watch.Elapsed.TotalMilliseconds);
    watch.Restart();
    var kmQuantiles = FunnelEngine.TimeInStageQuantiles(snapshot, query, LoudouReports.AsOf(snapshot), threads);
    (times.TryGetValue($"{tag} KM quantiles", out var kmqTimes) ? kmqTimes : times[$"{tag} KM quantiles"] = []).Add(watch.Elapsed.TotalMilliseconds);
    watch.Restart();
    FunnelEngine.Compute(snapshot, query with { By = "channel" }, LoudouReports.AsOf(snapshot), threads);
    (times.TryGetValue($"{tag} report", out var reportTimes) ? reportTimes : times[$"{tag} report"] = []).Add(watch.Elapsed.TotalMilliseconds);
    // The quantiles without the curves must be the curves' own, exactly.
    foreach (var (curve, quantiles) in km.Zip(kmQuantiles))
    {
        if (curve.Curve.Quantile(0.5) != quantiles.MedianDays || curve.Curve.Quantile(0.9) != quantiles.P90Days)
        {
            failures.Add($"run {run}: KM quantiles of {curve.Stage} differ from its curve's");
        }
    }
    Check($"run {run} (from {from:yyyy-MM-dd})", l1 with { R2 = l2.R2, R3 = l3.R3 }, d1 with { R2 = d2.R2, R3 = d3.R3 });
    gap = Math.Max(gap, Answers.MaxQuantileGap(l3, d3));
    if (run == WarmUp + runs - 1)
    {
        Say($"KM time in stage (last run, median/p90 days, stays still open censored): {string.Join(", ", km.Select(k => $"{k.Stage} {k.Curve.Quantile(0.5):F3}/{k.Curve.Quantile(0.9):F3}"))}");
    }
}
var memory = snapshot.MemoryBytes;
var events = snapshot.EventCount;
snapshot = null;
duck.Close();

// Cold: from the two CSV files to all three answers, in a fresh snapshot and a fresh DuckDB connection.
for (var run = 0; run < coldRuns; run++)
{
    GC.Collect();
    Time("cold loudou", () =>
    {
        var fresh = LoudouReports.Load(dir, threads);
        var query = LoudouReports.Query(fresh, null);
        return LoudouReports.R1(fresh, query, threads) with { R2 = LoudouReports.R2(fresh, query, threads).R2, R3 = LoudouReports.R3(fresh, query, threads).R3 };
    }, out var loudou);
    GC.Collect();
    Time("cold duckdb", () =>
    {
        using var fresh = DuckDbReports.Open(threads);
        DuckDbReports.Load(fresh, dir);
        return DuckDbReports.R1(fresh, null) with { R2 = DuckDbReports.R2(fresh, null).R2, R3 = DuckDbReports.R3(fresh, null).R3 };
    }, out var duckdb);
    Check($"cold run {run}", loudou, duckdb);
    gap = Math.Max(gap, Answers.MaxQuantileGap(loudou, duckdb));
}

Say($"runs: {runs} warm (after {WarmUp} warm-up, each with a different created_at filter), {coldRuns} cold; figures are medians");
foreach (var report in new[] { "R1", "R2", "R3" })
{
    Say(Line($"{report} warm", Median($"warm {report} loudou"), Median($"warm {report} duckdb")));
}
Say(Line("cold", Median("cold loudou"), Median("cold duckdb")));
Say($"KM time-in-stage warm (beside R3): loudou {Median("warm KM"):F1} ms for all five Open stages' curves");
Say($"KM median and p90 of every Open stage, without the curves: loudou {Median("warm KM quantiles"):F1} ms (equal to the curves' in every run)");
Say($"whole report by channel (counts, rates, intervals, KM and naive times per stage and channel; what GET /api/v1/analytics/funnel?by=channel computes): loudou {Median("warm report"):F1} ms");
Say($"snapshot memory: {(double)memory / events:F1} bytes per stage event ({memory / 1048576.0:F1} MiB for {events} events)");
Say($"answers: {(failures.Count == 0 ? "identical" : "DIFFERENT")} in every run (counts exactly; quantiles within {Answers.Tolerance:0e0}, largest gap {gap:0.0e0} days)");
Say($"load average at end: {Load()}");
foreach (var failure in failures)
{
    Console.Error.WriteLine(failure);
}
if (outFile is not null)
{
    File.WriteAllLines(outFile, lines);
}
return failures.Count == 0 ? 0 : 1;

string Line(string what, double loudou, double duckdb) => $"{what}: loudou {loudou:F1} ms, duckdb {duckdb:F1} ms, ratio {loudou / duckdb:F3}";

double Median(string key)
{
    var sorted = times[key].Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
}

int Option(string name, int fallback) => Text(name) is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

string? Text(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

static string Load() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

static string Cpu() => File.Exists("/proc/cpuinfo")
    ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown cpu"
    : "unknown cpu";
