using System.Text.Json;
using Loudou.Core;
using Loudou.Core.Segments;
using Loudou.Storage;
using Loudou.Storage.Segments;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Loudou.Web.Api;

/// <summary>Saved dynamic segments: a rule over deal and account fields whose deals carry the segment's tag (docs/segments.md).</summary>
public static class SegmentsApi
{
    public static void MapSegmentsApi(this IEndpointRouteBuilder app)
    {
        var segments = app.MapGroup("/api/v1/segments").WithTags("Segments");
        segments.MapGet("/", ListAsync).WithName("ListSegments")
            .WithSummary("Every segment: key, name, rule, the tag its deals carry (filter by it with tag=NAME anywhere deals are filtered) and how many "
                + "of the caller's deals carry it now.")
            .WithProblems();
        segments.MapPut("/{key}", SaveAsync).WithName("SaveSegment").Accepts<SegmentBody>("application/json")
            .WithSummary("Creates (201) or changes (200) a segment, admins only: its tag is named as the segment and put on exactly the deals its rule "
                + "matches at once, then kept so as deals change (within a minute).")
            .WithProblems(StatusCodes.Status403Forbidden);
        segments.MapDelete("/{key}", RemoveAsync).WithName("RemoveSegment")
            .WithSummary("Removes a segment, admins only; its tag stays on its deals as a plain tag.")
            .WithProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
    }

    private static async Task<Results<Ok<IReadOnlyList<SegmentView>>, ProblemHttpResult>> ListAsync(HttpRequest request, SegmentStore store, CancellationToken cancellationToken) =>
        ApiResults.CheckQuery(request) is { } unknown ? unknown : TypedResults.Ok(await store.ListAsync(cancellationToken));

    private static async Task<Results<Created<SegmentView>, Ok<SegmentView>, ProblemHttpResult>> SaveAsync(
        string key, HttpRequest request, JsonElement body, SegmentStore store, LoudouDbContext db, CancellationToken cancellationToken)
    {
        if (ApiResults.CheckQuery(request) is { } unknown)
        {
            return unknown;
        }
        if (!db.Scope.SeesAll)
        {
            return ApiResults.Forbidden("Segments are saved by admins.");
        }
        var read = new JsonBody(body, ["name", "rule"]);
        var name = read.String("name");
        if (name is null && !read.Errors.ContainsKey("name"))
        {
            read.Error("name", "name is required.");
        }
        if (!read.IsValid)
        {
            return ApiResults.Invalid(read.Errors);
        }
        try
        {
            var rule = body.TryGetProperty("rule", out var given) ? SegmentRuleJson.Read(given) : Guard.Throw<SegmentRule>("rule", "rule is required: {} matches every deal.");
            var (created, view) = await store.SaveAsync(key, name!, rule, cancellationToken);
            return created ? TypedResults.Created($"/api/v1/segments/{view.Key}", view) : TypedResults.Ok(view);
        }
        catch (DomainRuleException e)
        {
            return ApiResults.Invalid(e);
        }
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RemoveAsync(string key, HttpRequest request, SegmentStore store, LoudouDbContext db, CancellationToken cancellationToken)
    {
        if (ApiResults.CheckQuery(request) is { } unknown)
        {
            return unknown;
        }
        if (!db.Scope.SeesAll)
        {
            return ApiResults.Forbidden("Segments are removed by admins.");
        }
        return await store.RemoveAsync(key, cancellationToken) ? TypedResults.NoContent() : ApiResults.NotFound("segment", key);
    }
}

/// <summary>A segment to save under the key of the address.</summary>
/// <param name="Name">Also its tag's name (at most 50 characters).</param>
/// <param name="Rule">
/// Conditions that must all hold: pipeline, stages (keys, any of), open (true/false), owner (login), team, channel, tag, industry,
/// region, sizeBand, minAmount, maxAmount (in the deal's currency), minScore, maxScore (0–1), layers (A/B/C, any of). {} matches every deal.
/// </param>
public sealed record SegmentBody(string Name, JsonElement Rule);
