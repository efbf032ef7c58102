namespace Loudou.Core.Alerts;

/// <summary>A rule evaluated on a schedule that raises notifications when a metric crosses a line.</summary>
/// <remarks>
/// The condition is kept as a JSON document whose shape belongs to the alert engine (metric,
/// scope, comparison, threshold, minimum n); storing it whole lets rules grow new kinds without
/// schema changes. The schedule is a five-field cron expression in the workspace time zone.
/// </remarks>
public sealed class AlertRule
{
    private AlertRule(string key, LocalizedText name, string condition, string schedule)
    {
        Key = key;
        Name = name;
        Condition = condition;
        Schedule = schedule;
    }

    // For EF Core, which cannot bind complex-type constructor parameters.
    private AlertRule()
        : this("", LocalizedText.Empty, "{}", "")
    {
    }

    public int Id { get; private set; }

    /// <summary>Stable and unique.</summary>
    public string Key { get; private set; }

    public LocalizedText Name { get; private set; }

    /// <summary>The condition as JSON, interpreted by the alert engine.</summary>
    public string Condition { get; private set; }

    /// <summary>Cron expression (minute hour day month weekday) in the workspace time zone.</summary>
    public string Schedule { get; private set; }

    public DeliveryChannels Channels { get; private set; } = DeliveryChannels.InApp;

    public bool IsEnabled { get; private set; } = true;

    /// <summary>Who receives it when the condition does not name recipients; null for the admins.</summary>
    public int? OwnerId { get; private set; }

    public DateTimeOffset? LastEvaluatedAt { get; private set; }

    public static AlertRule Create(string key, LocalizedText name, string condition, string schedule, DeliveryChannels channels, int? ownerId) =>
        new(Guard.Key(key, "key"), name, Guard.Required(condition, "condition", 8000), Guard.Required(schedule, "schedule", 100))
        {
            Channels = channels,
            OwnerId = ownerId,
        };

    public void Change(LocalizedText name, string condition, string schedule, DeliveryChannels channels)
    {
        Name = name;
        Condition = Guard.Required(condition, "condition", 8000);
        Schedule = Guard.Required(schedule, "schedule", 100);
        Channels = channels;
    }

    /// <summary>Who receives it; null for the admins.</summary>
    public void ChangeOwner(int? ownerId) => OwnerId = ownerId;

    public void Enable() => IsEnabled = true;

    public void Disable() => IsEnabled = false;

    public void MarkEvaluated(DateTimeOffset at) => LastEvaluatedAt = at;
}
