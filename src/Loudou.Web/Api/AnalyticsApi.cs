using System.Text.Json.Nodes;
using Loudou.Core;
using Loudou.Core.Analytics;
using Loudou.Storage;
using Loudou.Storage.Deals;
using Loudou.Storage.Records;
using Loudou.Web.Analytics;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Loudou.Web.Api;

/// <summary><c>/api/v1/analytics</c>: the funnel engine on the host's in-memory snapshot, in the caller's scope; the analyses built on it are in <see cref="AnalysesApi"/>.</summary>
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
        api.MapAnalysesApi();
    }

    private static async Task<Results<Ok<JsonObject>, ProblemHttpResult>> FunnelAsync(
        HttpRequest request, AnalyticsSnapshots snapshots, LoudouDbContext db, TimeProvider clock, [AsParameters] FunnelParameters parameters, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var cohortStage = CheckFunnel(parameters, errors);
        var (asked, refused) = await AnalysisReader.ReadAsync(request, snapshots, db, parameters, FunnelParameters.Names, errors, cancellationToken);
        if (refused is not null)
        {
            return refused;
        }
        var (snapshot, shared) = asked!.Value;
        var query = Funnel(shared, parameters, cohortStage);
        var now = clock.GetUtcNow();
        return AnalysisReader.Answer(() =>
        {
            var report = FunnelEngine.Compute(snapshot.Columns, query, now);
            var comparison = parameters.Compare is null ? null
                : PeriodComparison.Compute(snapshot.Columns, query, now, parameters.Compare == "previous-year" ? CompareWith.PreviousYear : CompareWith.PreviousPeriod, query.From, query.To);
            return FunnelJson.Write(report, snapshot.Columns.Calendar.Zone, query.Curves, comparison);
        });
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
        var cohortStage = CheckFunnel(parameters, errors);
        var (asked, refused) = await AnalysisReader.ReadAsync(request, snapshots, db, parameters, [.. FunnelParameters.Names, .. DrillParameters.Names], errors, cancellationToken);
        if (refused is not null)
        {
            return refused;
        }
        var (snapshot, shared) = asked!.Value;
        var query = Funnel(shared, parameters, cohortStage);
        IReadOnlyList<long> ids;
        try
        {
            // Newest first, as the deal list; the engine gives them in snapshot order, which a refresh reshuffles.
            ids = [.. FunnelEngine.DealIds(snapshot.Columns, query, clock.GetUtcNow(), drill.Stage!, measure!.Value, drill.Group).OrderDescending()];
        }
        catch (DomainRuleException e)
        {
            return ApiResults.Invalid(e);
        }
        var (page, size) = (drill.Page ?? 1, drill.PageSize ?? ApiResults.DefaultPageSize);
        // In long: page 2,147,483,647 of 1,000 is past the end, not an overflow back to the start.
        var skip = (int)Math.Min(int.MaxValue, ((long)page - 1) * size);
        var views = await deals.ByIdsAsync([.. ids.Skip(skip).Take(size)], cancellationToken);
        return TypedResults.Ok(new PageResource<DealResource>([.. views.Select(DealResource.From)], page, size, ids.Count));
    }

    /// <summary>Checks the funnel's own parameters into the errors; the stage whose entry makes the cohorts (null: creation).</summary>
    private static string? CheckFunnel(FunnelParameters parameters, Dictionary<string, string[]> errors)
    {
        if (parameters.Compare is not null and not ("previous-period" or "previous-year"))
        {
            errors["compare"] = [$"compare must be previous-period or previous-year, was '{parameters.Compare}'."];
        }
        string? cohortStage = null;
        RecordWrites.Check(errors, () => cohortStage = AnalysisText.Cohort(parameters.Cohort));
        RecordWrites.Check(errors, () => FunnelQueryChecks.MinN(parameters.MinN ?? FunnelQuery.DefaultMinN));
        return cohortStage;
    }

    private static FunnelQuery Funnel(FunnelQuery shared, FunnelParameters parameters, string? cohortStage) => shared with
    {
        Strict = parameters.Strict ?? false,
        MinN = parameters.MinN ?? FunnelQuery.DefaultMinN,
        By = ApiResults.Given(parameters.By),
        CohortStage = cohortStage,
        Curves = parameters.Curves ?? false,
    };
}
