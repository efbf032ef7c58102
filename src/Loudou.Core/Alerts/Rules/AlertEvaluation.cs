namespace Loudou.Core.Alerts.Rules;

/// <summary>A rule to evaluate: its key (for the answer) and its condition.</summary>
public sealed record AlertRuleInput(string Key, AlertCondition Condition);

/// <summary>One rule's figures and whether its condition holds (docs/metrics.md, "Alerts").</summary>
/// <param name="Holds">The condition holds: a threshold crossed, or a change significant after the run's Benjamini–Hochberg correction with its interval excluding the baseline.</param>
/// <param name="Reason">Why a rule could not be judged (<c>tooFew</c>, <c>noMedian</c>, <c>noTarget</c>, <c>unknownStage</c>); null when it was.</param>
/// <param name="Observed">The metric over the evaluation window: a rate, median days, new deals per month or won amount per month.</param>
/// <param name="Low">Lower end of the 95% interval of <paramref name="Observed"/>; null when unbounded or not computed.</param>
/// <param name="Baseline">The baseline window's value for a change; the line (or the target) for a threshold.</param>
/// <param name="Successes">Exits that advanced, won deals of those closed, stays that ended; for new leads and won amount, the deals counted.</param>
/// <param name="N">Exits, closed deals, stays, new deals or won deals in the evaluation window.</param>
/// <param name="BaselineN">The same in the baseline window; null for a threshold.</param>
/// <param name="PValue">The change's p-value in its direction; null for a threshold or an untested change.</param>
/// <param name="QValue">Its Benjamini–Hochberg q-value over every change tested in the run.</param>
public sealed record AlertResult(
    string Key,
    AlertCondition Condition,
    bool Holds,
    string? Reason,
    double? Observed,
    double? Low,
    double? High,
    double? Baseline,
    long Successes,
    long N,
    long? BaselineN,
    double? PValue,
    double? QValue,
    DateTimeOffset From,
    DateTimeOffset ToExcl,
    DateTimeOffset? BaselineFrom,
    DateTimeOffset? BaselineToExcl);

/// <summary>Every rule of one run, evaluated together.</summary>
/// <param name="Tests">Changes tested under the one Benjamini–Hochberg correction.</param>
public sealed record AlertEvaluation(string Pipeline, DateTimeOffset AsOf, int Tests, double Alpha, IReadOnlyList<AlertResult> Results);
