using Loudou.Core.Reminders;

namespace Loudou.Core.Alerts.Preferences;

/// <summary>One person's choice for one reminder rule: through which channels it reaches them, or not at all.</summary>
/// <remarks>
/// Without a row a rule reaches its person through every channel (<see cref="Choosable"/>). Webhooks are not a person's
/// channel but another system's feed: they carry every reminder raised. A rule switched off and on again reminds of what
/// falls due from then on (<see cref="ResumedAt"/>), as the workspace's switch does, so the person is not flooded.
/// </remarks>
public sealed class ReminderChoice
{
    /// <summary>The channels a person chooses among: the app, e-mail, and group chats (the three bots together).</summary>
    public const DeliveryChannels Choosable = DeliveryChannels.InApp | DeliveryChannels.Email | GroupChats;

    public const DeliveryChannels GroupChats = DeliveryChannels.WeCom | DeliveryChannels.DingTalk | DeliveryChannels.Feishu;

    private ReminderChoice(int userId, ReminderRule rule)
    {
        UserId = userId;
        Rule = rule;
    }

    public int Id { get; private set; }

    public int UserId { get; private set; }

    public ReminderRule Rule { get; private set; }

    /// <summary>Where the rule's reminders reach the person; <see cref="DeliveryChannels.None"/> when they want none.</summary>
    public DeliveryChannels Channels { get; private set; } = Choosable;

    /// <summary>When the rule was last switched back on after reaching them nowhere; null if it never was.</summary>
    public DateTimeOffset? ResumedAt { get; private set; }

    public static ReminderChoice Create(int userId, ReminderRule rule, DeliveryChannels channels, DateTimeOffset now)
    {
        var choice = new ReminderChoice(userId, rule);
        choice.Change(channels, now);
        return choice;
    }

    public void Change(DeliveryChannels channels, DateTimeOffset now)
    {
        channels &= Choosable;
        if (Channels == DeliveryChannels.None && channels != DeliveryChannels.None)
        {
            ResumedAt = now;
        }
        Channels = channels;
    }

    /// <summary>Whether a reminder of this rule that fell due at <paramref name="dueAt"/> is raised for the person at all.</summary>
    public bool Wants(DateTimeOffset dueAt) => Channels != DeliveryChannels.None && (ResumedAt is null || dueAt >= ResumedAt);

    /// <summary>The channels of a notification of <paramref name="kind"/> for a person with these choices: every one without a choice.</summary>
    public static DeliveryChannels ChannelsOf(IEnumerable<ReminderChoice> choices, string kind) =>
        ReminderRules.Parse(kind) is { } rule && choices.FirstOrDefault(c => c.Rule == rule) is { } choice ? choice.Channels : Choosable;
}
