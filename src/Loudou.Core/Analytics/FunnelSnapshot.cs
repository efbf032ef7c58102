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
    IReadOnlyDictionary<string, IReadOnlyList<string>> Dimensions);

/// <summary>Everything the funnel engine reads: one pipeline, its deals, and the workspace calendar.</summary>
/// <remarks>Storage builds it; the engine never touches a database, so it is tested on plain objects.</remarks>
public sealed record FunnelSnapshot(Pipeline Pipeline, IReadOnlyList<FunnelDeal> Deals, WorkspaceCalendar Calendar)
{
    /// <summary>The dimensions a snapshot carries for every deal, besides custom fields ("custom.KEY").</summary>
    public static IReadOnlyList<string> StandardDimensions { get; } =
        ["channel", "owner", "team", "industry", "sizeBand", "region", "product", "tag", "cohort"];

    /// <summary>The latest known moment: a history row or a creation, whichever is later; null for an empty snapshot.</summary>
    public DateTimeOffset? LatestEvent => Deals.SelectMany(d => d.History.Select(h => h.At).Append(d.CreatedAt)).Max();
}
