using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Loudou.Core.Access;
using Loudou.Storage;
using Loudou.Storage.Deals;
using Loudou.Storage.Records;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Loudou.Web.Api;

/// <summary><c>/api/v1/audit</c>: the workspace's audit log, for admins.</summary>
/// <remarks>Everyone else reads a deal's trail at <c>/api/v1/deals/{id}/audit</c>.</remarks>
public static class AuditApi
{
    private static readonly IReadOnlySet<string> Parameters = ApiResults.ListParameters("entityType", "entityId", "user", "action", "from", "until");

    public static void MapAuditApi(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/v1/audit", ListAsync).WithTags("Audit").WithName("ListAudit")
            .WithSummary("The audit log across the workspace, newest first (admins): every create, update, delete, stage move, gate override, import, export, erasure, token, user and pipeline change.")
            .WithProblems(StatusCodes.Status403Forbidden);

    private static async Task<Results<Ok<PageResource<AuditEntryResource>>, ProblemHttpResult>> ListAsync(
        HttpRequest request, LoudouDbContext db, AuditQueries audit,
        [Description("Page number, from 1."), Range(1, int.MaxValue)] int? page,
        [Description("Entries per page, 1 to 1000; 50 by default."), Range(1, Paging.MaxPageSize)] int? pageSize,
        [Description("deal, account, contact, activity, task, token, user, pipeline or import.")] string? entityType,
        [Description("The record's id.")] string? entityId,
        [Description("The login of whoever made the change.")] string? user,
        [Description("create, update, delete, stageMove, gateOverride, import, export or erase.")] string? action,
        [Description("Entries at or after this time (ISO 8601 with offset).")] string? from,
        [Description("Entries before this time (ISO 8601 with offset).")] string? until,
        CancellationToken cancellationToken)
    {
        var errors = ApiResults.CheckListQuery(request, Parameters, page, pageSize);
        AuditAction? parsedAction = null;
        if (ApiResults.Given(action) is { } a)
        {
            if (Enum.TryParse<AuditAction>(a, ignoreCase: true, out var value) && Enum.IsDefined(value) && !a.Any(char.IsDigit))
            {
                parsedAction = value;
            }
            else
            {
                errors["action"] = [$"action must be one of create, update, delete, stageMove, gateOverride, import, export, erase; was '{a}'."];
            }
        }
        var fromAt = Moment(from, "from", errors);
        var untilAt = Moment(until, "until", errors);
        if (errors.Count > 0)
        {
            return ApiResults.Invalid(errors);
        }
        if (!db.Scope.SeesAll)
        {
            return ApiResults.Forbidden("The workspace's audit log is for admins; a deal's trail is at /api/v1/deals/{id}/audit.");
        }
        var filter = new AuditFilter(ApiResults.Given(entityType), ApiResults.Given(entityId), ApiResults.Given(user), parsedAction, fromAt, untilAt);
        var result = await audit.ListAsync(filter, page ?? 1, pageSize ?? ApiResults.DefaultPageSize, cancellationToken);
        return TypedResults.Ok(new PageResource<AuditEntryResource>([.. result.Items.Select(AuditEntryResource.From)], result.Number, result.Size, result.Total));
    }

    private static DateTimeOffset? Moment(string? text, string name, Dictionary<string, string[]> errors)
    {
        if (ApiResults.Given(text) is not { } given)
        {
            return null;
        }
        if (DateTimeOffset.TryParse(given, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value) && given.Length > 10)
        {
            return value;
        }
        errors[name] = [$"{name} must be a time with its offset such as 2026-11-01T00:00:00+08:00; was '{given}'."];
        return null;
    }
}
