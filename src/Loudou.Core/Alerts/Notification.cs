namespace Loudou.Core.Alerts;

/// <summary>A message to one user in the app: an alert that fired, a reminder, an overdue task.</summary>
/// <remarks>Other channels (e-mail, webhooks, group bots) deliver copies; this row is the in-app record.</remarks>
public sealed class Notification
{
    private Notification(int userId, DateTimeOffset at, string kind, string title)
    {
        UserId = userId;
        At = at;
        Kind = kind;
        Title = title;
    }

    public long Id { get; private set; }

    public int UserId { get; private set; }

    public DateTimeOffset At { get; private set; }

    /// <summary>What raised it, such as "alert", "sla", "rotting", "task-overdue".</summary>
    public string Kind { get; private set; }

    public string Title { get; private set; }

    public string? Body { get; private set; }

    public long? DealId { get; private set; }

    public int? AlertRuleId { get; private set; }

    public DateTimeOffset? ReadAt { get; private set; }

    /// <summary>For a reminder, its idempotency key (<see cref="Reminders.DueReminder.Key"/>), unique: a reminder found again is not sent again.</summary>
    public string? Key { get; private set; }

    /// <summary>The task a task reminder is about.</summary>
    public long? TaskId { get; private set; }

    /// <summary>When the reminder fell due (<see cref="At"/> is when it was raised, later after a host was down).</summary>
    public DateTimeOffset? DueAt { get; private set; }

    /// <summary>Sent to a manager because the owner had not acted within the rule's escalation delay.</summary>
    public bool Escalation { get; private set; }

    /// <summary>Listed in the app (the bell); false when its person takes this kind only by e-mail or group chat.</summary>
    public bool InApp { get; private set; } = true;

    public static Notification Create(int userId, DateTimeOffset at, string kind, string title, string? body = null, long? dealId = null, int? alertRuleId = null) =>
        new(userId, at, Guard.Required(kind, "kind", 32), Guard.Required(title, "title"))
        {
            Body = Guard.Optional(body, "body", 4000),
            DealId = dealId,
            AlertRuleId = alertRuleId,
        };

    /// <summary>The in-app record of a reminder that fell due; <paramref name="title"/> names the deal or task it is about.</summary>
    public static Notification Remind(Reminders.DueReminder reminder, string title, DateTimeOffset at, bool inApp = true) =>
        new(reminder.UserId, at, Reminders.ReminderRules.Key(reminder.Rule), Guard.Required(title.Length > 200 ? title[..200] : title, "title"))
        {
            Key = reminder.Key,
            DealId = reminder.DealId,
            TaskId = reminder.TaskId,
            DueAt = reminder.DueAt,
            Escalation = reminder.Escalation,
            InApp = inApp,
        };

    public void MarkRead(DateTimeOffset at) => ReadAt ??= at;
}
