namespace Loudou.Core.Alerts.Rules;

/// <summary>What an alert rule watches and when it holds: the shape of <see cref="AlertRule.Condition"/> (docs/alert-files.md).</summary>
/// <param name="Metric">One of <see cref="AlertMetrics.All"/>.</param>
/// <param name="Stage">The open stage's key for <c>conversion</c> and <c>timeInStage</c>; null for the others.</param>
/// <param name="Segment">The deals watched; null for the whole workspace.</param>
/// <param name="Threshold">Set for a threshold rule; exactly one of it and <paramref name="Change"/> is.</param>
/// <param name="Change">Set for a significant-change rule.</param>
/// <param name="EvaluationMonths">Full calendar months (workspace time zone) before the as-of month that are evaluated.</param>
/// <param name="BaselineMonths">Full months just before the evaluation window that a change is measured against.</param>
/// <param name="MinN">Neither window may have fewer exits, stays, deals or won deals than this.</param>
public sealed record AlertCondition(
    string Metric,
    string? Stage,
    AlertSegment? Segment,
    AlertThreshold? Threshold,
    AlertChange? Change,
    int EvaluationMonths = AlertCondition.DefaultEvaluationMonths,
    int BaselineMonths = AlertCondition.DefaultBaselineMonths,
    int MinN = Analytics.FunnelQuery.DefaultMinN)
{
    public const int DefaultEvaluationMonths = 3;

    public const int DefaultBaselineMonths = 6;

    /// <summary>Windows longer than this are refused: the demo and most workspaces hold 18 months.</summary>
    public const int MaxMonths = 36;

    /// <summary>"threshold" or "change".</summary>
    public string Kind => Change is null ? "threshold" : "change";

    /// <summary>Whether the metric is a stage's (it needs <see cref="Stage"/>).</summary>
    public bool IsStageMetric => AlertMetrics.OfStage(Metric);
}

/// <summary>The deals of one value of a dimension: <c>team</c>, <c>channel</c>, <c>owner</c>, … or <c>custom.KEY</c>.</summary>
public sealed record AlertSegment(string Dimension, string Value);

/// <summary>A line the evaluation window's value must not cross: exactly one of the three is set.</summary>
/// <param name="BelowTarget">Holds when a stage's conversion is below its conversion target (docs/targets-files.md).</param>
public sealed record AlertThreshold(double? Below, double? Above, bool BelowTarget);

/// <summary>A change of the evaluation window against the baseline window that must be significant to hold.</summary>
/// <param name="Direction">"down", "up" or "both": which way the metric's value moved.</param>
public sealed record AlertChange(string Direction);

/// <summary>The metrics an alert rule can watch (docs/metrics.md, "Alerts").</summary>
public static class AlertMetrics
{
    public const string Conversion = "conversion";
    public const string WinRate = "winRate";
    public const string TimeInStage = "timeInStage";
    public const string NewLeads = "newLeads";
    public const string WonAmount = "wonAmount";

    public static IReadOnlyList<string> All { get; } = [Conversion, WinRate, TimeInStage, NewLeads, WonAmount];

    public static IReadOnlyList<string> Directions { get; } = ["down", "up", "both"];

    /// <summary>The dimensions a segment may name besides <c>custom.KEY</c>; a cohort is not a segment one watches.</summary>
    public static IReadOnlyList<string> Dimensions { get; } = ["team", "channel", "owner", "industry", "sizeBand", "region", "product", "tag"];

    public static bool OfStage(string metric) => metric is Conversion or TimeInStage;

    /// <summary>Rates are fractions 0..1; the others are days, deals per month or money per month.</summary>
    public static bool IsRate(string metric) => metric is Conversion or WinRate;
}
