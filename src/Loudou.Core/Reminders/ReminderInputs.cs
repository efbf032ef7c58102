namespace Loudou.Core.Reminders;

/// <summary>What the reminder rules read of one open deal, its current stage's settings included.</summary>
/// <param name="EnteredStage">When it entered its current stage; null when its history does not say.</param>
/// <param name="LastActivity">Its latest activity; null when it has none.</param>
/// <param name="HasOpenTask">Whether one of its tasks is not done yet.</param>
public sealed record ReminderDeal(
    long Id, int? OwnerId, int? TeamId, DateTimeOffset? CreatedAt, DateTimeOffset? AssignedAt, DateOnly? ExpectedClose,
    DateTimeOffset? EnteredStage, DateTimeOffset? LastActivity, bool HasOpenTask, int? RottingDays, int? FirstResponseSlaHours);

/// <summary>An open task with a due moment; it reminds its assignee, or the deal's owner when nobody is assigned.</summary>
public sealed record ReminderTask(long Id, long DealId, int? AssigneeId, DateTimeOffset Due);

/// <summary>A manager of a team, who hears of what stays undone past a rule's escalation delay.</summary>
public sealed record TeamManager(int TeamId, int UserId);

/// <summary>A reminder that has fallen due, for one person.</summary>
/// <param name="Key">
/// Unique per rule, deal or task, due moment and (for escalations) manager: the same reminder found again on the next
/// run, or by another host, has the same key, so the database's unique index keeps it from being sent twice.
/// </param>
/// <param name="DueAt">When it fell due: for an escalation, the moment the delay ran out.</param>
/// <param name="Escalation">Sent to a manager of the owner's team because the condition still held after the rule's delay.</param>
public sealed record DueReminder(ReminderRule Rule, string Key, int UserId, long DealId, long? TaskId, DateTimeOffset DueAt, bool Escalation);
