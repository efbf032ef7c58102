using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using Loudou.Storage.Deals;
using Loudou.Storage.Records;
using Loudou.Web.Api.OpenApi;
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
    private static readonly IReadOnlySet<string> ListParameters = ApiResults.ListParameters("owner", "team", "pipeline", "stage", "channel", "tag", "q", "currency");

    public static RouteGroupBuilder MapDealsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/deals").WithTags("Deals");
        api.MapGet("/", ListDealsAsync)
            .WithName("ListDeals")
            .WithSummary("Lists the caller's deals, newest first, a page at a time.")
            .WithProblems();
        api.MapPost("/", CreateDealAsync)
            .WithName("CreateDeal")
            .WithSummary("Creates a deal; every bad field is named in one 400. A rep creates own deals, a manager for the team, an admin for anyone.")
            .Accepts<DealCreateBody>("application/json")
            .WithVersion(takesIfMatch: false)
            .WithProblems();
        api.MapGet("/{id}", GetDealAsync)
            .WithName("GetDeal")
            .WithSummary("Reads one deal; a deal outside the caller's scope is 404, as if it did not exist. The ETag is its version.")
            .WithVersion(takesIfMatch: false)
            .WithProblems(StatusCodes.Status404NotFound);
        api.MapPatch("/{id}", UpdateDealAsync)
            .WithName("UpdateDeal")
            .WithSummary("Changes a deal's fields as a JSON merge patch (left out: unchanged; null: cleared). Needs the version in If-Match or the body. The stage moves only through /stage.")
            .Accepts<DealPatchBody>("application/merge-patch+json", "application/json")
            .WithVersion(takesIfMatch: true)
            .WithProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status428PreconditionRequired);
        api.MapDelete("/{id}", DeleteDealAsync)
            .WithName("DeleteDeal")
            .WithSummary("Deletes a deal with its history, activities and tasks; managers (their team's) and admins only. Needs the version in If-Match.")
            .WithVersion(takesIfMatch: true)
            .WithProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status428PreconditionRequired);
        api.MapPost("/{id}/stage", MoveStageAsync)
            .WithName("MoveDealStage")
            .WithSummary("Moves a deal to another stage of its pipeline, checking the stage gate; needs the deal's version in If-Match or the body.")
            .Accepts<StageMoveBody>("application/json")
            .WithVersion(takesIfMatch: true)
            .WithProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity, StatusCodes.Status428PreconditionRequired);
        api.MapPost("/{id}/actions", SetActionAsync)
            .WithName("SetDealAction")
            .WithSummary("Marks a standard action of the deal done (or not done); needs the deal's version in If-Match or the body.")
            .Accepts<ActionBody>("application/json")
            .WithVersion(takesIfMatch: true)
            .WithProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status428PreconditionRequired);
        api.MapGet("/{id}/audit", GetAuditAsync)
            .WithName("GetDealAudit")
            .WithSummary("The deal's audit trail, newest first: who changed what, when, before and after.")
            .WithProblems(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<Results<Ok<PageResource<DealResource>>, ProblemHttpResult>> ListDealsAsync(
        HttpRequest request,
        DealQueries deals,
        [Description("Page number, from 1."), Range(1, int.MaxValue)] int? page,
        [Description("Deals per page, 1 to 1000; 50 by default."), Range(1, Paging.MaxPageSize)] int? pageSize,
        [Description("The owner's login.")] string? owner,
        [Description("The team's name.")] string? team,
        [Description("The pipeline's key.")] string? pipeline,
        [Description("The stage's key.")] string? stage,
        [Description("The channel's name.")] string? channel,
        [Description("A tag the deal carries.")] string? tag,
        [Description("Text in the deal's or its account's name, ignoring case.")] string? q,
        [Description("The currency of the deal's amount (ISO 4217), such as USD.")] string? currency,
        CancellationToken cancellationToken)
    {
        var errors = ApiResults.CheckListQuery(request, ListParameters, page, pageSize);
        if (errors.Count > 0)
        {
            return ApiResults.Invalid(errors);
        }
        var filter = new DealFilter(Given(owner), Given(team), Given(pipeline), Given(stage), Given(channel), Given(tag), Given(q), Currency: Given(currency)?.ToUpperInvariant());
        var result = await deals.ListAsync(filter, page ?? 1, pageSize ?? ApiResults.DefaultPageSize, cancellationToken);
        return TypedResults.Ok(new PageResource<DealResource>([.. result.Items.Select(DealResource.From)], result.Number, result.Size, result.Total));
    }

    private static async Task<Results<Ok<DealResource>, ProblemHttpResult>> GetDealAsync(long id, DealQueries deals, HttpResponse response, CancellationToken cancellationToken)
    {
        if (await deals.GetAsync(id, cancellationToken) is not { } deal)
        {
            return NoSuchDeal(id);
        }
        response.Headers.ETag = VersionTags.ETag(deal.Version);
        return TypedResults.Ok(DealResource.From(deal));
    }

    private static async Task<Results<Created<DealResource>, ProblemHttpResult>> CreateDealAsync(
        JsonElement body, DealCreation creation, DealQueries deals, HttpResponse response, CancellationToken cancellationToken)
    {
        var read = new JsonBody(body, ["name", "pipeline", "stage", "owner", "account", "channel", "amount", "currency", "expectedClose", "tags", "custom"]);
        var draft = new DealDraft(
            read.String("name"),
            read.String("pipeline"),
            read.String("stage"),
            read.String("owner"),
            read.String("account"),
            read.String("channel"),
            read.Decimal("amount"),
            read.String("currency"),
            read.Date("expectedClose"),
            read.StringList("tags"),
            read.CustomValues("custom"));
        if (!read.IsValid)
        {
            return ApiResults.Invalid(read.Errors);
        }
        var (id, errors) = await creation.CreateAsync(draft, cancellationToken);
        if (id is not { } created)
        {
            return ApiResults.Invalid(errors);
        }
        var deal = (await deals.GetAsync(created, cancellationToken))!;
        response.Headers.ETag = VersionTags.ETag(deal.Version);
        return TypedResults.Created($"/api/v1/deals/{created}", DealResource.From(deal));
    }

    private static async Task<Results<Ok<DealResource>, NoContent, ProblemHttpResult>> UpdateDealAsync(
        long id, JsonElement body, HttpRequest request, HttpResponse response, DealWrites writes, DealQueries deals, CancellationToken cancellationToken)
    {
        var read = new JsonBody(body, [.. DealPatch.Fields, "version"]);
        var patch = new DealPatch(
            read.Given,
            read.String("name"),
            read.Decimal("amount"),
            read.String("currency"),
            read.Date("expectedClose"),
            read.Double("probability"),
            read.String("owner"),
            read.String("channel"),
            read.String("account"),
            read.StringList("tags"),
            read.CustomValues("custom"));
        var version = read.Int("version");
        if (!read.IsValid)
        {
            return ApiResults.Invalid(read.Errors);
        }
        if (await RefusalAsync(id, version, request, v => writes.UpdateAsync(id, v, patch, cancellationToken)) is { } refusal)
        {
            return refusal;
        }
        return await ReadBackAsync(id, deals, response, cancellationToken);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteDealAsync(long id, HttpRequest request, DealWrites writes, CancellationToken cancellationToken) =>
        await RefusalAsync(id, null, request, v => writes.DeleteAsync(id, v, cancellationToken)) is { } refusal ? refusal : TypedResults.NoContent();

    private static async Task<Results<Ok<DealResource>, NoContent, ProblemHttpResult>> MoveStageAsync(
        long id, JsonElement body, HttpRequest request, HttpResponse response, DealWrites writes, DealQueries deals, CancellationToken cancellationToken)
    {
        var read = new JsonBody(body, ["stage", "lossReason", "override", "version"]);
        var move = new StageMoveRequest(read.String("stage"), read.String("lossReason"), read.String("override"));
        var version = read.Int("version");
        if (!read.IsValid)
        {
            return ApiResults.Invalid(read.Errors);
        }
        if (await RefusalAsync(id, version, request, v => writes.MoveStageAsync(id, v, move, cancellationToken)) is { } refusal)
        {
            return refusal;
        }
        return await ReadBackAsync(id, deals, response, cancellationToken);
    }

    private static async Task<Results<Ok<DealResource>, NoContent, ProblemHttpResult>> SetActionAsync(
        long id, JsonElement body, HttpRequest request, HttpResponse response, DealWrites writes, DealQueries deals, CancellationToken cancellationToken)
    {
        var read = new JsonBody(body, ["action", "stage", "done", "version"]);
        var action = new ActionRequest(read.String("action"), read.String("stage"), read.Bool("done") ?? true);
        var version = read.Int("version");
        if (!read.IsValid)
        {
            return ApiResults.Invalid(read.Errors);
        }
        if (await RefusalAsync(id, version, request, v => writes.SetActionAsync(id, v, action, cancellationToken)) is { } refusal)
        {
            return refusal;
        }
        return await ReadBackAsync(id, deals, response, cancellationToken);
    }

    /// <summary>The common part of every write: the version the caller read, the write, and a refusal as HTTP.</summary>
    /// <returns>Null when the write was done (or changed nothing); else the answer that says why not.</returns>
    private static async Task<ProblemHttpResult?> RefusalAsync(long id, int? bodyVersion, HttpRequest request, Func<int, Task<DealWriteResult>> write)
    {
        var (expected, error) = VersionTags.Expected(request, bodyVersion);
        if (error is not null)
        {
            return ApiResults.Invalid(new Dictionary<string, string[]> { ["If-Match"] = [error] });
        }
        if (expected is not { } version)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status428PreconditionRequired, title: "The deal's version is required.",
                detail: "Send the version you read as If-Match (the deal's ETag) or as \"version\" in the body, so that a change made since is not overwritten.");
        }
        var result = await write(version);
        return result.Status switch
        {
            DealWriteStatus.NotFound => NoSuchDeal(id),
            DealWriteStatus.Invalid => ApiResults.Invalid(result.Errors!),
            DealWriteStatus.Forbidden => ApiResults.Forbidden("Only a manager (for the team's deals) or an admin may delete a deal; a rep moves it to a Lost stage instead."),
            DealWriteStatus.VersionConflict => ApiResults.Problem(StatusCodes.Status409Conflict, "The deal has changed.",
                $"You sent version {version}; the deal is now at version {result.Version}. Read it again and retry.", ("currentVersion", result.Version)),
            DealWriteStatus.GateClosed => ApiResults.Problem(StatusCodes.Status422UnprocessableEntity, "The stage gate is not met.",
                $"To leave this stage forwards, first {Describe(result.Missing!)}. A manager may override with a reason.",
                ("missing", new { actions = result.Missing!.Actions, fields = result.Missing.Fields })),
            DealWriteStatus.OverrideNotAllowed => ApiResults.Problem(StatusCodes.Status403Forbidden, "Only a manager or an admin may override a stage gate.",
                $"The gate lacks: {Describe(result.Missing!)}.", ("missing", new { actions = result.Missing!.Actions, fields = result.Missing.Fields })),
            _ => null,
        };
    }

    /// <summary>The deal as it is after a write, with its new ETag.</summary>
    private static async Task<Results<Ok<DealResource>, NoContent, ProblemHttpResult>> ReadBackAsync(long id, DealQueries deals, HttpResponse response, CancellationToken cancellationToken)
    {
        // A write may move the deal out of the caller's scope (a manager giving it to another team's rep): then it reads as gone.
        if (await deals.GetAsync(id, cancellationToken) is not { } deal)
        {
            return TypedResults.NoContent();
        }
        response.Headers.ETag = VersionTags.ETag(deal.Version);
        return TypedResults.Ok(DealResource.From(deal));
    }

    private static async Task<Results<Ok<IReadOnlyList<AuditEntryResource>>, ProblemHttpResult>> GetAuditAsync(
        long id, HttpRequest request, DealQueries deals, AuditQueries audit, CancellationToken cancellationToken)
    {
        if (ApiResults.CheckQuery(request) is { } unknown)
        {
            return unknown;
        }
        if (await deals.GetAsync(id, cancellationToken) is null)
        {
            return NoSuchDeal(id);
        }
        var entries = await audit.ForDealAsync(id, cancellationToken);
        return TypedResults.Ok<IReadOnlyList<AuditEntryResource>>([.. entries.Select(AuditEntryResource.From)]);
    }

    private static ProblemHttpResult NoSuchDeal(long id) => ApiResults.NotFound("deal", id);

    private static string Describe(Core.Deals.StageGap gap) =>
        string.Join("; ", new[]
        {
            gap.Actions.Count > 0 ? "complete the actions " + string.Join(", ", gap.Actions) : null,
            gap.Fields.Count > 0 ? "fill in " + string.Join(", ", gap.Fields) : null,
        }.Where(part => part is not null));

    private static string? Given(string? value) => ApiResults.Given(value);
}
