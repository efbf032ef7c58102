namespace Loudou.Core.Reminders;

/// <summary>How the workspace uses one reminder rule: on or off, when to tell the manager, how early to warn.</summary>
/// <remarks>
/// A rule reminds of what falls due after it was switched on (<see cref="EnabledSince"/>): switching it on in a
/// workspace with a long history does not send every reminder that history ever held; what was already late is on My day.
/// </remarks>
public sealed class ReminderSetting
{
    /// <summary>The lead time of <see cref="ReminderRule.TaskDueSoon"/> when none is set.</summary>
    public const int DefaultLeadHours = 2;

    private ReminderSetting(ReminderRule rule, DateTimeOffset enabledSince)
    {
        Rule = rule;
        EnabledSince = enabledSince;
    }

    public int Id { get; private set; }

    public ReminderRule Rule { get; private set; }

    public bool IsEnabled { get; private set; } = true;

    /// <summary>Reminders due from this moment on are sent; it moves when the rule is switched on again.</summary>
    public DateTimeOffset EnabledSince { get; private set; }

    /// <summary>Hours after a reminder falls due, with its condition still true, that the owner's team managers are told; null for never.</summary>
    public int? EscalateAfterHours { get; private set; }

    /// <summary>For <see cref="ReminderRule.TaskDueSoon"/>: how many hours before the due moment to remind.</summary>
    public int LeadHours { get; private set; } = DefaultLeadHours;

    /// <summary>The rule as a new workspace has it: on, escalating where a manager should step in.</summary>
    public static ReminderSetting Default(ReminderRule rule, DateTimeOffset enabledSince) => new(rule, enabledSince)
    {
        EscalateAfterHours = rule is ReminderRule.FirstResponse or ReminderRule.TaskOverdue or ReminderRule.Rotting ? 24 : null,
    };

    public void Change(bool enabled, int? escalateAfterHours, int leadHours, DateTimeOffset now)
    {
        if (escalateAfterHours is < 1 or > 24 * 90)
        {
            Guard.Throw("escalateAfterHours", "must be between 1 and 2160 hours, or empty for never.");
        }
        if (leadHours is < 1 or > 24 * 14)
        {
            Guard.Throw("leadHours", "must be between 1 and 336 hours.");
        }
        if (enabled && !IsEnabled)
        {
            EnabledSince = now;
        }
        IsEnabled = enabled;
        EscalateAfterHours = escalateAfterHours;
        LeadHours = leadHours;
    }
}
