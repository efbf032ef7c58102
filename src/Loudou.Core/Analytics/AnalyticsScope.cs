using Loudou.Core.Access;

namespace Loudou.Core.Analytics;

/// <summary>The caller's <see cref="AccessScope"/> as the funnel engines apply it: a mask over the owner and team each deal carries.</summary>
/// <remarks>
/// A snapshot holds every deal of its pipeline; the scope of docs/access.md is applied per query, by the
/// same rule the database's filter applies: a deal is seen when its owner is the caller, or its team is
/// the caller's managed team. The snapshot names owners by login and teams by name, so the scope does too.
/// An admin's (or the operator's) query has no scope at all: null on <see cref="FunnelQuery.Scope"/>.
/// </remarks>
/// <param name="Owner">The caller's login, whose own deals are seen; null for nobody.</param>
/// <param name="Team">The name of the team a manager manages, whose deals are seen; null for reps.</param>
public sealed record AnalyticsScope(string? Owner, string? Team)
{
    /// <summary>The scope of a caller; null when the caller sees every deal.</summary>
    /// <param name="login">The login of <see cref="AccessScope.UserId"/>.</param>
    /// <param name="teamName">The name of <see cref="AccessScope.TeamId"/>.</param>
    public static AnalyticsScope? For(AccessScope scope, string? login, string? teamName) =>
        scope.SeesAll ? null : new(scope.UserId is null ? null : login, scope.TeamId is null ? null : teamName);

    /// <summary>Whether a deal with this owner and team is in scope.</summary>
    public bool Sees(string? owner, string? team) =>
        (Owner is not null && owner == Owner) || (Team is not null && team == Team);

    internal bool Sees(FunnelDeal deal) => Sees(First(deal, "owner"), First(deal, "team"));

    private static string? First(FunnelDeal deal, string dimension) =>
        deal.Dimensions.TryGetValue(dimension, out var values) && values.Count > 0 ? values[0] : null;
}
