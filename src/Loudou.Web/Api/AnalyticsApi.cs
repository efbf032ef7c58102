using System.Text.Json.Nodes;
using Loudou.Storage.Deals;
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
            .WithSummary("The deals behind one number of the funnel (a stage row's entered, advanced, lost or open; without a stage, the total deals, won, lost or open), in a group or in all, as the deal list answers; total equals that number.")
            .WithProblems(StatusCodes.Status404NotFound);
        api.MapAnalysesApi();
        api.MapTeamApi();
        api.MapReviewApi();
        api.MapChannelQualityApi();
    }

    private static Task<Results<Ok<JsonObject>, ProblemHttpResult>> FunnelAsync(
        HttpRequest request, FunnelAnswers answers, [AsParameters] FunnelParameters parameters, CancellationToken cancellationToken) =>
        answers.FunnelAsync(parameters, request.Query, cancellationToken);

    private static async Task<Results<Ok<PageResource<DealResource>>, ProblemHttpResult>> FunnelDealsAsync(
        HttpRequest request, FunnelAnswers answers, DealQueries deals,
        [AsParameters] FunnelParameters parameters, [AsParameters] DrillParameters drill, CancellationToken cancellationToken)
    {
        // reason= (empty) asks for the deals lost without a recorded reason; binding reads it as no reason at all.
        if (drill.Reason is null && request.Query.ContainsKey("reason"))
        {
            drill = drill.WithBlankReason();
        }
        var (ids, refused) = await answers.DealIdsAsync(parameters, drill, request.Query, cancellationToken);
        if (refused is not null)
        {
            return refused;
        }
        return await PageOfAsync(deals, ids, drill.Page, drill.PageSize, cancellationToken);
    }

    /// <summary>One page of a drill-down's deals, as the deal list answers; its total is the number clicked.</summary>
    internal static async Task<Ok<PageResource<DealResource>>> PageOfAsync(DealQueries deals, IReadOnlyList<long> ids, int? page, int? pageSize, CancellationToken cancellationToken)
    {
        var (number, size) = (page ?? 1, pageSize ?? ApiResults.DefaultPageSize);
        // In long: page 2,147,483,647 of 1,000 is past the end, not an overflow back to the start.
        var skip = (int)Math.Min(int.MaxValue, ((long)number - 1) * size);
        var views = await deals.ByIdsAsync([.. ids.Skip(skip).Take(size)], cancellationToken);
        return TypedResults.Ok(new PageResource<DealResource>([.. views.Select(DealResource.From)], number, size, ids.Count));
    }
}
