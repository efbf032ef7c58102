using Loudou.Core.Targets;

namespace Loudou.Core.Analytics.Review;

/// <summary>What to ask <see cref="MonthlyReview"/>: a month of the workspace, for the workspace or one team.</summary>
public sealed record ReviewQuery
{
    /// <summary>The month reviewed: its first day, in the workspace's time zone.</summary>
    public required DateOnly Month { get; init; }

    /// <summary>The moment described; null for the funnel's default. A month that begins after it is refused.</summary>
    public DateTimeOffset? AsOf { get; init; }

    /// <summary>Only this team's deals (by name); null for every deal the scope sees.</summary>
    public string? Team { get; init; }

    /// <summary>The caller's scope, as on <see cref="FunnelQuery.Scope"/>.</summary>
    public AnalyticsScope? Scope { get; init; }

    /// <summary>Below this n a rate is too few to say and not tested.</summary>
    public int MinN { get; init; } = FunnelQuery.DefaultMinN;

    public string Language { get; init; } = "en";
}

/// <summary>What the review reads besides the deals: the month's ranking and sales targets, as the caller may see them.</summary>
/// <param name="Ranking">The team execution report for the month (<see cref="TeamExecution"/>); null to leave the ranking out.</param>
/// <param name="SalesTargets">The month's won-amount and won-count targets the caller may see.</param>
/// <param name="Roster">Who is in which team: a team's review keeps its reps' targets.</param>
public sealed record ReviewInputs(TeamReport? Ranking, IReadOnlyList<SalesTargetEntry> SalesTargets, TeamRoster Roster)
{
    /// <summary>Loss reasons' names by key; a reason missing here is shown by its key.</summary>
    public IReadOnlyDictionary<string, LocalizedText> LossReasons { get; init; } = new Dictionary<string, LocalizedText>();

    /// <summary>The channels' monthly costs, for the review's channel quality; none leaves costs unknown.</summary>
    public IReadOnlyList<Catalog.ChannelCostRow> ChannelCosts { get; init; } = [];

    /// <summary>The workspace's base currency: only cost rows in it count.</summary>
    public string BaseCurrency { get; init; } = "";
}
