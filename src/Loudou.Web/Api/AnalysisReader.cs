using System.Text.Json.Nodes;
using Loudou.Core;
using Loudou.Core.Analytics;
using Loudou.Storage;
using Loudou.Storage.Analytics;
using Loudou.Storage.Records;
using Loudou.Web.Analytics;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Web.Api;

/// <summary>Reads what every analysis of /api/v1/analytics is asked, the one place that does: the shared parameters, the snapshot and the caller's scope.</summary>
/// <remarks>
/// An endpoint checks its own parameters first, into the same errors, so that one 400 names every bad
/// parameter; an unknown or repeated one is refused before anything else, as the lists do.
/// </remarks>
internal static class AnalysisReader
{
    /// <summary>Reads and checks the shared parameters, naming every bad one, and finds the snapshot they ask about.</summary>
    /// <param name="query">The request's query string, checked for unknown and repeated parameters; null when a page asks, whose parameters are its own typed state.</param>
    /// <param name="known">Every parameter the endpoint takes.</param>
    /// <param name="errors">The endpoint's own refusals so far; the answer is a 400 naming them all when any.</param>
    /// <param name="repeatable">The parameters that may be given more than once.</param>
    /// <returns>The snapshot, and a query with the shared parameters and the caller's scope for the endpoint to complete; or the refusal.</returns>
    public static async Task<((LoadedSnapshot Snapshot, FunnelQuery Query)? Asked, ProblemHttpResult? Refused)> ReadAsync(
        IQueryCollection? query, AnalyticsSnapshots snapshots, LoudouDbContext db, IAnalysisParameters parameters, string[] known, Dictionary<string, string[]> errors,
        CancellationToken cancellationToken, params string[] repeatable)
    {
        if (query is not null && CheckQuery(query, known, ["where", .. repeatable]) is { } refused)
        {
            return (null, refused);
        }
        if (parameters.Lang is not null and not ("en" or "zh-CN"))
        {
            errors["lang"] = [$"lang must be en or zh-CN, was '{parameters.Lang}'."];
        }
        var filters = new List<(string, string)>();
        DateOnly? from = null, to = null;
        RecordWrites.Check(errors, () => filters.AddRange((parameters.Where ?? []).Select(AnalysisText.Where)));
        RecordWrites.Check(errors, () => from = AnalysisText.Date(parameters.From, "from"));
        RecordWrites.Check(errors, () => to = AnalysisText.Date(parameters.To, "to"));
        RecordWrites.Check(errors, () => FunnelQueryChecks.Range(from, to));
        if (errors.Count > 0)
        {
            return (null, ApiResults.Invalid(errors));
        }
        LoadedSnapshot snapshot;
        try
        {
            snapshot = await snapshots.GetAsync(ApiResults.Given(parameters.Pipeline), cancellationToken);
        }
        catch (DomainRuleException e) when (e.Field == "pipeline")
        {
            return (null, ApiResults.Problem(StatusCodes.Status404NotFound, "No such pipeline.", e.Message));
        }
        DateTimeOffset? asOf = null;
        RecordWrites.Check(errors, () => asOf = AnalysisText.Moment(parameters.AsOf, snapshot.Columns.Calendar));
        if (errors.Count > 0)
        {
            return (null, ApiResults.Invalid(errors));
        }
        var scope = await ScopeAsync(db, cancellationToken);
        if (scope is not null && snapshot.Columns.PipelinesWithDeals is not null)
        {
            // An empty default pipeline is refused naming the pipelines with deals; the snapshot counted them as the
            // operator, and a caller's totals count only the deals in scope (docs/access.md), so they are counted again
            // through the caller's context. The snapshot has no deals, so the copy costs nothing.
            var counts = await FunnelSnapshotLoader.PipelinesWithDealsAsync(db, cancellationToken);
            snapshot = snapshot with { Columns = snapshot.Columns.WithPipelinesWithDeals(counts) };
        }
        var asked = new FunnelQuery
        {
            AsOf = asOf,
            Where = filters,
            From = from,
            To = to,
            Language = parameters.Lang ?? "en",
            Scope = scope,
        };
        return ((snapshot, asked), null);
    }

    /// <summary>The analysis's JSON, or a 400 naming the parameter the analysis refused (a filter value no deal holds, a pipeline without deals…).</summary>
    public static Results<Ok<JsonObject>, ProblemHttpResult> Answer(Func<JsonObject> analyse)
    {
        try
        {
            return TypedResults.Ok(analyse());
        }
        catch (DomainRuleException e)
        {
            return ApiResults.Invalid(e);
        }
    }

    /// <summary>The caller's scope in the names the snapshot holds: their login, and the name of the team they manage.</summary>
    private static async Task<AnalyticsScope?> ScopeAsync(LoudouDbContext db, CancellationToken cancellationToken)
    {
        var scope = db.Scope;
        if (scope.SeesAll)
        {
            return null;
        }
        var login = scope.UserId is { } user ? await db.Users.Where(u => u.Id == user).Select(u => u.LoginName).SingleOrDefaultAsync(cancellationToken) : null;
        var team = scope.TeamId is { } id ? await db.Teams.Where(t => t.Id == id).Select(t => t.Name).SingleOrDefaultAsync(cancellationToken) : null;
        return AnalyticsScope.For(scope, login, team);
    }

    // Any unknown parameter is named, as the lists do; only the repeatable ones may come twice.
    private static ProblemHttpResult? CheckQuery(IQueryCollection query, string[] known, string[] repeatable)
    {
        if (ApiResults.CheckQuery(query, known) is { } unknown)
        {
            return unknown;
        }
        var repeated = query.Where(q => q.Value.Count > 1 && !repeatable.Contains(q.Key, StringComparer.OrdinalIgnoreCase)).Select(q => q.Key).ToList();
        return repeated.Count == 0 ? null
            : ApiResults.Invalid(repeated.ToDictionary(k => k, k => new[] { $"{k} is given {query[k].Count} times; give it once." }, StringComparer.Ordinal));
    }
}
