using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Loudou.Core.Analytics.Review;
using Loudou.Import.Export.Review;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Loudou.Web.Api;

/// <summary><c>/api/v1/analytics/review</c> and the printable <c>/review/YYYY-MM</c>: the monthly review as <c>loudou review</c> writes it.</summary>
public static class ReviewApi
{
    private const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>Maps the review onto the analytics group (<see cref="AnalyticsApi.MapAnalyticsApi"/>).</summary>
    public static void MapReviewApi(this RouteGroupBuilder api) =>
        api.MapGet("/review", ReviewAsync).WithName("GetReview")
            .WithSummary("The monthly review of docs/metrics.md: KPIs against targets, the month before and the same month last year; the funnel; the biggest bottlenecks; "
                + "what changed and why (parts adding up to the change); the ranking; loss reasons that grew; targets hit and missed; actions for next month. "
                + "format=xlsx gives the workbook, format=html the printable page. Admins review any team or the workspace, managers their team, reps their own deals.")
            .Produces<JsonObject>(StatusCodes.Status200OK, "application/json", XlsxType, "text/html")
            .WithProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);

    /// <summary>The printable review: the same HTML document as <c>loudou review --format html</c>, with a link back into the app.</summary>
    public static void MapReviewPage(this IEndpointRouteBuilder app) =>
        app.MapGet("/review/{month}", PageAsync).RequireAuthorization().ExcludeFromDescription();

    private static async Task<Results<Ok<JsonObject>, FileContentHttpResult, ContentHttpResult, ProblemHttpResult>> ReviewAsync(
        HttpRequest request, ReviewAnswers answers, [AsParameters] ReviewParameters parameters, CancellationToken cancellationToken)
    {
        if (parameters.Format is { } format && format is not ("json" or "xlsx" or "html"))
        {
            return ApiResults.Invalid(new Dictionary<string, string[]>(StringComparer.Ordinal) { ["format"] = [$"format must be json, xlsx or html; was '{format}'."] });
        }
        var (report, zone, language, refused) = await answers.ReadAsync(parameters, request.Query, cancellationToken);
        if (refused is not null)
        {
            return refused;
        }
        return parameters.Format switch
        {
            "xlsx" => Workbook(report!, language),
            "html" => TypedResults.Content(ReviewHtml.Document(report!, zone!, language), "text/html", Encoding.UTF8),
            _ => TypedResults.Ok(ReviewJson.Write(report!, zone!, language)),
        };
    }

    private static async Task<ContentHttpResult> PageAsync(
        HttpContext context, string month, ReviewAnswers answers, CancellationToken cancellationToken)
    {
        var request = context.Request;
        var parameters = new ReviewParameters
        {
            Month = month,
            Team = request.Query["team"].FirstOrDefault(),
            AsOf = request.Query["asOf"].FirstOrDefault(),
            Pipeline = request.Query["pipeline"].FirstOrDefault(),
            Lang = request.Query["lang"].FirstOrDefault() ?? (CultureInfo.CurrentUICulture.Name == "zh-CN" ? "zh-CN" : "en"),
        };
        var (report, zone, language, refused) = await answers.ReadAsync(parameters, null, cancellationToken);
        if (refused is not null)
        {
            // A person opened this address: the refusal as a short page in their language, with its status, not as JSON.
            var reason = ApiResults.Reason(refused) ?? refused.ProblemDetails.Detail ?? refused.ProblemDetails.Title ?? "";
            return TypedResults.Content(ReviewHtml.Refusal(reason, parameters.Lang!, "/review"), "text/html", Encoding.UTF8, refused.StatusCode);
        }
        // The /review page shows this document in a frame of its own origin.
        context.Items[Startup.SecurityHeaders.FrameSameOrigin] = true;
        var embedded = request.Query.ContainsKey("embed");
        return TypedResults.Content(ReviewHtml.Document(report!, zone!, language, embedded ? null : "/review"), "text/html", Encoding.UTF8);
    }

    private static FileContentHttpResult Workbook(ReviewReport report, string language)
    {
        using var stream = new MemoryStream();
        ReviewWorkbook.Write(stream, report, language);
        var name = $"review-{report.Month:yyyy-MM}{(report.Team is null ? "" : "-" + report.Team)}.xlsx";
        return TypedResults.File(stream.ToArray(), XlsxType, name);
    }
}
