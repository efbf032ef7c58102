using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using Loudou.Core;
using Loudou.Core.Analytics;
using Loudou.Storage;
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
    private static readonly string[] FunnelParameters = ["pipeline", "asOf", "from", "to", "by", "where", "cohort", "strict", "compare", "minN", "curves", "lang"];

    public static void MapAnalyticsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/analytics").WithTags("Analytics");
        api.MapGet("/funnel", FunnelAsync).WithName("GetFunnel")
            .WithSummary("The funnel of docs/metrics.md: entered, advanced, lost and open per stage, conversions with 95% intervals, time in stage; as loudou funnel --format json gives it.")
            .WithProblems(StatusCodes.Status404NotFound);
    }

    private static async Task<Results<Ok<JsonObject>, ProblemHttpResult>> FunnelAsync(
        HttpRequest request,
        AnalyticsSnapshots snapshots,
        LoudouDbContext db,
        TimeProvider clock,
        [Description("The pipeline's key; the workspace's default pipeline when left out.")] string? pipeline,
        [Description("The moment described: YYYY-MM-DD (the end of that local day) or an ISO date-time. Default: now, or the latest event when that is over 30 days old.")] string? asOf,
        [Description("First day of the cohort range, YYYY-MM-DD (local).")] string? from,
        [Description("Last day of the cohort range, YYYY-MM-DD (local), inclusive.")] string? to,
        [Description("A dimension to break the funnel down by: channel, owner, team, industry, sizeBand, region, product, tag, cohort or custom.KEY.")] string? by,
        [Description("Keep deals with DIM=VALUE; repeatable, each must hold (an empty VALUE means blank).")] string[]? where,
        [Description("created (default) or entered:STAGE: which date puts a deal in the from/to range and in a cohort month.")] string? cohort,
        [Description("Count a stage as entered only when the history shows it.")] bool? strict,
        [Description("previous-period or previous-year: compare exit-based conversion in the from/to range (default: the last full month) with the period before or a year earlier."), AllowedValues("previous-period", "previous-year")] string? compare,
        [Description("Rates with fewer deals than this are flagged too few to say; 30 by default."), Range(1, int.MaxValue)] int? minN,
        [Description("Add each stage's Kaplan–Meier curves of time in stage and to close.")] bool? curves,
        [Description("Language of stage names: en (default) or zh-CN."), AllowedValues("en", "zh-CN")] string? lang,
        CancellationToken cancellationToken)
    {
        if (CheckQuery(request) is { } refused)
        {
            return refused;
        }
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (compare is not null and not ("previous-period" or "previous-year"))
        {
            errors["compare"] = [$"compare must be previous-period or previous-year, was '{compare}'."];
        }
        if (lang is not null and not ("en" or "zh-CN"))
        {
            errors["lang"] = [$"lang must be en or zh-CN, was '{lang}'."];
        }
        var filters = new List<(string, string)>();
        DateOnly? fromDate = null, toDate = null;
        string? cohortStage = null;
        Collect(errors, () => filters.AddRange((where ?? []).Select(AnalysisText.Where)));
        Collect(errors, () => cohortStage = AnalysisText.Cohort(cohort));
        Collect(errors, () => fromDate = AnalysisText.Date(from, "from"));
        Collect(errors, () => toDate = AnalysisText.Date(to, "to"));
        Collect(errors, () => FunnelQueryChecks.Range(fromDate, toDate));
        Collect(errors, () => FunnelQueryChecks.MinN(minN ?? FunnelQuery.DefaultMinN));
        if (errors.Count > 0)
        {
            return ApiResults.Invalid(errors);
        }
        LoadedSnapshot snapshot;
        try
        {
            snapshot = await snapshots.GetAsync(ApiResults.Given(pipeline), cancellationToken);
        }
        catch (DomainRuleException e) when (e.Field == "pipeline")
        {
            return ApiResults.Problem(StatusCodes.Status404NotFound, "No such pipeline.", e.Message);
        }
        DateTimeOffset? moment = null;
        Collect(errors, () => moment = AnalysisText.Moment(asOf, snapshot.Rows.Calendar));
        if (errors.Count > 0)
        {
            return ApiResults.Invalid(errors);
        }
        var query = new FunnelQuery
        {
            AsOf = moment,
            Strict = strict ?? false,
            MinN = minN ?? FunnelQuery.DefaultMinN,
            By = ApiResults.Given(by),
            Where = filters,
            From = fromDate,
            To = toDate,
            CohortStage = cohortStage,
            Language = lang ?? "en",
            Scope = await ScopeAsync(db, cancellationToken),
        };
        var now = clock.GetUtcNow();
        try
        {
            var report = FunnelEngine.Compute(snapshot.Columns, query, now);
            var comparison = compare is null ? null
                : PeriodComparison.Compute(snapshot.Rows, query, now, compare == "previous-year" ? CompareWith.PreviousYear : CompareWith.PreviousPeriod, fromDate, toDate);
            return TypedResults.Ok(FunnelJson.Write(report, snapshot.Rows.Calendar.Zone, curves ?? false, comparison));
        }
        catch (DomainRuleException e)
        {
            return ApiResults.Invalid(new Dictionary<string, string[]> { [e.Field] = [e.Message] });
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

    // Only "where" may repeat; any unknown parameter is named, as the lists do.
    private static ProblemHttpResult? CheckQuery(HttpRequest request)
    {
        if (ApiResults.CheckQuery(request, FunnelParameters) is { } unknown)
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
