using Loudou.Core.Alerts.Rules;

namespace Loudou.Core.Alerts;

/// <summary>One stretch of time during which an alert rule's condition held: opened when it fired, cleared when it stopped holding.</summary>
/// <remarks>
/// An alert fires once per episode: a run that finds the condition holding opens an episode only when none is open, so a
/// rule evaluated every morning does not notify every morning. The numbers are those of the run that opened it.
/// </remarks>
public sealed class AlertEpisode
{
    private AlertEpisode()
    {
        Metric = "";
    }

    public long Id { get; private set; }

    public int AlertRuleId { get; private set; }

    /// <summary>The team the rule's segment names, if it names one: who besides the admins may see the episode.</summary>
    public int? TeamId { get; private set; }

    public DateTimeOffset OpenedAt { get; private set; }

    /// <summary>When a run first found the condition no longer holding; null while open.</summary>
    public DateTimeOffset? ClearedAt { get; private set; }

    /// <summary>The as-of moment of the evaluation that opened it.</summary>
    public DateTimeOffset AsOf { get; private set; }

    public string Metric { get; private set; }

    public double? Observed { get; private set; }

    public double? Low { get; private set; }

    public double? High { get; private set; }

    /// <summary>The baseline window's value for a change; the line or target for a threshold.</summary>
    public double? Baseline { get; private set; }

    public long Successes { get; private set; }

    public long N { get; private set; }

    public long? BaselineN { get; private set; }

    public double? PValue { get; private set; }

    public double? QValue { get; private set; }

    public DateTimeOffset From { get; private set; }

    public DateTimeOffset ToExcl { get; private set; }

    public DateTimeOffset? BaselineFrom { get; private set; }

    public DateTimeOffset? BaselineToExcl { get; private set; }

    public bool IsOpen => ClearedAt is null;

    public static AlertEpisode Open(int alertRuleId, int? teamId, AlertResult result, DateTimeOffset asOf, DateTimeOffset at) => new()
    {
        AlertRuleId = alertRuleId,
        TeamId = teamId,
        OpenedAt = at,
        AsOf = asOf,
        Metric = result.Condition.Metric,
        Observed = result.Observed,
        Low = result.Low,
        High = result.High,
        Baseline = result.Baseline,
        Successes = result.Successes,
        N = result.N,
        BaselineN = result.BaselineN,
        PValue = result.PValue,
        QValue = result.QValue,
        From = result.From,
        ToExcl = result.ToExcl,
        BaselineFrom = result.BaselineFrom,
        BaselineToExcl = result.BaselineToExcl,
    };

    /// <summary>Records when the condition stopped holding; clearing a cleared episode changes nothing.</summary>
    public void Clear(DateTimeOffset at) => ClearedAt ??= at;
}
