using System.Globalization;
using System.Text.Json;
using Loudou.Core;
using Loudou.Core.Alerts.Preferences;
using Loudou.Storage.Reminders;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Loudou.Web.Api;

/// <summary>
/// <c>/api/v1/notifications/settings</c>: the caller's own choices, which reminders reach them through which channels
/// (the app, e-mail, group chats) and their quiet hours. Everyone, an admin too, reads and changes only their own.
/// </summary>
public static class NotificationSettingsApi
{
    private static readonly string[] RuleFields = ["rule", "inApp", "email", "groupChat"];

    public static void MapNotificationSettingsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/notifications/settings").WithTags("Notifications");
        api.MapGet("/", ReadAsync).WithName("ReadNotificationSettings")
            .WithSummary("The caller's reminder channels per rule and quiet hours, with which channels an admin connected for them.").WithProblems();
        api.MapPut("/", SaveAsync).WithName("SaveNotificationSettings").Accepts<NotificationSettingsBody>("application/json")
            .WithSummary("Sets the caller's channels for the rules given (the others keep theirs) and, when sent, their quiet hours (null for none).")
            .WithProblems();
    }

    private static async Task<Results<Ok<NotificationSettingsView>, ProblemHttpResult>> ReadAsync(HttpRequest request, NotificationSettingsStore store, CancellationToken cancellationToken) =>
        ApiResults.CheckQuery(request) is { } unknown ? unknown : TypedResults.Ok(await store.ReadAsync(cancellationToken));

    private static async Task<Results<Ok<NotificationSettingsView>, ProblemHttpResult>> SaveAsync(JsonElement body, NotificationSettingsStore store, CancellationToken cancellationToken)
    {
        var read = new JsonBody(body, ["rules", "quietHours"]);
        var rules = new List<ReminderChoiceInput>();
        var items = read.Objects("rules", RuleFields) ?? [];
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            var (rule, inApp, email, groupChat) = (item.String("rule"), item.Bool("inApp"), item.Bool("email"), item.Bool("groupChat"));
            foreach (var (field, value) in new[] { ("inApp", inApp), ("email", email), ("groupChat", groupChat) })
            {
                if (item.IsValid && value is null)
                {
                    item.Error(field, $"{field} is required: true or false.");
                }
            }
            if (item.IsValid && string.IsNullOrWhiteSpace(rule))
            {
                item.Error("rule", "rule is required, such as \"rotting\".");
            }
            read.Adopt($"rules[{i}]", item);
            if (item.IsValid)
            {
                rules.Add(new ReminderChoiceInput(rule!, inApp!.Value, email!.Value, groupChat!.Value));
            }
        }
        var changeQuiet = read.Given.Contains("quietHours");
        QuietHours? quiet = null;
        if (read.Object("quietHours", ["from", "until"]) is { } hours)
        {
            var (from, until) = (Time(hours, "from"), Time(hours, "until"));
            read.Adopt("quietHours", hours);
            if (from is { } f && until is { } u)
            {
                try
                {
                    quiet = QuietHours.Create(f, u);
                }
                catch (DomainRuleException e)
                {
                    read.Error("quietHours", e.Message);
                }
            }
        }
        if (!read.IsValid)
        {
            return ApiResults.Invalid(read.Errors);
        }
        try
        {
            return TypedResults.Ok(await store.SaveAsync(rules, changeQuiet, quiet, cancellationToken));
        }
        catch (DomainRuleException e)
        {
            return ApiResults.Invalid(e);
        }
    }

    /// <summary>A time of day written HH:mm; an error on the body when it is missing or not one.</summary>
    private static TimeOnly? Time(JsonBody body, string field)
    {
        var text = body.String(field);
        if (body.IsValid && TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            return time;
        }
        if (body.IsValid)
        {
            body.Error(field, $"{field} must be a time of day such as \"22:00\"; was {(text is null ? "missing" : $"'{text}'")}.");
        }
        return null;
    }
}

/// <param name="Rules">The rules to change, each with its channels; rules left out keep theirs.</param>
/// <param name="QuietHours">The window, in the workspace's time zone, in which e-mail and group-chat copies wait; null for none, left out for unchanged.</param>
public sealed record NotificationSettingsBody(IReadOnlyList<ReminderChoiceBody>? Rules = null, QuietHoursBody? QuietHours = null);

/// <param name="Rule">first-response, task-due-soon, task-overdue, rotting, no-next-step or close-passed.</param>
/// <param name="GroupChat">Posted by the WeCom, DingTalk or Feishu bots that admins connected for the caller's team.</param>
public sealed record ReminderChoiceBody(string Rule, bool InApp, bool Email, bool GroupChat);

/// <param name="From">Start, such as "22:00".</param>
/// <param name="Until">End, such as "08:00"; earlier than From for a window over midnight.</param>
public sealed record QuietHoursBody(string From, string Until);
