using Loudou.Core.Pipelines;
using Loudou.Core.Workspace;

namespace Loudou.Core.Analytics;

/// <summary>How a deal left a funnel row: when, and whether it advanced (else it was lost there).</summary>
internal readonly record struct StageExit(DateTimeOffset At, bool Advanced);

/// <summary>One selected deal as the analyses beyond the funnel table read it; arrays are indexed by funnel row.</summary>
/// <param name="Index">Where the deal sits in the snapshot it came from: the key of <see cref="FunnelFacts.Values"/>.</param>
/// <param name="Amount">Its amount in the base currency; null when unknown.</param>
/// <param name="LossReason">The key of its loss reason while lost; null otherwise or when none was given.</param>
/// <param name="OpenAt">Whether the deal counts open on the row (the funnel's Open measure).</param>
/// <param name="LostAt">Whether the deal counts lost on the row (the funnel's Lost measure).</param>
/// <param name="StayDays">Its stay in the row's stage (ended or still running), as time in stage counts it.</param>
internal sealed record FactView(int Index, long Id, decimal? Amount, string? LossReason, StageKind Outcome, bool[] OpenAt, bool[] LostAt, StageExit?[] Exits, double?[] StayDays, bool[] StayEnded)
{
    /// <summary>When a Won or Lost deal closed (its last row); null while open or when that row has no time.</summary>
    public DateTimeOffset? ClosedAt { get; init; }

    /// <summary>When each row's counted stay began; null where <see cref="StayDays"/> is null.</summary>
    public DateTimeOffset?[] StayFrom { get; init; } = [];
}

/// <summary>
/// The funnel engine's per-deal facts, with the rows, the dimension lookup and the pipeline's targets they were made
/// with: what bottlenecks, period comparison and losses read, made alike by the plain and the columnar path.
/// </summary>
internal sealed class FunnelFacts(string pipeline, WorkspaceCalendar calendar, DateTimeOffset asOf, IReadOnlyList<Stage> rows, IReadOnlyList<FactView> deals, Func<FactView, string, IReadOnlyList<string>> values)
{
    public string Pipeline { get; } = pipeline;

    public WorkspaceCalendar Calendar { get; } = calendar;

    public DateTimeOffset AsOf { get; } = asOf;

    /// <summary>The funnel rows: Open stages in order, then Won.</summary>
    public IReadOnlyList<Stage> Rows { get; } = rows;

    public IReadOnlyList<FactView> Deals { get; } = deals;

    /// <summary>The pipeline's conversion targets (<see cref="StageTargets.For"/> picks one).</summary>
    public IReadOnlyList<StageTarget> Targets { get; init; } = [];

    /// <summary>Each deal's activities and completed standard actions, which drivers read.</summary>
    public Func<FactView, DealWork> Work { get; init; } = _ => default;

    /// <summary>The deal's values of a dimension; blank ("") when it has none.</summary>
    public IReadOnlyList<string> Values(FactView deal, string dimension) => values(deal, dimension);
}
