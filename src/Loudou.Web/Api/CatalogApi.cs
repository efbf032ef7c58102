using System.Text.Json;
using Loudou.Core;
using Loudou.Storage;
using Loudou.Storage.Catalog;
using Loudou.Storage.Records;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Loudou.Web.Api;

/// <summary>
/// <c>/api/v1/catalog</c>: the lead channels, loss reasons and tags deals refer to, with how many of the caller's deals use each;
/// admins add, rename, retire, recolour, merge and delete them (<see cref="CatalogStore"/>), every change audited.
/// </summary>
/// <remarks>A channel's monthly cost is <c>/api/v1/channels/costs</c>; the counts here are of the deals in the caller's scope.</remarks>
public static class CatalogApi
{
    private static readonly string[] ChannelFields = ["name"];
    private static readonly string[] ReasonFields = ["key", "name", "active"];
    private static readonly string[] NameFields = ["zh-CN", "en"];
    private static readonly string[] TagFields = ["name", "color"];
    private static readonly string[] MergeFields = ["into"];

    public static void MapCatalogApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/catalog").WithTags("Catalog");
        // The caller's role is refused before the body, so that a rep learns "not yours to change" rather than what the body lacks.
        api.AddEndpointFilter(async (context, next) =>
            HttpMethods.IsGet(context.HttpContext.Request.Method) || context.HttpContext.RequestServices.GetRequiredService<LoudouDbContext>().Scope.SeesAll
                ? await next(context)
                : ApiResults.Forbidden("Lead channels, loss reasons and tags are kept by admins; everyone reads them."));
        api.MapGet("/channels", ListChannelsAsync).WithName("ListChannels")
            .WithSummary("The lead channels by name, with the caller's deals from each and the months of cost recorded (costs: /api/v1/channels/costs).").WithProblems();
        api.MapPost("/channels", AddChannelAsync).WithName("AddChannel").Accepts<ChannelBody>("application/json")
            .WithSummary("Adds a lead channel (admins); a name taken by another, ignoring case, is refused on the field.").WithProblems(StatusCodes.Status403Forbidden);
        api.MapPatch("/channels/{id}", RenameChannelAsync).WithName("RenameChannel").Accepts<ChannelBody>("application/merge-patch+json", "application/json")
            .WithSummary("Renames a lead channel (admins); refused while an alert rule watches a segment of it.")
            .WithProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        api.MapPost("/channels/{id}/merge", MergeChannelAsync).WithName("MergeChannel").Accepts<MergeBody>("application/json")
            .WithSummary("Merges a duplicate channel into another (admins): its deals and months of cost move (a month both have, in one currency, is added up) and it is deleted. "
                + "Answers the channel kept.")
            .WithProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

