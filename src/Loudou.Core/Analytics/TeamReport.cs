namespace Loudou.Core.Analytics;

/// <summary>One rep's, one team's or the whole group's execution in the period (docs/metrics.md, "Team execution").</summary>
/// <remarks>Every rate is a fraction 0..1 with its numerator and denominator beside it; a rate with no data is null and its reason says why.</remarks>
/// <param name="Deals">Deals handled: created, entering a stage or touched in the period.</param>
/// <param name="Touches">Activities in the period on those deals.</param>
/// <param name="Actions">Standard actions of the stages the deals entered in the period; <paramref name="ActionsCompleted"/> of them done.</param>
/// <param name="TasksDue">Follow-up tasks assigned, due in the period; <paramref name="TasksOnTime"/> of them done by their due moment.</param>
/// <param name="DealsCreated">Deals created in the period, whose first response is measured; <paramref name="Answered"/> of them have had one.</param>
/// <param name="MedianFirstResponseHours">Kaplan–Meier median of hours from creation to the first activity.</param>
/// <param name="SlaDue">Deals created in the period whose first-response deadline has passed by the as-of moment, or that were answered
/// within it; <paramref name="AnsweredInSla"/> of them were answered within it.</param>
/// <param name="Closed">Deals closed (won or lost) in the period; <paramref name="Won"/> of them won.</param>
/// <param name="WonAmount">Amounts of the deals won in the period, in the base currency.</param>
public sealed record TeamFigures(
    long Deals, long Touches, long Actions, long ActionsCompleted, long TasksDue, long TasksOnTime,
    long DealsCreated, long Answered, double? MedianFirstResponseHours, long SlaDue, long AnsweredInSla, long Closed, long Won, decimal WonAmount)
{
    public double? TouchesPerDeal => Deals == 0 ? null : (double)Touches / Deals;

    public string? TouchesPerDealReason => Deals == 0 ? TeamReasons.NoDealsHandled : null;

    public double? CompletionRate => Actions == 0 ? null : (double)ActionsCompleted / Actions;

    public string? CompletionRateReason => Actions == 0 ? TeamReasons.NoActions : null;

    public double? OnTimeRate => TasksDue == 0 ? null : (double)TasksOnTime / TasksDue;

    public string? OnTimeRateReason => TasksDue == 0 ? TeamReasons.NoTasksDue : null;

    public string? MedianFirstResponseHoursReason =>
        MedianFirstResponseHours is not null ? null : DealsCreated == 0 ? TeamReasons.NoDealsCreated : TeamReasons.MedianNotReached;

    public double? FirstResponseInSlaRate => SlaDue == 0 ? null : (double)AnsweredInSla / SlaDue;

    public string? FirstResponseInSlaRateReason => SlaDue == 0 ? (DealsCreated == 0 ? TeamReasons.NoDealsCreated : TeamReasons.NoSlaDue) : null;

    public double? WinRate => Closed == 0 ? null : (double)Won / Closed;

    public (double? Low, double? High) WinRateInterval => Wilson.Interval(Won, Closed);

    public string? WinRateReason => Closed == 0 ? TeamReasons.NoDealsClosed : null;
}

/// <summary>How a rep's score is made: each component on 0..100, the two parts, the weighted score and the rank.</summary>
/// <remarks>
/// Results are measured against the best of the ranked reps, process against the standard (shares of what was due done right).
/// A null component is left out of its part, the others' weights scaled up; a null part leaves the score to the other; a null score is not ranked.
/// </remarks>
/// <param name="WinRate">Win rate ÷ the best win rate among the ranked reps, × 100.</param>
/// <param name="WonAmount">Won amount ÷ the highest won amount among the ranked reps, × 100.</param>
/// <param name="Completion">Completion rate × 100.</param>
/// <param name="OnTime">On-time rate × 100.</param>
/// <param name="FirstResponse">Share of new deals answered within the first-response deadline, × 100.</param>
/// <param name="Results">Mean of <paramref name="WinRate"/> and <paramref name="WonAmount"/>.</param>
/// <param name="Process">Completion weighted 2, on-time and first response 1 each: half doing the standard actions, half doing things in time.</param>
/// <param name="Rank">1 is best; ties share a rank (1, 2, 2, 4); null when there is no score.</param>
public sealed record TeamScore(
    double? WinRate, double? WonAmount, double? Completion, double? OnTime, double? FirstResponse,
    double? Results, double? Process, double? Score, int? Rank)
{
    public string? ResultsReason => Results is null ? TeamReasons.NoResults : null;

    public string? ProcessReason => Process is null ? TeamReasons.NoProcess : null;

    public string? ScoreReason => Score is null ? TeamReasons.NoScore : null;
}

