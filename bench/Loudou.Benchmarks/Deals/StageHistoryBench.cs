using BenchmarkDotNet.Attributes;
using Loudou.Core.Deals;
using Loudou.Core.Pipelines;

namespace Loudou.Benchmarks.Deals;

/// <summary>Ordering one deal's stage history, the step every per-deal analysis starts from.</summary>
[MemoryDiagnoser]
public class StageHistoryBench
{
    private Pipeline _pipeline = null!;
    private List<StageTransition> _rows = null!;

    /// <summary>History rows of one deal: a typical one, a long one with re-opens.</summary>
    [Params(6, 60)]
    public int Rows { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _pipeline = SavedPipeline();
        var random = new Random(42);
        var start = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var deal = Deal.Create("bench", _pipeline, "CNY", start, null, TransitionSource.Import);
        for (var i = 1; i < Rows; i++)
        {
            var stage = _pipeline.Stages[random.Next(_pipeline.Stages.Count)];
            deal.MoveTo(stage, start.AddHours(random.Next(0, 10_000)), null, TransitionSource.Import);
        }
        _rows = [.. deal.History];
    }

    [Benchmark]
    public int Order() => StageHistory.Order(_rows, _pipeline).Count;

    private static Pipeline SavedPipeline()
    {
        // Storage assigns ids; the benchmark does the same so stages can be told apart.
        var pipeline = Pipeline.Create(BuiltinPipelines.Default);
        var id = 1;
        typeof(Pipeline).GetProperty(nameof(Pipeline.Id))!.SetValue(pipeline, id++);
        foreach (var stage in pipeline.Stages)
        {
            typeof(Stage).GetProperty(nameof(Stage.Id))!.SetValue(stage, id++);
            typeof(Stage).GetProperty(nameof(Stage.PipelineId))!.SetValue(stage, pipeline.Id);
        }
        return pipeline;
    }
}
