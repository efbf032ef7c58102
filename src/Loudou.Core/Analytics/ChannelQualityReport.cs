namespace Loudou.Core.Analytics;

/// <summary>What to ask <see cref="ChannelQuality"/>: a range of whole months of the workspace and the base currency.</summary>
public sealed record ChannelQualityQuery
{
    public const int DefaultMonths = 6;

    /// <summary>The first day of the first month, inclusive; null: <see cref="DefaultMonths"/> months up to <see cref="ToMonth"/>.</summary>
    public DateOnly? FromMonth { get; init; }

    /// <summary>The first day of the last month, inclusive; null: the as-of moment's month.</summary>
    public DateOnly? ToMonth { get; init; }

    /// <summary>The workspace's base currency: only cost rows in it count.</summary>
    public required string BaseCurrency { get; init; }

    /// <summary>The moment described; null for the funnel's default.</summary>
    public DateTimeOffset? AsOf { get; init; }

    /// <summary>The caller's scope. A scoped caller's counts are their deals only, so the workspace-wide cost is not divided by them.</summary>
    public AnalyticsScope? Scope { get; init; }

    /// <summary>Below this n a stage's conversion is flagged too few to say.</summary>
    public int MinN { get; init; } = FunnelQuery.DefaultMinN;

    /// <summary>"zh-CN" or "en": stage names and reason words.</summary>
    public string Language { get; init; } = "en";
}

/// <summary>A stage's step conversion among a channel's leads, from the funnel's breakdown by channel.</summary>
public sealed record ChannelStageConversion(string Stage, string Name, long Entered, long Advanced, double? Conversion, double? CiLow, double? CiHigh, bool TooFew);

/// <summary>A month's cost row in a currency other than the base one: reported, never converted.</summary>
public sealed record ChannelOtherCost(DateOnly Month, decimal Amount, string Currency);

/// <summary>One channel's quality over the range (docs/metrics.md, "Channel quality"). Each null figure has its reason code beside it.</summary>
/// <param name="Channel">The channel's name; "" for deals without a channel.</param>
/// <param name="Leads">Deals of the channel created in the range.</param>
/// <param name="MissingMonths">Months of the range without a cost row in the base currency.</param>
public sealed record ChannelQualityRow(
    string Channel,
    long Leads,
    long Won,
    decimal WonAmount,
    IReadOnlyList<ChannelStageConversion> Stages,
    decimal? Cost,
    string? CostReason,
    IReadOnlyList<DateOnly> MissingMonths,
    IReadOnlyList<ChannelOtherCost> OtherCurrencies,
    decimal? CostPerLead,
    string? CostPerLeadReason,
    decimal? CostPerWon,
    string? CostPerWonReason,
    double? ReturnOnCost,
    string? ReturnOnCostReason);

/// <summary>Channel quality for a range of months: a row per channel (those with leads or cost rows in the range) and the total.</summary>
/// <param name="ToExcl">The end of the last month, or the as-of moment when that is earlier.</param>
public sealed record ChannelQualityReport(
    string Pipeline,
    DateTimeOffset AsOf,
    DateOnly FromMonth,
    DateOnly ToMonth,
    DateTimeOffset From,
    DateTimeOffset ToExcl,
    string BaseCurrency,
    bool Scoped,
    IReadOnlyList<ChannelQualityRow> Channels,
    ChannelQualityRow Total);
