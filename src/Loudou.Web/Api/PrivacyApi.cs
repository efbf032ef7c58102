using System.ComponentModel;
using System.Text;
using System.Text.Json;
using Loudou.Import.Export;
using Loudou.Storage;
using Loudou.Storage.Privacy;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Loudou.Web.Api;

/// <summary><c>/api/v1/privacy</c>: a person's data under PIPL and GDPR, for admins (docs/privacy.md).</summary>
/// <remarks>The same as <c>loudou privacy export|erase</c>; each export and erasure is in the audit log.</remarks>
public static class PrivacyApi
{
    private const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static void MapPrivacyApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/privacy").WithTags("Privacy");
        api.MapGet("/contacts/{id}/export", ExportContactAsync).WithName("ExportContactData")
            .WithSummary("Everything held about a contact (admins): its row, account, deals, activities and audit entries, as JSON or (format=xlsx) a workbook. Audited.")
            .Produces<JsonElement>(StatusCodes.Status200OK, "application/json", XlsxType)
            .WithProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
        api.MapGet("/users/{login}/export", ExportUserAsync).WithName("ExportUserData")
            .WithSummary("Everything held about a user (admins): their row without credentials, team, tokens, deals, tasks, activities, notifications and audit entries. Audited.")
            .Produces<JsonElement>(StatusCodes.Status200OK, "application/json", XlsxType)
            .WithProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
        api.MapPost("/contacts/{id}/erase", EraseContactAsync).WithName("EraseContact").Accepts<EraseBody>("application/json")
            .WithSummary("Erases a contact's personal data (admins): name to \"[erased] #ID\", phone, e-mail and WeChat removed, their values taken out of activities and audit entries; "
                + "deals and their figures stay. Cannot be undone. Audited.")
            .WithProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
    }

    private static Task<Results<ContentHttpResult, FileContentHttpResult, ProblemHttpResult>> ExportContactAsync(
        int id, HttpRequest request, LoudouDbContext db, PersonalDataExport export, [Description("json (default) or xlsx.")] string? format, CancellationToken cancellationToken) =>
        ExportAsync(request, db, format, f => export.ContactAsync(id, f, cancellationToken), ("contact", id), $"contact-{id}");

    private static Task<Results<ContentHttpResult, FileContentHttpResult, ProblemHttpResult>> ExportUserAsync(
        string login, HttpRequest request, LoudouDbContext db, PersonalDataExport export, [Description("json (default) or xlsx.")] string? format, CancellationToken cancellationToken) =>
        ExportAsync(request, db, format, f => export.UserAsync(login, f, cancellationToken), ("user", login), $"user-{login}");

    private static async Task<Results<ContentHttpResult, FileContentHttpResult, ProblemHttpResult>> ExportAsync(
        HttpRequest request, LoudouDbContext db, string? format, Func<string, Task<PersonalData?>> read, (string What, object Id) subject, string name)
    {
        if (ApiResults.CheckQuery(request, "format") is { } unknown)
        {
            return unknown;
        }
        var chosen = ApiResults.Given(format) ?? "json";
        if (chosen is not ("json" or "xlsx"))
        {
            return ApiResults.Invalid(new Dictionary<string, string[]>(StringComparer.Ordinal) { ["format"] = [$"format must be json or xlsx; was '{chosen}'."] });
        }
        if (!db.Scope.SeesAll)
        {
            return ApiResults.Forbidden("Personal data exports are for admins.");
        }
        if (await read(chosen) is not { } data)
        {
            return ApiResults.NotFound(subject.What, subject.Id);
        }
        if (chosen == "json")
        {
            return TypedResults.Content(data.ToJson(), "application/json", Encoding.UTF8);
        }
        using var stream = new MemoryStream();
        PersonalDataWorkbook.Write(stream, data);
        return TypedResults.File(stream.ToArray(), XlsxType, $"loudou-{name}.xlsx");
    }

    private static async Task<Results<Ok<ErasureResult>, ProblemHttpResult>> EraseContactAsync(
        int id, HttpRequest request, JsonElement? body, LoudouDbContext db, ContactErasure erasure, CancellationToken cancellationToken)
    {
        if (ApiResults.CheckQuery(request) is { } unknown)
        {
            return unknown;
        }
        string? reason = null;
        if (body is { ValueKind: not JsonValueKind.Null and not JsonValueKind.Undefined } given)
        {
            var read = new JsonBody(given, ["reason"]);
            reason = read.String("reason");
            if (reason is { Length: > 1000 })
            {
                read.Error("reason", "reason must be at most 1000 characters.");
            }
            if (!read.IsValid)
            {
                return ApiResults.Invalid(read.Errors);
            }
        }
        if (!db.Scope.SeesAll)
        {
            return ApiResults.Forbidden("Erasing a contact's personal data is for admins.");
        }
        return await erasure.EraseAsync(id, ApiResults.Given(reason), cancellationToken) is { } result
            ? TypedResults.Ok(result)
            : ApiResults.NotFound("contact", id);
    }

    /// <summary>The erasure's optional body.</summary>
    public sealed record EraseBody
    {
        /// <summary>Why, for the audit log (such as the request's reference); at most 1000 characters.</summary>
        public string? Reason { get; init; }
    }
}
