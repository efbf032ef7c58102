using System.Text.Json.Nodes;
using Loudou.Core.Catalog;
using Loudou.Storage;
using Loudou.Storage.Catalog;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Loudou.Web.Api;

/// <summary>
/// <c>/api/v1/fields</c>: the deals' custom fields in the custom fields file's format (docs/field-files.md), so
/// <c>loudou fields list --format json</c>, this answer and <c>loudou fields apply</c> read and write one document.
/// </summary>
/// <remarks>Everyone signed in reads them (forms and the API need them); admins set them.</remarks>
public static class FieldsApi
{
    public static void MapFieldsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/fields").WithTags("Fields");
        api.MapGet("/", ReadAsync).WithName("ListFields")
            .WithSummary("The custom fields of deals, as a custom fields file: key, labels in zh-CN and en, type and, for choices, the options.")
            .WithProblems();
        api.MapPut("/", ApplyAsync).WithName("ApplyFields").Accepts<FieldsBody>("application/json")
            .WithSummary("Defines, changes and removes the fields a custom fields file lists (docs/field-files.md), all or nothing, admins only: every problem is named by its JSON path, "
                + "including a change of type or options that would break stored values (with their number); fields not listed stay as they are. Answers every field after.")
            .WithProblems(StatusCodes.Status403Forbidden);
    }

    private static async Task<Results<Ok<JsonNode>, ProblemHttpResult>> ReadAsync(HttpRequest request, CustomFieldStore store, CancellationToken cancellationToken) =>
        ApiResults.CheckQuery(request) is { } unknown ? unknown : TypedResults.Ok(JsonNode.Parse(CustomFieldsFile.Write(await store.ReadAsync(cancellationToken)))!);

    private static async Task<Results<Ok<JsonNode>, ProblemHttpResult>> ApplyAsync(HttpRequest request, CustomFieldStore store, LoudouDbContext db, CancellationToken cancellationToken)
    {
        if (ApiResults.CheckQuery(request) is { } unknown)
        {
            return unknown;
        }
        if (!db.Scope.SeesAll)
        {
            return ApiResults.Forbidden("Custom fields are defined by admins.");
        }
        using var reader = new StreamReader(request.Body);
        var parsed = CustomFieldsFile.Parse(await reader.ReadToEndAsync(cancellationToken));
        if (parsed.Document is not { } document)
        {
            return Invalid(parsed.Errors);
        }
        var applied = await store.ApplyAsync(document, cancellationToken);
        return applied.Applied is { } after ? TypedResults.Ok(JsonNode.Parse(CustomFieldsFile.Write(after))!) : Invalid(applied.Errors);
    }

    /// <summary>One 400 naming every problem by its JSON path (<c>$.fields[0].type</c>), as the CLI prints them.</summary>
    private static ProblemHttpResult Invalid(IReadOnlyList<CustomFieldsFileError> errors) =>
        ApiResults.Invalid(errors.GroupBy(e => e.Path, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray(), StringComparer.Ordinal));
}

/// <summary>A custom fields file (docs/field-files.md).</summary>
public sealed record FieldsBody(IReadOnlyList<FieldBody> Fields);

/// <param name="Key">Stable key: lower-case letters, digits, '-' and '_'; values are custom.KEY in imports, exports and analytics.</param>
/// <param name="Entity">"deals", the one entity with custom fields; may be left out.</param>
/// <param name="Name">The label in Chinese and English (a plain text is accepted too).</param>
/// <param name="Type">text, number, date, boolean, choice or multiChoice.</param>
/// <param name="Options">The values of a choice or multiChoice field, in the order forms list them.</param>
/// <param name="Remove">true removes the field with its values.</param>
public sealed record FieldBody(string Key, string? Entity = null, FieldNameBody? Name = null, string? Type = null, IReadOnlyList<string>? Options = null, bool? Remove = null);

/// <summary>A field's label by language.</summary>
public sealed record FieldNameBody([property: System.Text.Json.Serialization.JsonPropertyName("zh-CN")] string? ZhCn = null, string? En = null);
