namespace Loudou.Core.Analytics;

/// <summary>One row of the funnel: an Open stage, or the Won stage last (docs/metrics.md).</summary>
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
    double? P90Days);

/// <summary>Funnel figures for a set of deals: the whole answer, or one group of a breakdown.</summary>
public sealed record FunnelFigures(long Deals, long Won, long Lost, long Open, double? WinRate, IReadOnlyList<FunnelStageRow> Stages);

/// <summary>A group of a breakdown: its key (blank is "") and its figures.</summary>
public sealed record FunnelGroup(string Key, FunnelFigures Figures);

/// <summary>The engine's answer, as the JSON contract of <c>loudou funnel --format json</c> lays it out.</summary>
public sealed record FunnelReport(string Pipeline, DateTimeOffset AsOf, FunnelFigures Total, string? By, IReadOnlyList<FunnelGroup>? Groups);
