using System.Text.Json;
using Loudou.Core;
using Loudou.Storage;
using Loudou.Storage.Reminders;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Loudou.Web.Api;

/// <summary><c>/api/v1/admin/reminders</c>: the workspace's reminder rules, each switched on or off, with its escalation delay (admins).</summary>
public static class RemindersApi
{
    public static void MapRemindersApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/admin/reminders").WithTags("Admin");
        api.MapGet("/", ListAsync).WithName("ListReminderRules")
            .WithSummary("Every reminder rule with its workspace settings (admins).").WithProblems(StatusCodes.Status403Forbidden);
        api.MapPut("/{rule}", ChangeAsync).WithName("ChangeReminderRule").Accepts<ReminderRuleBody>("application/json")
            .WithSummary("Switches a reminder rule on or off and sets its escalation delay and lead time (admins); switched on again, it reminds of what falls due from then on.")
            .WithProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
    }

    private static async Task<Results<Ok<IReadOnlyList<ReminderSettingView>>, ProblemHttpResult>> ListAsync(HttpRequest request, LoudouDbContext db, ReminderSettingsStore store, CancellationToken cancellationToken) =>
        ApiResults.CheckQuery(request) is { } unknown ? unknown
        : !db.Scope.SeesAll ? ApiResults.Forbidden("Reminder rules are set by admins.")
        : TypedResults.Ok(await store.ListAsync(cancellationToken));

    private static async Task<Results<Ok<ReminderSettingView>, ProblemHttpResult>> ChangeAsync(
        string rule, JsonElement body, LoudouDbContext db, ReminderSettingsStore store, CancellationToken cancellationToken)
    {
        if (!db.Scope.SeesAll)
        {
            return ApiResults.Forbidden("Reminder rules are set by admins.");
        }
        var read = new JsonBody(body, ["enabled", "escalateAfterHours", "leadHours"]);
        var enabled = read.Bool("enabled");
        var escalate = read.Int("escalateAfterHours");
        var lead = read.Int("leadHours");
        if (read.IsValid && enabled is null)
        {
            read.Error("enabled", "enabled is required: true or false.");
        }
        if (!read.IsValid)
        {
            return ApiResults.Invalid(read.Errors);
        }
        try
        {
            var changed = await store.ChangeAsync(rule, enabled!.Value, escalate, lead ?? Core.Reminders.ReminderSetting.DefaultLeadHours, cancellationToken);
            return changed is null ? ApiResults.NotFound("reminder rule", rule) : TypedResults.Ok(changed);
        }
        catch (DomainRuleException e)
        {
            return ApiResults.Invalid(e);
        }
    }
}

/// <param name="Enabled">Whether the rule reminds at all.</param>
/// <param name="EscalateAfterHours">Hours after which the owner's team managers are told too; null or left out for never.</param>
/// <param name="LeadHours">For task-due-soon: hours before the due moment; 2 when left out.</param>
public sealed record ReminderRuleBody(bool Enabled, int? EscalateAfterHours = null, int? LeadHours = null);