        api.MapGet("/loss-reasons", ListReasonsAsync).WithName("ListLossReasons")
            .WithSummary("The loss reasons in the order forms offer them, retired ones included (active false), with the caller's deals lost for each.").WithProblems();
        api.MapPost("/loss-reasons", AddReasonAsync).WithName("AddLossReason").Accepts<LossReasonBody>("application/json")
            .WithSummary("Adds a loss reason (admins): a new key and a name in zh-CN and/or en, neither another reason's.").WithProblems(StatusCodes.Status403Forbidden);
        api.MapPatch("/loss-reasons/{id}", ChangeReasonAsync).WithName("ChangeLossReason").Accepts<LossReasonBody>("application/merge-patch+json", "application/json")
            .WithSummary("Renames a loss reason, or retires it (active false: kept on old deals, not offered for new losses) or reactivates it (admins); the key never changes.")
            .WithProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);

        api.MapGet("/tags", ListTagsAsync).WithName("ListTags")
            .WithSummary("The tags by name with their colours and the caller's deals that carry each.").WithProblems();
        api.MapPost("/tags", AddTagAsync).WithName("AddTag").Accepts<TagBody>("application/json")
            .WithSummary("Adds a tag (admins), with a colour like #4e79a7 or none.").WithProblems(StatusCodes.Status403Forbidden);
        api.MapPatch("/tags/{id}", ChangeTagAsync).WithName("ChangeTag").Accepts<TagBody>("application/merge-patch+json", "application/json")
            .WithSummary("Renames or recolours a tag (admins); color null is the default colour. A rename is refused while an alert rule watches a segment of the tag.")
            .WithProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        api.MapPost("/tags/{id}/merge", MergeTagAsync).WithName("MergeTag").Accepts<MergeBody>("application/json")
            .WithSummary("Merges a tag into another (admins): every deal that carried it carries the other (once) and it is deleted. Answers the tag kept.")
            .WithProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        api.MapDelete("/tags/{id}", DeleteTagAsync).WithName("DeleteTag")
            .WithSummary("Deletes a tag no deal carries (admins); one in use is 409: merge it instead.")
            .WithProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
    }

    private static async Task<Results<Ok<IReadOnlyList<CatalogChannel>>, ProblemHttpResult>> ListChannelsAsync(HttpRequest request, CatalogStore store, CancellationToken cancellationToken) =>
        ApiResults.CheckQuery(request) is { } unknown ? unknown : TypedResults.Ok(await store.ChannelsAsync(cancellationToken));

    private static async Task<Results<Created<CatalogChannel>, ProblemHttpResult>> AddChannelAsync(JsonElement body, CatalogStore store, CancellationToken cancellationToken)
    {
        var read = new JsonBody(body, ChannelFields);
        var name = read.String("name");
        if (!read.IsValid)
        {
            return ApiResults.Invalid(read.Errors);
        }
        var result = await store.AddChannelAsync(name, cancellationToken);
        return ApiResults.Refusal(result, "channel", "") is { } refusal ? refusal
            : TypedResults.Created($"/api/v1/catalog/channels/{result.Id}", (await store.ChannelsAsync(cancellationToken)).Single(c => c.Id == result.Id));
    }

    private static async Task<Results<Ok<CatalogChannel>, ProblemHttpResult>> RenameChannelAsync(int id, JsonElement body, CatalogStore store, CancellationToken cancellationToken)
    {
        var read = new JsonBody(body, ChannelFields);
        var name = read.String("name");
        if (!read.IsValid)
        {
            return ApiResults.Invalid(read.Errors);
        }
        return await AnswerAsync(await store.RenameChannelAsync(id, name, cancellationToken), "channel", id, store.ChannelsAsync, c => c.Id, cancellationToken);
    }

    private static async Task<Results<Ok<CatalogChannel>, ProblemHttpResult>> MergeChannelAsync(int id, JsonElement body, CatalogStore store, CancellationToken cancellationToken) =>
        ReadInto(body) is (var into, null)
            ? await AnswerAsync(await store.MergeChannelAsync(id, into, cancellationToken), "channel", id, store.ChannelsAsync, c => c.Id, cancellationToken)
            : ReadInto(body).Problem!;

    private static async Task<Results<Ok<IReadOnlyList<LossReasonResource>>, ProblemHttpResult>> ListReasonsAsync(HttpRequest request, CatalogStore store, CancellationToken cancellationToken) =>
        ApiResults.CheckQuery(request) is { } unknown ? unknown : TypedResults.Ok(await ReasonsAsync(store, cancellationToken));

    private static async Task<Results<Created<LossReasonResource>, ProblemHttpResult>> AddReasonAsync(JsonElement body, CatalogStore store, CancellationToken cancellationToken)
    {
        var read = new JsonBody(body, ReasonFields);
        var key = read.String("key");
        var name = ReadName(body, read);
        if (read.Bool("active") is false)
        {
            read.Error("active", "a new loss reason is active; add it, then retire it.");
        }
        if (!read.IsValid)
        {
            return ApiResults.Invalid(read.Errors);
        }
        var result = await store.AddLossReasonAsync(key, name ?? LocalizedText.Empty, cancellationToken);
        return ApiResults.Refusal(result, "loss reason", "") is { } refusal ? refusal
            : TypedResults.Created($"/api/v1/catalog/loss-reasons/{result.Id}", (await ReasonsAsync(store, cancellationToken)).Single(r => r.Id == result.Id));
    }

    private static async Task<Results<Ok<LossReasonResource>, ProblemHttpResult>> ChangeReasonAsync(int id, JsonElement body, CatalogStore store, CancellationToken cancellationToken)
    {
        var read = new JsonBody(body, ReasonFields);
        if (read.Given.Contains("key"))
        {
            read.Error("key", "a loss reason's key never changes (imports and the API name the reason by it); add a new reason and retire this one instead.");
        }
        var name = ReadName(body, read);
        var active = read.Bool("active");
        if (!read.IsValid)
        {
            return ApiResults.Invalid(read.Errors);
        }
        return await AnswerAsync(await store.ChangeLossReasonAsync(id, new LossReasonChange(name, active), cancellationToken), "loss reason", id, c => ReasonsAsync(store, c), r => r.Id, cancellationToken);
    }

    private static async Task<Results<Ok<IReadOnlyList<CatalogTag>>, ProblemHttpResult>> ListTagsAsync(HttpRequest request, CatalogStore store, CancellationToken cancellationToken) =>
        ApiResults.CheckQuery(request) is { } unknown ? unknown : TypedResults.Ok(await store.TagsAsync(cancellationToken));

    private static async Task<Results<Created<CatalogTag>, ProblemHttpResult>> AddTagAsync(JsonElement body, CatalogStore store, CancellationToken cancellationToken)
    {
        var read = new JsonBody(body, TagFields);
        var (name, color) = (read.String("name"), read.String("color"));
        if (!read.IsValid)
        {
            return ApiResults.Invalid(read.Errors);
        }
        var result = await store.AddTagAsync(name, color, cancellationToken);
        return ApiResults.Refusal(result, "tag", "") is { } refusal ? refusal
            : TypedResults.Created($"/api/v1/catalog/tags/{result.Id}", (await store.TagsAsync(cancellationToken)).Single(t => t.Id == result.Id));
    }

    private static async Task<Results<Ok<CatalogTag>, ProblemHttpResult>> ChangeTagAsync(int id, JsonElement body, CatalogStore store, CancellationToken cancellationToken)
    {
        var read = new JsonBody(body, TagFields);
        var (name, color) = (read.String("name"), read.String("color"));
        if (read.Given.Contains("name") && name is null)
        {
            read.Error("name", "name is required: a tag cannot be nameless.");
        }
        if (!read.IsValid)
        {
            return ApiResults.Invalid(read.Errors);
        }
        var change = new TagChange(name, read.Given.Contains("color"), color);
        return await AnswerAsync(await store.ChangeTagAsync(id, change, cancellationToken), "tag", id, store.TagsAsync, t => t.Id, cancellationToken);
    }

    private static async Task<Results<Ok<CatalogTag>, ProblemHttpResult>> MergeTagAsync(int id, JsonElement body, CatalogStore store, CancellationToken cancellationToken) =>
        ReadInto(body) is (var into, null)
            ? await AnswerAsync(await store.MergeTagAsync(id, into, cancellationToken), "tag", id, store.TagsAsync, t => t.Id, cancellationToken)
            : ReadInto(body).Problem!;

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteTagAsync(int id, CatalogStore store, CancellationToken cancellationToken) =>
        ApiResults.Refusal(await store.DeleteTagAsync(id, cancellationToken), "tag", id) is { } refusal ? refusal : TypedResults.NoContent();

    /// <summary>The entry as it is after a write (the one kept, after a merge), or the refusal.</summary>
    private static async Task<Results<Ok<T>, ProblemHttpResult>> AnswerAsync<T>(
        WriteResult result, string what, int id, Func<CancellationToken, Task<IReadOnlyList<T>>> list, Func<T, int> idOf, CancellationToken cancellationToken)
    {
        if (ApiResults.Refusal(result, what, id) is { } refusal)
        {
            return refusal;
        }
        return TypedResults.Ok((await list(cancellationToken)).Single(e => idOf(e) == result.Id));
    }

    /// <summary>The id a merge goes into, or the 400 naming what is wrong with the body.</summary>
    private static (int Into, ProblemHttpResult? Problem) ReadInto(JsonElement body)
    {
        var read = new JsonBody(body, MergeFields);
        var into = read.Int("into");
        if (read.IsValid && into is null)
        {
            read.Error("into", "into is required: the id of the entry to merge into.");
        }
        return read.IsValid ? (into!.Value, null) : (0, ApiResults.Invalid(read.Errors));
    }

    /// <summary>A name as {"zh-CN": …, "en": …} or one text for both; null when not sent.</summary>
    private static LocalizedText? ReadName(JsonElement body, JsonBody read)
    {
        if (body.ValueKind == JsonValueKind.Object && body.TryGetProperty("name", out var given) && given.ValueKind == JsonValueKind.String)
        {
            return read.String("name") is { } both ? new LocalizedText(both, both) : null;
        }
        if (read.Object("name", NameFields) is { } inner)
        {
            var (zh, en) = (inner.String("zh-CN"), inner.String("en"));
            read.Adopt("name", inner);
            return new LocalizedText(zh ?? "", en ?? "");
        }
        return null;
    }

    private static async Task<IReadOnlyList<LossReasonResource>> ReasonsAsync(CatalogStore store, CancellationToken cancellationToken) =>
        [.. (await store.LossReasonsAsync(cancellationToken)).Select(r => new LossReasonResource(r.Id, r.Key, PipelineResource.Names(r.Name), r.Active, r.Deals))];
}

/// <summary>A loss reason: its stable key, its name by language ("zh-CN", "en"), whether it is offered for new losses, and the caller's deals lost for it.</summary>
public sealed record LossReasonResource(int Id, string Key, IReadOnlyDictionary<string, string> Name, bool Active, int Deals);

/// <param name="Name">The channel's name, unique ignoring case, at most 100 characters.</param>
public sealed record ChannelBody(string Name);

/// <param name="Key">On add only: lower-case letters, digits, '-' and '_', starting with a letter; never changes.</param>
/// <param name="Name">The name by language; one may be left out and takes the other's text.</param>
/// <param name="Active">false retires the reason, true reactivates it.</param>
public sealed record LossReasonBody(string? Key = null, FieldNameBody? Name = null, bool? Active = null);

/// <param name="Name">The tag's name, unique ignoring case, at most 50 characters.</param>
/// <param name="Color">A colour like #4e79a7; null for the default.</param>
public sealed record TagBody(string? Name = null, string? Color = null);

/// <param name="Into">The id of the entry that stays.</param>
public sealed record MergeBody(int Into);
