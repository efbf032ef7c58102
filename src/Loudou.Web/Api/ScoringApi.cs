using System.ComponentModel;
using System.Text.Json.Nodes;
using Loudou.Core;
using Loudou.Scoring;
using Loudou.Storage;
using Loudou.Storage.Deals;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Loudou.Web.Api;

/// <summary>
/// <c>/api/v1/scoring</c>: train a pipeline's scoring model (admins) and read its quality report, the same JSON as
/// <c>loudou score train|report --format json</c>; and <c>/api/v1/deals/{id}/score</c>, a deal's score with its top factors.
/// </summary>
/// <remarks>A score is visible with its deal: a deal outside the caller's scope is 404, as everywhere (docs/scoring.md).</remarks>
public static class ScoringApi
{
    public static void MapScoringApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/scoring").WithTags("Scoring");
        api.MapPost("/train", TrainAsync).WithName("TrainScoringModel")
            .WithSummary("Trains the pipeline's model on its closed deals, stores it with its quality report, makes it active and scores the open deals (admins only). "
                + "Answers the report stored. A pipeline with no closed deals, one outcome only, or too few of each is refused with the reason, and nothing changes.")
            .WithProblems(StatusCodes.Status403Forbidden);
        api.MapGet("/report", ReportAsync).WithName("GetScoringReport")
            .WithSummary("The quality report of the pipeline's active model: AUC by cross-validation and on a time split, Brier score, calibration table, lift, training time.")
            .WithProblems(StatusCodes.Status404NotFound);
        app.MapGet("/api/v1/deals/{id}/score", DealScoreAsync).WithTags("Scoring").WithName("GetDealScore")
            .WithSummary("A deal's calibrated chance of being won and the top factors behind it, each with its sign, size and words; score null (with the reason) "
                + "when the deal is closed, not yet scored, or its pipeline has no model. A deal outside the caller's scope is 404.")
            .WithProblems(StatusCodes.Status404NotFound);
    }

    private static async Task<Results<Ok<JsonObject>, ProblemHttpResult>> TrainAsync(
        HttpRequest request, LoudouDbContext db, ScoringService scoring,
        [Description("Pipeline key; the workspace's default pipeline when left out.")] string? pipeline,
        [Description("Seed of every random choice; 1 when left out. The same data and seed give the same report.")] int? seed,
        CancellationToken cancellationToken)
    {
        if (ApiResults.CheckQuery(request, "pipeline", "seed") is { } unknown)
        {
            return unknown;
        }
        if (!db.Scope.SeesAll)
        {
            return ApiResults.Forbidden("Scoring models are trained by admins.");
        }
        try
        {
            var outcome = await scoring.TrainAsync(ApiResults.Given(pipeline), ScoringSettings.Default with { Seed = seed ?? 1 }, cancellationToken);
            return outcome.Report is { } report
                ? TypedResults.Ok(report)
                : ApiResults.Invalid(new Dictionary<string, string[]> { ["pipeline"] = [outcome.Refusal + " Nothing was changed."] });
        }
        catch (DomainRuleException e)
        {
            return ApiResults.Invalid(e);
        }
    }

    private static async Task<Results<Ok<JsonObject>, ProblemHttpResult>> ReportAsync(
        HttpRequest request, ScoringService scoring,
        [Description("Pipeline key; the workspace's default pipeline when left out.")] string? pipeline,
        CancellationToken cancellationToken)
    {
        if (ApiResults.CheckQuery(request, "pipeline") is { } unknown)
        {
            return unknown;
        }
        try
        {
            return await scoring.ReportAsync(ApiResults.Given(pipeline), cancellationToken) is { } report
                ? TypedResults.Ok(report)
                : ApiResults.Problem(StatusCodes.Status404NotFound, "No scoring model.", $"Pipeline {pipeline ?? "(default)"} has no scoring model yet; an admin trains one.");
        }
        catch (DomainRuleException e)
        {
            return ApiResults.Invalid(e);
        }
    }

    private static async Task<Results<Ok<DealScoreResource>, ProblemHttpResult>> DealScoreAsync(
        long id, HttpRequest request, DealQueries deals, ScoringService scoring, CancellationToken cancellationToken)
    {
        if (ApiResults.CheckQuery(request) is { } unknown)
        {
            return unknown;
        }
        if (await deals.GetAsync(id, cancellationToken) is not { } deal)
        {
            return ApiResults.NotFound("deal", id);
        }
        if (await scoring.ScoreOfAsync(id, cancellationToken) is { } score)
        {
            return TypedResults.Ok(new DealScoreResource(id, score.Pipeline, score.Score, score.ScoredAt, score.ModelId, score.Model, score.TrainedAt, score.Factors, null));
        }
        var reason = deal.StageKind != Core.Pipelines.StageKind.Open
            ? "closed deals are not scored: their outcome is known."
            : "the deal is not scored yet: its pipeline has no scoring model, or the deal changed a moment ago and is scored within a minute.";
        return TypedResults.Ok(new DealScoreResource(id, deal.Pipeline, null, null, null, null, null, [], reason));
    }
}

/// <summary>A deal's score.</summary>
/// <param name="Score">The calibrated probability 0..1 that the deal is won; null when there is none, with <paramref name="Reason"/>.</param>
/// <param name="Model">The method of the model: trees, logistic or stageConversion.</param>
/// <param name="Factors">The top factors: feature, value, contribution (log-odds; above 0 raises), direction and text in zh-CN and en.</param>
public sealed record DealScoreResource(
    long DealId, string Pipeline, double? Score, DateTimeOffset? ScoredAt, int? ModelId, string? Model, DateTimeOffset? TrainedAt, JsonArray Factors, string? Reason);
