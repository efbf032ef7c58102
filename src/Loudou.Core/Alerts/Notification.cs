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

    public static Notification Create(int userId, DateTimeOffset at, string kind, string title, string? body = null, long? dealId = null, int? alertRuleId = null) =>
        new(userId, at, Guard.Required(kind, "kind", 32), Guard.Required(title, "title"))
        {
            Body = Guard.Optional(body, "body", 4000),
            DealId = dealId,
            AlertRuleId = alertRuleId,
        };

    public void MarkRead(DateTimeOffset at) => ReadAt ??= at;
}
