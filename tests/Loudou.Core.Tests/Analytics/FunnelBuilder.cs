using Loudou.Core.Analytics;
using Loudou.Core.Pipelines;
using Loudou.Core.Workspace;

namespace Loudou.Core.Tests.Analytics;

/// <summary>Hand-made snapshots: a pipeline of named stages and deals given as "stage@day" paths.</summary>
public sealed class FunnelBuilder
{
    public static readonly DateTimeOffset Day0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly List<FunnelDeal> _deals = [];
    private int _lastAdd;

    public FunnelBuilder(params string[] openStages)
    {
        var json = $$"""
            { "key": "test", "name": "Test", "stages": [
              {{string.Join(",", openStages.Select((k, i) => $$"""{ "key": "{{k}}", "name": "{{k}}", "kind": "open", "probability": {{(i + 1) / 10.0}} }"""))}},
              { "key": "won", "name": "Won", "kind": "won" },
              { "key": "lost", "name": "Lost", "kind": "lost" } ] }
            """;
        Pipeline = Builders.SavedPipeline(PipelineFile.Parse(json, null).Definition!);
    }

    public Pipeline Pipeline { get; }

    /// <summary>Adds deals whose history is "lead@0 qualified@3 lost@10": stage keys at day offsets (no @ for an unknown time).</summary>
    public FunnelBuilder Add(int count, string path, params (string Dimension, string Value)[] dimensions)
    {
        var steps = path.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(step =>
        {
            var parts = step.Split('@');
            DateTimeOffset? at = parts.Length > 1 ? Day0.AddDays(double.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture)) : null;
            return (Pipeline.FindStage(parts[0])!.Id, at);
        })
        // The order production gives a history (StageHistory.Order): time, unknown first, then position.
        .Select((step, index) => (step.Id, step.at, index))
        .OrderBy(s => s.at.HasValue).ThenBy(s => s.at).ThenBy(s => Pipeline.FindStage(s.Id)!.Position).ThenBy(s => s.index)
        .Select(s => (s.Id, s.at))
        .ToList();
        _lastAdd = _deals.Count;
        var values = dimensions.GroupBy(d => d.Dimension).ToDictionary(g => g.Key, g => (IReadOnlyList<string>)[.. g.Select(d => d.Value)]);
        for (var i = 0; i < count; i++)
        {
            _deals.Add(new FunnelDeal(_deals.Count + 1, steps[0].at, steps, values));
        }
        return this;
    }

    /// <summary>Gives the deals of the last <see cref="Add"/> an amount and, when lost, a loss reason.</summary>
    public FunnelBuilder With(decimal? amount, string? lossReason = null)
    {
        for (var i = _lastAdd; i < _deals.Count; i++)
        {
            _deals[i] = _deals[i] with { Amount = amount, LossReason = lossReason };
        }
        return this;
    }

    public FunnelSnapshot Snapshot() => new(Pipeline, _deals, WorkspaceSettings.Create("UTC", "CNY").Calendar);

    public FunnelReport Compute(FunnelQuery? query = null) =>
        FunnelEngine.Compute(Snapshot(), (query ?? new FunnelQuery()) with { AsOf = query?.AsOf ?? Day0.AddDays(365) }, Day0.AddDays(365));
}
