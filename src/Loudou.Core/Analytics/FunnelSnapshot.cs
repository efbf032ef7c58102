using Loudou.Core.Pipelines;
using Loudou.Core.Workspace;

namespace Loudou.Core.Analytics;

/// <summary>One deal as the funnel engine sees it: its creation, its ordered history and its dimension values.</summary>
/// <param name="History">The deal's stage history in <see cref="Deals.StageHistory.Order"/>'s order: (stage id, entered at or null).</param>
/// <param name="Dimensions">Values per dimension key (channel, owner, team, …); a dimension may hold several (tags, products). Absent means blank.</param>
public sealed record FunnelDeal(
    long Id,
    DateTimeOffset? CreatedAt,
    IReadOnlyList<(int StageId, DateTimeOffset? At)> History,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Dimensions)
{
    /// <summary>The deal's amount in the workspace's base currency; null when unknown or not convertible.</summary>
    public decimal? Amount { get; init; }

    /// <summary>The key of the deal's loss reason ("price", …) while it is lost; null otherwise or when none was given.</summary>
    public string? LossReason { get; init; }

    /// <summary>When each of the deal's activities (of any kind) happened, in any order: its touches, the first of them its first response.</summary>
    public IReadOnlyList<DateTimeOffset> Touches { get; init; } = [];

    /// <summary>The standard actions completed on the deal: the stage action's id and when.</summary>
    public IReadOnlyList<(int ActionId, DateTimeOffset At)> Completions { get; init; } = [];
}

/// <summary>A step-conversion target as the engine reads it: the stage, and the team name and month it is for (null: all).</summary>
/// <param name="Month">First day of the month the target is for; null for every month.</param>
public sealed record StageTarget(int StageId, string? Team, DateOnly? Month, double Rate);

/// <summary>A pipeline's key and how many deals it holds.</summary>
public sealed record PipelineDealCount(string Pipeline, int Deals);

/// <summary>Everything the funnel engine reads: one pipeline, its deals, and the workspace calendar.</summary>
/// <remarks>Storage builds it; the engine never touches a database, so it is tested on plain objects.</remarks>
public sealed record FunnelSnapshot(Pipeline Pipeline, IReadOnlyList<FunnelDeal> Deals, WorkspaceCalendar Calendar)
{
    /// <summary>The pipeline's conversion targets (Targets.ConversionTarget), team ids turned into team names; <see cref="StageTargets.For"/> picks one.</summary>
    public IReadOnlyList<StageTarget> Targets { get; init; } = [];

    /// <summary>Set when the pipeline was taken as the workspace's default, not named, and holds no deals: the pipelines that do.</summary>
    /// <remarks>
    /// Storage counts them, since the engine sees one pipeline only; the refusal of an analysis names them
    /// (<see cref="FunnelQueryChecks"/>), so that whoever asked learns which pipeline to name. Null otherwise.
    /// </remarks>
    public IReadOnlyList<PipelineDealCount>? PipelinesWithDeals { get; init; }

    /// <summary>The dimensions a snapshot carries for every deal, besides custom fields ("custom.KEY").</summary>
    public static IReadOnlyList<string> StandardDimensions { get; } =
        ["channel", "owner", "team", "industry", "sizeBand", "region", "product", "tag", "layer", "cohort"];

    /// <summary>The latest known moment: a history row or a creation, whichever is later; null for an empty snapshot.</summary>
    public DateTimeOffset? LatestEvent => Deals.SelectMany(d => d.History.Select(h => h.At).Append(d.CreatedAt)).Max();
}
