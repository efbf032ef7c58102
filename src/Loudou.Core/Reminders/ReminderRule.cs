namespace Loudou.Core.Reminders;

/// <summary>What a reminder is about; each is switched on or off per workspace (<see cref="ReminderSetting"/>).</summary>
public enum ReminderRule
{
    /// <summary>No activity within the stage's <c>firstResponseSlaHours</c> of the deal's creation or assignment.</summary>
    FirstResponse,

    /// <summary>An open task falls due within the rule's lead time.</summary>
    TaskDueSoon,

    /// <summary>An open task is past its due moment.</summary>
    TaskOverdue,

    /// <summary>The deal is in its stage longer than the stage's <c>rottingDays</c>.</summary>
    Rotting,

    /// <summary>The deal has no open task and no recent activity.</summary>
    NoNextStep,

    /// <summary>The deal is still open after its expected close date.</summary>
    ClosePassed,
}

/// <summary>The rules' stable keys, as notifications, settings, the API and the documentation name them.</summary>
public static class ReminderRules
{
    public static IReadOnlyList<ReminderRule> All { get; } = Enum.GetValues<ReminderRule>();

    public static string Key(this ReminderRule rule) => rule switch
    {
        ReminderRule.FirstResponse => "first-response",
        ReminderRule.TaskDueSoon => "task-due-soon",
        ReminderRule.TaskOverdue => "task-overdue",
        ReminderRule.Rotting => "rotting",
        ReminderRule.NoNextStep => "no-next-step",
        ReminderRule.ClosePassed => "close-passed",
        _ => throw new ArgumentOutOfRangeException(nameof(rule)),
    };

    public static ReminderRule? Parse(string? key) => All.Cast<ReminderRule?>().FirstOrDefault(r => r!.Value.Key() == key);
}
