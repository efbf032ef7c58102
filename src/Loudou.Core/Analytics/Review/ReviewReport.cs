namespace Loudou.Core.Analytics.Review;

/// <summary>A figure of the reviewed month against another month.</summary>
/// <param name="Value">The other month's figure.</param>
/// <param name="Change">Reviewed − other; null when either is null.</param>
/// <param name="PValue">Two-proportion test, for rates with at least the minimum n on both sides; null otherwise.</param>
/// <param name="Significant">Its Benjamini–Hochberg q-value over every test of the review is at most 0.05.</param>
public sealed record ReviewComparison(double? Value, double? Change, double? PValue, double? QValue, bool Significant);

/// <summary>One KPI of the month: newLeads, won, wonAmount, lost, closed or winRate.</summary>
/// <param name="Low">95% Wilson interval, for the win rate; null for counts and amounts.</param>
/// <param name="Target">The month's target for the review's team (or the workspace); null when none is set.</param>
/// <param name="Hit">Reached the target; null without a target, or while the month runs and it is not reached yet.</param>
public sealed record ReviewKpi(string Key, double? Value, double? Low, double? High, ReviewComparison Previous, ReviewComparison LastYear, double? Target, bool? Hit);

/// <summary>An Open stage in the month: exit-based conversion (advanced of the exits in the month) and where the month's lost deals were lost.</summary>
/// <param name="Cumulative">Product of the step conversions down to this stage: of the deals starting the funnel, the share that would get past it at this month's rates.</param>
public sealed record ReviewStage(
    string Stage, string Name, long Exits, long Advanced, double? Conversion, double? Low, double? High, bool TooFew, double? Cumulative,
    double? Target, bool? Hit, long Lost, ReviewComparison Previous, ReviewComparison LastYear);

/// <summary>Deals lost at a stage for a reason in the month against the month before.</summary>
/// <param name="Reason">The loss reason's key; "" when none was given.</param>
/// <param name="ReasonName">Its name in the review's language; "" when none was given.</param>
public sealed record ReviewLoss(string Stage, string StageName, string Reason, string ReasonName, long Lost, long PreviousLost)
{
    public long Change => Lost - PreviousLost;
}

/// <summary>A target of the month and what was reached.</summary>
/// <param name="Kind">"wonAmount", "wonCount" or "conversion".</param>
/// <param name="Actual">What the month reached; null when the review cannot see the deals it is about.</param>
public sealed record ReviewTarget(string Kind, string? Team, string? Rep, string? Stage, double Target, double? Actual, bool? Hit);

/// <summary>Something to do next month, and the figure that asks for it.</summary>
/// <param name="Kind">"bottleneck", "execution", "target" or "losses".</param>
public sealed record ReviewAction(string Kind, string? Stage, string? Rep, string Text);

/// <summary>The monthly review of docs/metrics.md ("Monthly review").</summary>
/// <param name="Complete">The month ended by the as-of moment; otherwise its figures are to date.</param>
/// <param name="From">Start of the month.</param>
/// <param name="ToExcl">End of the month, or just after the as-of moment while it runs.</param>
/// <param name="Ranking">The month's ranking as the caller may see it; null when not asked.</param>
public sealed record ReviewReport(
    string Pipeline, DateOnly Month, DateTimeOffset AsOf, bool Complete, string? Team, DateTimeOffset From, DateTimeOffset ToExcl,
    IReadOnlyList<ReviewKpi> Kpis, IReadOnlyList<ReviewStage> Funnel, BottleneckReport Bottlenecks,
    ChangeSplit WinRateChange, ChangeSplit WonAmountChange, TeamReport? Ranking,
    IReadOnlyList<ReviewLoss> Losses, IReadOnlyList<ReviewTarget> Targets, IReadOnlyList<ReviewAction> Actions)
{
    /// <summary>Channel quality of the leads created in the reviewed month and the two before it (<see cref="ChannelMonths"/>).</summary>
    public ChannelQualityReport? Channels { get; init; }

    /// <summary>How many months, ending with the reviewed one, the channel quality's creation cohort spans: one month's leads have mostly not closed yet.</summary>
    public const int ChannelMonths = 3;

    /// <summary>How many bottlenecks the review shows, by value at risk.</summary>
    public const int TopBottlenecks = 5;
}
