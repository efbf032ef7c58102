namespace Loudou.Core.Alerts.Preferences;

/// <summary>A person's settings for all their notifications: for now, quiet hours (the per-rule channels are <see cref="ReminderChoice"/> rows).</summary>
public sealed class NotificationPreference
{
    private NotificationPreference(int userId) => UserId = userId;

    public int Id { get; private set; }

    public int UserId { get; private set; }

    public TimeOnly? QuietFrom { get; private set; }

    public TimeOnly? QuietUntil { get; private set; }

    /// <summary>The quiet window, when one is set.</summary>
    public QuietHours? Quiet => QuietFrom is { } from && QuietUntil is { } until ? new QuietHours(from, until) : null;

    public static NotificationPreference For(int userId) => new(userId);

    public void SetQuietHours(QuietHours? quiet)
    {
        QuietFrom = quiet?.From;
        QuietUntil = quiet?.Until;
    }
}
