using System.ComponentModel;
using Loudou.Storage.Deals;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Loudou.Web.Api;

/// <summary><c>/api/v1/deals</c>: the caller's deals, in the caller's scope.</summary>
/// <remarks>
/// A deal outside the caller's scope is answered exactly as one that does not exist (404), and
/// list totals count only deals in scope, so no answer reveals what the caller may not see.
/// </remarks>
public static class DealsApi
{
    /// <summary>The query parameters a list accepts; any other is refused, so a misspelt filter cannot silently return everything.</summary>
    private static readonly HashSet<string> ListParameters = new(StringComparer.OrdinalIgnoreCase) { "page", "pageSize", "owner", "team", "pipeline", "stage", "channel", "tag" };

    public const int DefaultPageSize = 50;

    public static RouteGroupBuilder MapDealsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/deals").WithTags("Deals");
        api.MapGet("/", ListDealsAsync)
            .WithName("ListDeals")
            .WithSummary("Lists the caller's deals, newest first, a page at a time.")
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        api.MapGet("/{id}", GetDealAsync)
            .WithName("GetDeal")
            .WithSummary("Reads one deal; a deal outside the caller's scope is 404, as if it did not exist.")
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        return api;
    }

    private static async Task<Results<Ok<DealListResource>, ValidationProblem>> ListDealsAsync(
        HttpRequest request,
        DealQueries deals,
        [Description("Page number, from 1.")] int? page,
        [Description("Deals per page, 1 to 1000; 50 by default.")] int? pageSize,
        [Description("The owner's login.")] string? owner,
        [Description("The team's name.")] string? team,
        [Description("The pipeline's key.")] string? pipeline,
        [Description("The stage's key.")] string? stage,
        [Description("The channel's name.")] string? channel,
        [Description("A tag the deal carries.")] string? tag,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var (key, values) in request.Query)
        {
            if (!ListParameters.Contains(key))
            {
                errors[key] = [$"unknown parameter '{key}'; a list takes {string.Join(", ", ListParameters)}."];
            }
            else if (values.Count > 1)
            {
                errors[key] = [$"{key} is given {values.Count} times; give it once."];
            }
        }
        if (page is < 1)
        {
            errors["page"] = [$"page must be 1 or more, was {page}."];
        }
        if (pageSize is < 1 or > DealQueries.MaxPageSize)
        {
            errors["pageSize"] = [$"pageSize must be from 1 to {DealQueries.MaxPageSize}, was {pageSize}."];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, detail: string.Join(" ", errors.Values.SelectMany(e => e)));
        }
        var filter = new DealFilter(Given(owner), Given(team), Given(pipeline), Given(stage), Given(channel), Given(tag));
        var result = await deals.ListAsync(filter, page ?? 1, pageSize ?? DefaultPageSize, cancellationToken);
        return TypedResults.Ok(new DealListResource([.. result.Items.Select(DealResource.From)], result.Page, result.PageSize, result.Total));
    }

    private static async Task<Results<Ok<DealResource>, ProblemHttpResult>> GetDealAsync(long id, DealQueries deals, CancellationToken cancellationToken) =>
        await deals.GetAsync(id, cancellationToken) is { } deal
            ? TypedResults.Ok(DealResource.From(deal))
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such deal.", detail: $"There is no deal {id}.");

    private static string? Given(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
