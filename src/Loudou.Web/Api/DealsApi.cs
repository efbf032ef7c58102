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
        api.MapPost("/", CreateDealAsync)
            .WithName("CreateDeal")
            .WithSummary("Creates a deal; every bad field is named in one 400. A rep creates own deals, a manager for the team, an admin for anyone.")
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        api.MapGet("/{id}", GetDealAsync)
            .WithName("GetDeal")
            .WithSummary("Reads one deal; a deal outside the caller's scope is 404, as if it did not exist. The ETag is its version.")
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        api.MapPost("/{id}/stage", MoveStageAsync)
            .WithName("MoveDealStage")
            .WithSummary("Moves a deal to another stage of its pipeline, checking the stage gate; needs the deal's version in If-Match or the body.")
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        api.MapPost("/{id}/actions", SetActionAsync)
            .WithName("SetDealAction")
            .WithSummary("Marks a standard action of the deal done (or not done); needs the deal's version in If-Match or the body.")
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        api.MapGet("/{id}/audit", GetAuditAsync)
            .WithName("GetDealAudit")
            .WithSummary("The deal's audit trail, newest first: who changed what, when, before and after.")
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
            return Invalid(errors);
        }
        var filter = new DealFilter(Given(owner), Given(team), Given(pipeline), Given(stage), Given(channel), Given(tag));
        var result = await deals.ListAsync(filter, page ?? 1, pageSize ?? DefaultPageSize, cancellationToken);
        return TypedResults.Ok(new DealListResource([.. result.Items.Select(DealResource.From)], result.Page, result.PageSize, result.Total));
    }

    private static async Task<Results<Ok<DealResource>, ProblemHttpResult>> GetDealAsync(long id, DealQueries deals, HttpResponse response, CancellationToken cancellationToken)
    {
        if (await deals.GetAsync(id, cancellationToken) is not { } deal)
        {
            return NoSuchDeal(id);
        }
        response.Headers.ETag = DealVersions.ETag(deal.Version);
        return TypedResults.Ok(DealResource.From(deal));
    }

    private static async Task<Results<Created<DealResource>, ValidationProblem>> CreateDealAsync(
        DealDraft draft, DealCreation creation, DealQueries deals, HttpResponse response, CancellationToken cancellationToken)
    {
        var (id, errors) = await creation.CreateAsync(draft, cancellationToken);
        if (id is not { } created)
        {
            return Invalid(errors);
        }
        var deal = (await deals.GetAsync(created, cancellationToken))!;
        response.Headers.ETag = DealVersions.ETag(deal.Version);
        return TypedResults.Created($"/api/v1/deals/{created}", DealResource.From(deal));
    }

    private static Task<Results<Ok<DealResource>, ValidationProblem, ProblemHttpResult>> MoveStageAsync(
        long id, StageMoveBody body, HttpRequest request, HttpResponse response, DealWrites writes, DealQueries deals, CancellationToken cancellationToken) =>
        WriteAsync(id, body.Version, request, response, deals, version => writes.MoveStageAsync(id, version, new StageMoveRequest(body.Stage, body.LossReason, body.Override), cancellationToken), cancellationToken);

    private static Task<Results<Ok<DealResource>, ValidationProblem, ProblemHttpResult>> SetActionAsync(
        long id, ActionBody body, HttpRequest request, HttpResponse response, DealWrites writes, DealQueries deals, CancellationToken cancellationToken) =>
        WriteAsync(id, body.Version, request, response, deals, version => writes.SetActionAsync(id, version, new ActionRequest(body.Action, body.Stage, body.Done ?? true), cancellationToken), cancellationToken);

    /// <summary>The common part of every write: the version the caller read, the write, and its outcome as HTTP.</summary>
    private static async Task<Results<Ok<DealResource>, ValidationProblem, ProblemHttpResult>> WriteAsync(
        long id, int? bodyVersion, HttpRequest request, HttpResponse response, DealQueries deals, Func<int, Task<DealWriteResult>> write, CancellationToken cancellationToken)
    {
        var (expected, error) = DealVersions.Expected(request, bodyVersion);
        if (error is not null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["If-Match"] = [error] }, detail: error);
        }
        if (expected is not { } version)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status428PreconditionRequired, title: "The deal's version is required.",
                detail: "Send the version you read as If-Match (the deal's ETag) or as \"version\" in the body, so that a change made since is not overwritten.");
        }
        var result = await write(version);
        switch (result.Status)
        {
            case DealWriteStatus.NotFound:
                return NoSuchDeal(id);
            case DealWriteStatus.Invalid:
                return Invalid(result.Errors!);
            case DealWriteStatus.VersionConflict:
                return Problem(StatusCodes.Status409Conflict, "The deal has changed.",
                    $"You sent version {version}; the deal is now at version {result.Version}. Read it again and retry.", ("currentVersion", result.Version));
            case DealWriteStatus.GateClosed:
                return Problem(StatusCodes.Status422UnprocessableEntity, "The stage gate is not met.",
                    $"To leave this stage forwards, first {Describe(result.Missing!)}. A manager may override with a reason.",
                    ("missing", new { actions = result.Missing!.Actions, fields = result.Missing.Fields }));
            case DealWriteStatus.OverrideNotAllowed:
                return Problem(StatusCodes.Status403Forbidden, "Only a manager or an admin may override a stage gate.",
                    $"The gate lacks: {Describe(result.Missing!)}.", ("missing", new { actions = result.Missing!.Actions, fields = result.Missing.Fields }));
            default:
                var deal = (await deals.GetAsync(id, cancellationToken))!;
                response.Headers.ETag = DealVersions.ETag(deal.Version);
                return TypedResults.Ok(DealResource.From(deal));
        }
    }

    private static async Task<Results<Ok<IReadOnlyList<AuditEntryResource>>, ProblemHttpResult>> GetAuditAsync(long id, DealQueries deals, AuditQueries audit, CancellationToken cancellationToken)
    {
        if (await deals.GetAsync(id, cancellationToken) is null)
        {
            return NoSuchDeal(id);
        }
        var entries = await audit.ForDealAsync(id, cancellationToken);
        return TypedResults.Ok<IReadOnlyList<AuditEntryResource>>([.. entries.Select(AuditEntryResource.From)]);
    }

    /// <summary>A 400 whose errors name each bad field and whose detail repeats them for people.</summary>
    private static ValidationProblem Invalid(IReadOnlyDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, detail: string.Join(" ", errors.Values.SelectMany(e => e)));

    private static ProblemHttpResult NoSuchDeal(long id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such deal.", detail: $"There is no deal {id}.");

    private static ProblemHttpResult Problem(int status, string title, string detail, (string Key, object? Value) extension) =>
        TypedResults.Problem(statusCode: status, title: title, detail: detail, extensions: new Dictionary<string, object?> { [extension.Key] = extension.Value });

    private static string Describe(Core.Deals.StageGap gap) =>
        string.Join("; ", new[]
        {
            gap.Actions.Count > 0 ? "complete the actions " + string.Join(", ", gap.Actions) : null,
            gap.Fields.Count > 0 ? "fill in " + string.Join(", ", gap.Fields) : null,
        }.Where(part => part is not null));

    private static string? Given(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
