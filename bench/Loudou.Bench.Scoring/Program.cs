using System.Diagnostics;
using System.Globalization;
using Loudou.Bench.Scoring;
using Loudou.Core.Scoring;
using Loudou.Scoring;

// loudou-bench-scoring FILE [--seed 1] [--trees 200] [--learning-rate 0.03] [--leaves 15] [--min-leaf 200] [--l2 1] [--threads 1] [--score 1000000] [--no-eval]
// Trains on the bank marketing file (bank-additional-full.csv[.gz]) read as the import preset stores it (BankFile), prints the
// report's JSON on stdout, then times scoring --score open deals (the file's rows repeated). bench/scoring.sh runs it;
// docs/scoring.md, "Measured", reads it.
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
string? Text(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
double Number(string name, double fallback) => Text(name) is { } v ? double.Parse(v, CultureInfo.InvariantCulture) : fallback;
if (args.Length == 0 || args[0].StartsWith('-'))
{
    Console.Error.WriteLine("usage: loudou-bench-scoring FILE [--seed 1] [--trees N] [--learning-rate X] [--leaves N] [--min-leaf N] [--l2 X] [--threads N] [--score N]");
    return 2;
}
var defaults = ScoringSettings.Default;
var settings = defaults with
{
    Seed = (int)Number("--seed", defaults.Seed),
    Trees = (int)Number("--trees", defaults.Trees),
    LearningRate = Number("--learning-rate", defaults.LearningRate),
    Leaves = (int)Number("--leaves", defaults.Leaves),
    MinLeaf = (int)Number("--min-leaf", defaults.MinLeaf),
    LinearL2 = Number("--l2", defaults.LinearL2),
    Threads = (int)Number("--threads", defaults.Threads),
};
var load = Stopwatch.StartNew();
var (shape, deals) = BankFile.Read(args[0]);
Console.Error.WriteLine($"read {deals.Count:N0} rows in {load.Elapsed.TotalSeconds:F1} s; load average {File.ReadAllText("/proc/loadavg").Trim()}");
var result = ScoringTraining.Train("bank-marketing", shape, deals, settings, DateTimeOffset.UtcNow);
if (result.Report is not { } report)
{
    Console.Error.WriteLine(result.Refusal);
    return 1;
}
Console.WriteLine(ScoringReportJson.Write(report).ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
Console.Error.WriteLine($"cv auc {report.CrossValidation?.Auc:F4}, time split auc {report.TimeSplit?.Auc:F4} brier {report.TimeSplit?.Brier:F4}; "
    + $"training {report.Seconds:F2} s on {report.Rows:N0} rows, evaluation {report.EvaluationSeconds:F1} s; load average {File.ReadAllText("/proc/loadavg").Trim()}");

var count = (int)Number("--score", 1_000_000);
if (count > 0)
{
    var scorer = DealScorer.Load(result.Model!, shape);
    var open = Enumerable.Range(0, count).Select(i => deals[i % deals.Count]).Select((d, i) => new ScoringDeal
    {
        Id = i + 1,
        Channel = d.Channel,
        Tags = d.Tags,
        Fields = d.Fields,
        Stages = [new StageVisit(0, null)],
    }).ToList();
    var now = DateTimeOffset.UtcNow;
    if (args.Contains("--profile"))
    {
        var b = new FeatureBuilder(shape);
        var r = new FeatureRow(b.Specs.Count);
        var w = Stopwatch.StartNew();
        foreach (var d in open)
        {
            b.Build(d, now, r);
        }
        Console.Error.WriteLine($"profile: built features of {open.Count:N0} deals on one thread in {w.Elapsed.TotalSeconds:F2} s");
    }
    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
    var watch = Stopwatch.StartNew();
    var scored = scorer.Score(open, now, explain: false);
    var seconds = watch.Elapsed.TotalSeconds;
    cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
    Console.Error.WriteLine($"scored {scored.Count:N0} open deals in {seconds:F2} s wall, {cpu.TotalSeconds:F2} s of CPU on {Environment.ProcessorCount} cores "
        + $"(mean score {scored.Average(s => s.Score):F4}); load average {File.ReadAllText("/proc/loadavg").Trim()}");
    watch.Restart();
    var explained = scorer.Score(open.Take(10_000).ToList(), now, explain: true);
    Console.Error.WriteLine($"scored and explained {explained.Count:N0} open deals in {watch.Elapsed.TotalSeconds:F2} s; first: {string.Join("; ", explained[0].Factors.Select(f => f.Text.En))}");
}
return 0;
