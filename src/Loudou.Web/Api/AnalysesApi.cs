using System.Text.Json.Nodes;
using Loudou.Storage.Deals;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Loudou.Web.Api;

/// <summary>The analyses built on the funnel, under <c>/api/v1/analytics</c>: bottlenecks, drivers, loss reasons and what-if, in the caller's scope.</summary>
/// <remarks>
/// As the funnel: the CLI's options under their JSON names, and the CLI's JSON (docs/metrics.md) written by
/// the same Core writer, so <c>loudou bottlenecks --format json</c> and this answer are the same document.
/// Each runs on the host's columnar snapshot, as the CLI runs on the columns it loads; a rep's peers and segments are the rep's own deals.
/// </remarks>
public static class AnalysesApi
{
    /// <summary>Maps the analyses onto the analytics group (<see cref="AnalyticsApi.MapAnalyticsApi"/>).</summary>
    public static void MapAnalysesApi(this RouteGroupBuilder api)
    {
        api.MapGet("/bottlenecks", BottlenecksAsync).WithName("GetBottlenecks")
            .WithSummary("Stages and segments whose exit-based conversion is significantly below their target, their trailing three months or their peers (or whose time in stage is longer), "
                + "ranked by pipeline value at risk; as loudou bottlenecks --format json gives it.")
            .WithProblems(StatusCodes.Status404NotFound);
        api.MapGet("/drivers", DriversAsync).WithName("GetDrivers")
            .WithSummary("What goes with advancing from an open stage: for each deal attribute value, completed standard action, touches in the stage and first-response band, "
                + "the odds ratio of advancing with it against without, its 95% interval and a Benjamini–Hochberg q-value; an association, not a cause; as loudou drivers --format json gives it.")
            .WithProblems(StatusCodes.Status404NotFound);
        api.MapGet("/drivers/deals", DriverDealsAsync).WithName("GetDriverDeals")
            .WithSummary("The deals behind one side of a driver's table: those that left the stage with the feature value (withN of them) or without it (withoutN), as the deal list answers.")
            .WithProblems(StatusCodes.Status404NotFound);
        api.MapGet("/losses", LossesAsync).WithName("GetLosses")
            .WithSummary("Loss reasons per stage, most frequent first, with each reason's share and the running (Pareto) share; as loudou losses --format json gives it.")
            .WithProblems(StatusCodes.Status404NotFound);
        api.MapGet("/whatif", WhatIfAsync).WithName("GetWhatIf")
            .WithSummary("The extra won deals and amount if one stage's exit-based conversion rose by some points, everything else equal, stages ranked; as loudou whatif --format json gives it.")
            .WithProblems(StatusCodes.Status404NotFound);
    }

    private static Task<Results<Ok<JsonObject>, ProblemHttpResult>> BottlenecksAsync(
        HttpRequest request, AnalysisAnswers answers, [AsParameters] BottleneckParameters parameters, CancellationToken cancellationToken) =>
        answers.BottlenecksAsync(parameters, request.Query, cancellationToken);

    private static Task<Results<Ok<JsonObject>, ProblemHttpResult>> DriversAsync(
        HttpRequest request, AnalysisAnswers answers, [AsParameters] DriverParameters parameters, CancellationToken cancellationToken) =>
        answers.DriversAsync(parameters, request.Query, cancellationToken);

    private static async Task<Results<Ok<PageResource<DealResource>>, ProblemHttpResult>> DriverDealsAsync(
        HttpRequest request, AnalysisAnswers answers, DealQueries deals,
        [AsParameters] DriverParameters parameters, [AsParameters] DriverDrillParameters drill, CancellationToken cancellationToken)
    {
        var (ids, refused) = await answers.DriverDealIdsAsync(parameters, drill, request.Query, cancellationToken);
        if (refused is not null)
        {
            return refused;
        }
        return await AnalyticsApi.PageOfAsync(deals, ids, drill.Page, drill.PageSize, cancellationToken);
    }

    private static Task<Results<Ok<JsonObject>, ProblemHttpResult>> LossesAsync(
        HttpRequest request, AnalysisAnswers answers, [AsParameters] LossParameters parameters, CancellationToken cancellationToken) =>
        answers.LossesAsync(parameters, request.Query, cancellationToken);

    private static Task<Results<Ok<JsonObject>, ProblemHttpResult>> WhatIfAsync(
        HttpRequest request, AnalysisAnswers answers, [AsParameters] WhatIfParameters parameters, CancellationToken cancellationToken) =>
        answers.WhatIfAsync(parameters, request.Query, cancellationToken);
}
