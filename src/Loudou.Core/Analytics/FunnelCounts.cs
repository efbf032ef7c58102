namespace Loudou.Core.Analytics;

/// <summary>The funnel's counts alone, per group: what a dashboard redraws when a filter changes.</summary>
/// <param name="Stages">The funnel rows' stage keys: Open stages in order, then Won.</param>
/// <param name="Groups">The breakdown's groups in key order (ordinal), only those with deals; null without a breakdown.</param>
public sealed record FunnelCounts(DateTimeOffset AsOf, IReadOnlyList<string> Stages, FunnelCountRow Total, IReadOnlyList<FunnelCountRow>? Groups);

/// <summary>Counts per funnel row for one group (or all): the same numbers as <see cref="FunnelStageRow"/>'s.</summary>
/// <remarks>On the Won row Advanced, Lost and Open are 0, as the report's Won row gives them (Advanced null there).</remarks>
public sealed record FunnelCountRow(string Key, long Deals, long Won, long Lost, IReadOnlyList<long> Entered, IReadOnlyList<long> Advanced, IReadOnlyList<long> LostAt, IReadOnlyList<long> OpenAt);

/// <summary>Naive (type 7) quantiles of the stays in one stage that ended: docs/metrics.md's naive time in stage.</summary>
public sealed record StayQuantiles(string Stage, long Ended, double? MedianDays, double? P90Days);