/// <summary>A ranked rep: a user with the rep role who handled at least one deal in the period.</summary>
/// <param name="Team">The rep's team name; null for none.</param>
public sealed record TeamRep(string Login, string DisplayName, string? Team, TeamFigures Figures, TeamScore Score);

/// <summary>A team's figures: its ranked reps' deals and tasks pooled (not their rates averaged).</summary>
/// <param name="Reps">How many of its reps are ranked.</param>
public sealed record TeamGroupFigures(string Team, int Reps, TeamFigures Figures);

/// <summary>The scales the results components are measured against: the best of the ranked reps.</summary>
public sealed record TeamBest(double? WinRate, decimal? WonAmount);

/// <summary>One band of an efficiency curve: the stays that left the stage in the period with the band, and how many advanced.</summary>
/// <param name="Rate">Advanced ÷ left (exit-based conversion); null when none left.</param>
/// <param name="TooFew">Fewer than the query's minimum n left: shown, but too few to say.</param>
public sealed record EfficiencyBand(string Band, long Left, long Advanced, double? Rate, double? Low, double? High, bool TooFew);

/// <summary>One open stage's curve: its exits in the period, banded.</summary>
/// <param name="Left">Exits from the stage in the period (every band, and those whose band cannot be told).</param>
/// <param name="StopsPayingAt">
/// Touches only: the first band whose conversion is not significantly above the band before it (one-sided two-proportion
/// test, p ≥ 0.05), where more touches stop going with more advancing; null when every step pays or a band is too few to say.
/// </param>
public sealed record EfficiencyCurve(string Stage, string Name, long Left, long Advanced, IReadOnlyList<EfficiencyBand> Bands, string? StopsPayingAt);

/// <summary>Follow-up efficiency: conversion from each open stage by touches during the stay and by first-response time.</summary>
public sealed record TeamEfficiency(IReadOnlyList<EfficiencyCurve> ByTouches, IReadOnlyList<EfficiencyCurve> ByFirstResponse);

/// <summary>The answer of <c>loudou team</c>: the ranked reps, the teams, the whole group and follow-up efficiency.</summary>
/// <param name="Month">The month asked for (its first day); null for another period.</param>
/// <param name="From">Start of the period; null when unbounded.</param>
/// <param name="ToExcl">End of the period, exclusive: the period's end or just after the as-of moment, whichever is first.</param>
/// <param name="Team">The team the query was narrowed to; null for the whole workspace.</param>
/// <param name="Reps">Ranked reps, by rank (unranked last), then login.</param>
/// <param name="Teams">Teams with ranked reps (or the one asked for), by name.</param>
/// <param name="Total">The ranked reps together.</param>
/// <param name="Note">A <see cref="TeamReasons"/> code when there is nothing to rank (no deal handled in the period); null otherwise.</param>
public sealed record TeamReport(
    string Pipeline, DateTimeOffset AsOf, DateOnly? Month, DateTimeOffset? From, DateTimeOffset ToExcl, string? Team,
    double ResultsWeight, TeamBest Best, IReadOnlyList<TeamRep> Reps, IReadOnlyList<TeamGroupFigures> Teams, TeamFigures Total,
    TeamEfficiency Efficiency, string? Note)
{
    public double ProcessWeight => 1 - ResultsWeight;
}
