using System.Text.Json.Nodes;
using Loudou.Core;
using Loudou.Core.Analytics;
using Loudou.Storage;
using Loudou.Storage.Deals;
using Loudou.Web.Analytics;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Web.Api;

/// <summary><c>/api/v1/analytics</c>: the funnel engine on the host's in-memory snapshot, in the caller's scope.</summary>
/// <remarks>
/// The parameters are the CLI's options under their JSON names, and the answers are the CLI's JSON
/// (docs/metrics.md), so a script can move between <c>loudou funnel --format json</c> and the API.
/// A rep's answer counts the rep's deals, a manager's the team's, an admin's all (docs/access.md).
/// </remarks>
public static class AnalyticsApi
{
    public static void MapAnalyticsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/analytics").WithTags("Analytics");
        api.MapGet("/funnel", FunnelAsync).WithName("GetFunnel")
            .WithSummary("The funnel of docs/metrics.md: entered, advanced, lost and open per stage, conversions with 95% intervals, time in stage; as loudou funnel --format json gives it.")
            .WithProblems(StatusCodes.Status404NotFound);
        api.MapGet("/funnel/deals", FunnelDealsAsync).WithName("GetFunnelDeals")
            .WithSummary("The deals behind one number of the funnel (a stage row's entered, advanced, lost or open, in a group or in all), as the deal list answers; total equals that number.")
            .WithProblems(StatusCodes.Status404NotFound);
    }

    private static async Task<Results<Ok<JsonObject>, ProblemHttpResult>> FunnelAsync(
        HttpRequest request, AnalyticsSnapshots snapshots, LoudouDbContext db, TimeProvider clock, [AsParameters] FunnelParameters parameters, CancellationToken cancellationToken)
    {
        var (asked, refused) = await ReadAsync(request, snapshots, db, parameters, FunnelParameters.Names, cancellationToken);
        if (refused is not null)
        {
            return refused;
        }
        var (snapshot, query) = asked!.Value;
        var now = clock.GetUtcNow();
        try
        {
            var report = FunnelEngine.Compute(snapshot.Columns, query, now);
            var comparison = parameters.Compare is null ? null
                : PeriodComparison.Compute(snapshot.Rows, query, now, parameters.Compare == "previous-year" ? CompareWith.PreviousYear : CompareWith.PreviousPeriod, query.From, query.To);
            return TypedResults.Ok(FunnelJson.Write(report, snapshot.Rows.Calendar.Zone, parameters.Curves ?? false, comparison));
        }
        catch (DomainRuleException e)
        {
            return ApiResults.Invalid(new Dictionary<string, string[]> { [e.Field] = [e.Message] });
        }
    }

    private static async Task<Results<Ok<PageResource<DealResource>>, ProblemHttpResult>> FunnelDealsAsync(
        HttpRequest request, AnalyticsSnapshots snapshots, LoudouDbContext db, DealQueries deals, TimeProvider clock,
        [AsParameters] FunnelParameters parameters, [AsParameters] DrillParameters drill, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (ApiResults.Given(drill.Stage) is null)
        {
            errors["stage"] = ["stage is required: the key of a stage row of the funnel."];
        }
        FunnelMeasure? measure = drill.Measure switch
        {
            null or "entered" => FunnelMeasure.Entered,
            "advanced" => FunnelMeasure.Advanced,
            "lost" => FunnelMeasure.Lost,
            "open" => FunnelMeasure.Open,
            _ => null,
        };
        if (measure is null)
        {
            errors["measure"] = [$"measure must be entered, advanced, lost or open, was '{drill.Measure}'."];
        }
        ApiResults.CheckPaging(errors, drill.Page, drill.PageSize);
        if (drill.Group is not null && parameters.By is null)
        {
            errors["group"] = ["group needs by: it is one of the breakdown's groups."];
        }
        var (asked, refused) = await ReadAsync(request, snapshots, db, parameters, [.. FunnelParameters.Names, .. DrillParameters.Names], cancellationToken, errors);
        if (refused is not null)
        {
            return refused;
        }
        var (snapshot, query) = asked!.Value;
        IReadOnlyList<long> ids;
        try
        {
            // Newest first, as the deal list; the row engine, so that a cross-check against the columnar figures is a real one.
            ids = [.. FunnelEngine.DealIds(snapshot.Rows, query, clock.GetUtcNow(), drill.Stage!, measure!.Value, drill.Group).OrderDescending()];
        }
        catch (DomainRuleException e)
        {
            return ApiResults.Invalid(new Dictionary<string, string[]> { [e.Field] = [e.Message] });
        }
        var (page, size) = (drill.Page ?? 1, drill.PageSize ?? ApiResults.DefaultPageSize);
        var views = await deals.ByIdsAsync([.. ids.Skip((page - 1) * size).Take(size)], cancellationToken);
        return TypedResults.Ok(new PageResource<DealResource>([.. views.Select(DealResource.From)], page, size, ids.Count));
    }

    /// <summary>Reads and checks the funnel's parameters, naming every bad one, and finds the snapshot they ask about.</summary>
    private static async Task<((LoadedSnapshot Snapshot, FunnelQuery Query)? Asked, ProblemHttpResult? Refused)> ReadAsync(
        HttpRequest request, AnalyticsSnapshots snapshots, LoudouDbContext db, FunnelParameters parameters, string[] known, CancellationToken cancellationToken,
        Dictionary<string, string[]>? errors = null)
    {
        if (CheckQuery(request, known) is { } refused)
        {
            return (null, refused);
        }
        errors ??= new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (parameters.Compare is not null and not ("previous-period" or "previous-year"))
        {
            errors["compare"] = [$"compare must be previous-period or previous-year, was '{parameters.Compare}'."];
        }
        if (parameters.Lang is not null and not ("en" or "zh-CN"))
        {
            errors["lang"] = [$"lang must be en or zh-CN, was '{parameters.Lang}'."];
        }
        var filters = new List<(string, string)>();
        DateOnly? from = null, to = null;
        string? cohortStage = null;
        Collect(errors, () => filters.AddRange((parameters.Where ?? []).Select(AnalysisText.Where)));
        Collect(errors, () => cohortStage = AnalysisText.Cohort(parameters.Cohort));
        Collect(errors, () => from = AnalysisText.Date(parameters.From, "from"));
        Collect(errors, () => to = AnalysisText.Date(parameters.To, "to"));
        Collect(errors, () => FunnelQueryChecks.Range(from, to));
        Collect(errors, () => FunnelQueryChecks.MinN(parameters.MinN ?? FunnelQuery.DefaultMinN));
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
        Collect(errors, () => asOf = AnalysisText.Moment(parameters.AsOf, snapshot.Rows.Calendar));
        if (errors.Count > 0)
        {
            return (null, ApiResults.Invalid(errors));
        }
        var query = new FunnelQuery
        {
            AsOf = asOf,
            Strict = parameters.Strict ?? false,
            MinN = parameters.MinN ?? FunnelQuery.DefaultMinN,
            By = ApiResults.Given(parameters.By),
            Where = filters,
            From = from,
            To = to,
            CohortStage = cohortStage,
            Language = parameters.Lang ?? "en",
            Scope = await ScopeAsync(db, cancellationToken),
        };
        return ((snapshot, query), null);
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

    // Only "where" may repeat; any unknown parameter is named, as the lists do.
    private static ProblemHttpResult? CheckQuery(HttpRequest request, string[] known)
    {
        if (ApiResults.CheckQuery(request, known) is { } unknown)
        {
            return unknown;
        }
        var repeated = request.Query.Where(q => q.Value.Count > 1 && q.Key != "where").Select(q => q.Key).ToList();
        return repeated.Count == 0 ? null
            : ApiResults.Invalid(repeated.ToDictionary(k => k, k => new[] { $"{k} is given {request.Query[k].Count} times; give it once." }, StringComparer.Ordinal));
    }

    private static void Collect(Dictionary<string, string[]> errors, Action read)
    {
        try
        {
            read();
        }
        catch (DomainRuleException e)
        {
            errors.TryAdd(e.Field, [e.Message]);
        }
    }
}
