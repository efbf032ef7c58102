using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Loudou.Web.Api;

/// <summary><c>/api/v1/analytics/team</c>: process and results per rep and team, the ranking and follow-up efficiency, as <c>loudou team --format json</c> gives them.</summary>
public static class TeamApi
{
    /// <summary>Maps the team report onto the analytics group (<see cref="AnalyticsApi.MapAnalyticsApi"/>).</summary>
    public static void MapTeamApi(this RouteGroupBuilder api)
    {
        api.MapGet("/team", ReportAsync).WithName("GetTeam")
            .WithSummary("Per rep and team for a month or any period: standard-action completion, on-time follow-ups, first response, touches, deals handled, win rate with its interval, "
                + "won amount; the ranking's results and process parts and score (docs/metrics.md, Team execution); follow-up efficiency. Admins see every team, managers theirs, "
                + "a rep only their own row and rank among their team's reps.")
            .WithProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
        api.MapGet("/team/deals", DealsAsync).WithName("GetTeamDeals")
            .WithSummary("The deals behind one number of the team report (a rep's row, the total, or an efficiency band), as the deal list answers; its total is the number clicked.")
            .WithProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
        api.MapGet("/team/tasks", TasksAsync).WithName("GetTeamTasks")
            .WithSummary("The follow-up tasks behind a row's on-time figure: due, onTime or late, as the task list answers.")
            .WithProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
    }

    /// <summary><c>/api/v1/admin/ranking</c>: the ranking's weights, a workspace setting (admins change it; everyone reads it in the report).</summary>
    public static void MapRankingApi(this IEndpointRouteBuilder app)
    {
        var ranking = app.MapGroup("/api/v1/admin/ranking").WithTags("Admin");
        ranking.MapGet("/", WeightsAsync).WithName("GetRankingWeights")
            .WithSummary("The team ranking's weights: the results part's share and the process part's (admins).").WithProblems(StatusCodes.Status403Forbidden);
        ranking.MapPut("/", WeighAsync).WithName("SetRankingWeights").Accepts<RankingBody>("application/json")
            .WithSummary("Sets the results part's share of the ranking's score, 0 to 1 (0.6 by default: 60 results / 40 process); the process part has the rest (admins).")
            .WithProblems(StatusCodes.Status403Forbidden);
    }

    private static async Task<Results<Ok<RankingResource>, ProblemHttpResult>> WeightsAsync(HttpRequest request, Storage.LoudouDbContext db, CancellationToken cancellationToken) =>
        ApiResults.CheckQuery(request) is { } unknown ? unknown
        : !db.Scope.SeesAll ? ApiResults.Forbidden("The ranking's weights are set by admins; the team report shows them to everyone.")
        : TypedResults.Ok(RankingResource.Of(await Storage.Analytics.TeamInputs.ResultsWeightAsync(db, cancellationToken)));

    private static async Task<Results<Ok<RankingResource>, ProblemHttpResult>> WeighAsync(System.Text.Json.JsonElement body, Storage.LoudouDbContext db, CancellationToken cancellationToken)
    {
        if (!db.Scope.SeesAll)
        {
            return ApiResults.Forbidden("The ranking's weights are set by admins; the team report shows them to everyone.");
        }
        var read = new JsonBody(body, ["resultsWeight"]);
        var weight = read.Double("resultsWeight");
        if (read.IsValid && weight is null)
        {
            read.Error("resultsWeight", "resultsWeight is required: the results part's share, from 0 to 1, such as 0.6.");
        }
        if (!read.IsValid)
        {
            return ApiResults.Invalid(read.Errors);
        }
        try
        {
            return TypedResults.Ok(RankingResource.Of(await Storage.Analytics.TeamInputs.WeighAsync(db, weight!.Value, cancellationToken)));
        }
        catch (Core.DomainRuleException e)
        {
            return ApiResults.Invalid(e);
        }
    }

    private static async Task<Results<Ok<PageResource<DealResource>>, ProblemHttpResult>> DealsAsync(
        HttpRequest request, TeamAnswers answers, Storage.Deals.DealQueries deals,
        [AsParameters] TeamParameters parameters, [AsParameters] TeamDrillParameters drill, CancellationToken cancellationToken)
    {
        var (ids, tasks, refused) = await answers.DrillAsync(parameters, drill, request.Query, cancellationToken);
        if (refused is not null)
        {
            return refused;
        }
        return tasks ? NotDeals(drill.Figure) : await AnalyticsApi.PageOfAsync(deals, ids, drill.Page, drill.PageSize, cancellationToken);
    }

    private static async Task<Results<Ok<PageResource<Storage.Activities.TaskView>>, ProblemHttpResult>> TasksAsync(
        HttpRequest request, TeamAnswers answers, Storage.Activities.TaskStore store,
        [AsParameters] TeamParameters parameters, [AsParameters] TeamDrillParameters drill, CancellationToken cancellationToken)
    {
        var (ids, tasks, refused) = await answers.DrillAsync(parameters, drill, request.Query, cancellationToken);
        if (refused is not null)
        {
            return refused;
        }
        if (!tasks)
        {
            return NotTasks(drill.Figure);
        }
        var (number, size) = (drill.Page ?? 1, drill.PageSize ?? ApiResults.DefaultPageSize);
        var skip = (int)Math.Min(int.MaxValue, ((long)number - 1) * size);
        return TypedResults.Ok(new PageResource<Storage.Activities.TaskView>(await store.ByIdsAsync([.. ids.Skip(skip).Take(size)], cancellationToken), number, size, ids.Count));
    }

    private static ProblemHttpResult NotDeals(string? figure) => ApiResults.Invalid(new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["figure"] = [$"{figure} counts tasks: ask /api/v1/analytics/team/tasks."],
    });

    private static ProblemHttpResult NotTasks(string? figure) => ApiResults.Invalid(new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["figure"] = [$"{figure} counts deals: ask /api/v1/analytics/team/deals."],
    });

    private static Task<Results<Ok<JsonObject>, ProblemHttpResult>> ReportAsync(
        HttpRequest request, TeamAnswers answers, [AsParameters] TeamParameters parameters, CancellationToken cancellationToken) =>
        answers.ReportAsync(parameters, request.Query, cancellationToken);
}

/// <param name="ResultsWeight">The results part's share of the score, 0 to 1.</param>
/// <param name="ProcessWeight">The process part's share: 1 minus the results part's.</param>
public sealed record RankingResource(double ResultsWeight, double ProcessWeight)
{
    public static RankingResource Of(double results) => new(results, Math.Round(1 - results, 10));
}

/// <param name="ResultsWeight">The results part's share of the score, from 0 to 1, such as 0.6.</param>
public sealed record RankingBody(double ResultsWeight);
