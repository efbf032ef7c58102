namespace Loudou.Core.Analytics;

/// <summary>One row of the funnel: an Open stage, or the Won stage last (docs/metrics.md).</summary>
/// <param name="MedianDays">Kaplan–Meier median time in stage, counting stays still running as censored.</param>
/// <param name="P90Days">Kaplan–Meier 90th percentile time in stage; null when the curve never falls to 0.1.</param>
public sealed record FunnelStageRow(
    string Stage,
    string Name,
    long Entered,
    long? Advanced,
    long? Lost,
    long? Open,
    double? Conversion,
    double? CiLow,
    double? CiHigh,
    double? Cumulative,
    bool TooFew,
    double? MedianDays,
    double? P90Days)
{
    /// <summary>Median over the stays that ended only (type 7): biased short when many stays are still running.</summary>
    public double? NaiveMedianDays { get; init; }

    /// <summary>90th percentile over the stays that ended only (type 7).</summary>
    public double? NaiveP90Days { get; init; }

    /// <summary>The Kaplan–Meier curve of time in stage, for charts; null on the Won row. Its steps are there only when <see cref="FunnelQuery.Curves"/> asked for them; its counts always.</summary>
    public SurvivalCurve? Survival { get; init; }

    /// <summary>Sum of the known amounts (base currency) of the deals counted <see cref="Open"/> on this row.</summary>
    public decimal OpenAmount { get; init; }

    /// <summary>The step conversion this stage should reach (<see cref="FunnelTargets"/>); null when none is set, and on the Won row.</summary>
    public double? Target { get; init; }
}

/// <summary>A duration's Kaplan–Meier median and p90 (stays still running censored) beside the naive ones (ended stays only).</summary>
/// <param name="Survival">The curve; its steps only when <see cref="FunnelQuery.Curves"/> asked for them, its counts always.</param>
public sealed record DurationFigures(double? MedianDays, double? P90Days, double? NaiveMedianDays, double? NaiveP90Days, SurvivalCurve Survival);

/// <summary>Funnel figures for a set of deals: the whole answer, or one group of a breakdown.</summary>
public sealed record FunnelFigures(long Deals, long Won, long Lost, long Open, double? WinRate, IReadOnlyList<FunnelStageRow> Stages)
{
    /// <summary>Days from creation to Won or Lost; deals still open are censored at the as-of moment.</summary>
    public DurationFigures? TimeToClose { get; init; }

    /// <summary>Sum of the known amounts (base currency) of the won deals.</summary>
    public decimal WonAmount { get; init; }

    /// <summary>Won deals with a known amount: the denominator of the mean won amount.</summary>
    public long WonWithAmount { get; init; }
}

/// <summary>A group of a breakdown: its key (blank is "") and its figures.</summary>
public sealed record FunnelGroup(string Key, FunnelFigures Figures);

/// <summary>The engine's answer, as the JSON contract of <c>loudou funnel --format json</c> lays it out.</summary>
public sealed record FunnelReport(string Pipeline, DateTimeOffset AsOf, FunnelFigures Total, string? By, IReadOnlyList<FunnelGroup>? Groups)
{
    /// <summary>The query's "too few to say" floor, which the breakdown's contrasts (<see cref="BreakdownContrast"/>) test against too.</summary>
    public int MinN { get; init; } = FunnelQuery.DefaultMinN;
}
