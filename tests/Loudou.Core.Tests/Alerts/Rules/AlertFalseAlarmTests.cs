using Loudou.Core.Alerts.Rules;
using Xunit.Abstractions;

namespace Loudou.Core.Tests.Alerts.Rules;

/// <summary>
/// Significant-change rules on a workspace with no planted effect (<see cref="StationaryWorkspace"/>): a seeded batch of 200
/// over segments by channel, owner and a custom field × stages × metrics × directions, evaluated together, fires rarely.
/// </summary>
public class AlertFalseAlarmTests(ITestOutputHelper output)
{
    private static readonly string[] StageKeys = ["lead", "nurturing", "needs", "proposal", "closing"];

    /// <summary>200 change rules drawn with a fixed seed from every segment, stage metric and funnel metric, in every direction.</summary>
    private static List<AlertRuleInput> Batch(int seed)
    {
        var segments = StationaryWorkspace.Channels.Select(c => new AlertSegment("channel", c))
            .Concat(StationaryWorkspace.Owners.Select(o => new AlertSegment("owner", o)))
            .Concat(StationaryWorkspace.Tiers.Select(t => new AlertSegment("custom.tier", t)))
            .Append(null)
            .ToList();
        var metrics = StageKeys.SelectMany(s => new[] { (AlertMetrics.Conversion, (string?)s), (AlertMetrics.TimeInStage, s) })
            .Concat([(AlertMetrics.WinRate, null), (AlertMetrics.NewLeads, null), (AlertMetrics.WonAmount, null)])
            .ToList();
        var all = (from segment in segments
                   from metric in metrics
                   from direction in AlertMetrics.Directions
                   select new AlertCondition(metric.Item1, metric.Item2, segment, null, new AlertChange(direction))).ToList();
        var random = new Random(seed);
        return [.. all.OrderBy(_ => random.Next()).Take(200).Select((c, i) => new AlertRuleInput($"rule-{i}", c))];
    }

    [Fact]
    public void Fewer_than_five_percent_of_200_rules_fire_where_nothing_changed()
    {
        var snapshot = StationaryWorkspace.Create(seed: 7, count: 20_000);
        var rules = Batch(seed: 11);

        var evaluation = AlertEvaluator.Evaluate(snapshot, rules, StationaryWorkspace.AsOf, StationaryWorkspace.AsOf);

        var fired = evaluation.Results.Count(r => r.Holds);
        var uncorrected = evaluation.Results.Count(r => r.PValue <= AlertEvaluator.Alpha);
        output.WriteLine($"{fired} of {rules.Count} fired; {evaluation.Tests} tested; {uncorrected} with p ≤ 0.05 before the correction.");
        Assert.Equal(200, rules.Count);
        // Most rules must have been tested, or a quiet batch would prove nothing.
        Assert.True(evaluation.Tests >= 150, $"only {evaluation.Tests} tested");
        Assert.True(fired < 10, $"{fired} of 200 fired");
    }

    [Fact]
    public void The_same_batch_finds_a_drop_planted_in_one_segment()
    {
        var snapshot = StationaryWorkspace.Create(seed: 7, count: 20_000, shift: -0.25);
        var planted = new AlertRuleInput("planted", new AlertCondition(AlertMetrics.Conversion, "needs", new AlertSegment("channel", "web"), null, new AlertChange("down")));

        var evaluation = AlertEvaluator.Evaluate(snapshot, [.. Batch(seed: 11), planted], StationaryWorkspace.AsOf, StationaryWorkspace.AsOf);

        var result = evaluation.Results.Single(r => r.Key == "planted");
        Assert.True(result.Holds, $"observed {result.Observed} baseline {result.Baseline} q {result.QValue}");
    }
}
