using Loudou.Core;
using Loudou.Core.Alerts;
using Loudou.Core.Alerts.Preferences;
using Loudou.Core.Reminders;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Storage.Reminders;

/// <summary>One reminder rule as its person has it.</summary>
/// <param name="Rule">The rule's key, such as "rotting".</param>
/// <param name="WorkspaceEnabled">Whether the workspace runs the rule at all (an admin's switch); when off, the choice waits.</param>
public sealed record ReminderChoiceView(string Rule, bool WorkspaceEnabled, bool InApp, bool Email, bool GroupChat);

/// <summary>What a person changes: a rule and its channels.</summary>
public sealed record ReminderChoiceInput(string Rule, bool InApp, bool Email, bool GroupChat);

/// <summary>The signed-in person's notification settings.</summary>
/// <param name="QuietFrom">Start of their quiet hours ("22:00"), in the workspace's time zone; null when they have none.</param>
/// <param name="TimeZone">The workspace's time zone, which quiet hours are read in.</param>
/// <param name="Email">Their e-mail address, where e-mail goes; null when none is set.</param>
/// <param name="EmailConnected">Whether an admin connected an SMTP server that mails their team.</param>
/// <param name="GroupChatConnected">Whether an admin connected a WeCom, DingTalk or Feishu group bot that posts their team's reminders.</param>
public sealed record NotificationSettingsView(
    IReadOnlyList<ReminderChoiceView> Rules, string? QuietFrom, string? QuietUntil, string TimeZone, string? Email, bool EmailConnected, bool GroupChatConnected);

/// <summary>The caller's own choices: which reminders reach them, through which channels, and their quiet hours. Everyone, an admin too, changes only their own.</summary>
public sealed class NotificationSettingsStore(LoudouDbContext db, TimeProvider clock)
{
    public async Task<NotificationSettingsView> ReadAsync(CancellationToken cancellationToken = default)
    {
        var userId = Caller();
        var user = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => new { u.TeamId, u.Email }).SingleAsync(cancellationToken);
        var workspace = (await ReminderRun.SettingsAsync(db, clock.GetUtcNow(), cancellationToken)).ToDictionary(s => s.Rule, s => s.IsEnabled);
        var choices = await db.ReminderChoices.AsNoTracking().Where(c => c.UserId == userId).ToListAsync(cancellationToken);
        var preference = await db.NotificationPreferences.AsNoTracking().SingleOrDefaultAsync(p => p.UserId == userId, cancellationToken);
        var targets = await db.NotificationTargets.AsNoTracking().Where(t => t.IsEnabled && (t.TeamId == null || t.TeamId == user.TeamId))
            .Select(t => t.Kind).Distinct().ToListAsync(cancellationToken);
        var rules = ReminderRules.All.Select(rule =>
        {
            var channels = ReminderChoice.ChannelsOf(choices, rule.Key());
            return new ReminderChoiceView(rule.Key(), workspace.GetValueOrDefault(rule, true),
                channels.HasFlag(DeliveryChannels.InApp), channels.HasFlag(DeliveryChannels.Email), (channels & ReminderChoice.GroupChats) != 0);
        }).ToList();
        var zone = (await WorkspaceProfile.ReadAsync(db, cancellationToken)).Calendar.Zone;
        return new NotificationSettingsView(rules, Time(preference?.QuietFrom), Time(preference?.QuietUntil), zone.Id, user.Email,
            user.Email is not null && targets.Contains(TargetKind.Email),
            targets.Any(k => k is TargetKind.WeCom or TargetKind.DingTalk or TargetKind.Feishu));
    }

    /// <summary>Stores the rules given (others keep their choice) and, when <paramref name="changeQuietHours"/>, the quiet hours (null: none).</summary>
    /// <exception cref="DomainRuleException">A rule that does not exist, or given twice.</exception>
    public async Task<NotificationSettingsView> SaveAsync(
        IReadOnlyList<ReminderChoiceInput> rules, bool changeQuietHours, QuietHours? quiet, CancellationToken cancellationToken = default)
    {
        var userId = Caller();
        var now = clock.GetUtcNow();
        var parsed = new Dictionary<ReminderRule, DeliveryChannels>();
        for (var i = 0; i < rules.Count; i++)
        {
            var rule = ReminderRules.Parse(rules[i].Rule)
                ?? Guard.Throw<ReminderRule>($"rules[{i}].rule", $"no reminder rule is called '{rules[i].Rule}'; the rules are {string.Join(", ", ReminderRules.All.Select(r => r.Key()))}.");
            if (!parsed.TryAdd(rule, ChannelsOf(rules[i])))
            {
                Guard.Throw($"rules[{i}].rule", $"the rule '{rules[i].Rule}' is given twice.");
            }
        }
        var choices = await db.ReminderChoices.Where(c => c.UserId == userId).ToListAsync(cancellationToken);
        foreach (var (rule, channels) in parsed)
        {
            if (choices.FirstOrDefault(c => c.Rule == rule) is { } choice)
            {
                choice.Change(channels, now);
            }
            else if (channels != ReminderChoice.Choosable)
            {
                db.ReminderChoices.Add(ReminderChoice.Create(userId, rule, channels, now));
            }
        }
        if (changeQuietHours)
        {
            var preference = await db.NotificationPreferences.SingleOrDefaultAsync(p => p.UserId == userId, cancellationToken);
            if (preference is null)
            {
                preference = NotificationPreference.For(userId);
                db.NotificationPreferences.Add(preference);
            }
            preference.SetQuietHours(quiet);
        }
        await db.SaveChangesAsync(cancellationToken);
        return await ReadAsync(cancellationToken);
    }

    private static DeliveryChannels ChannelsOf(ReminderChoiceInput input) =>
        (input.InApp ? DeliveryChannels.InApp : DeliveryChannels.None)
        | (input.Email ? DeliveryChannels.Email : DeliveryChannels.None)
        | (input.GroupChat ? ReminderChoice.GroupChats : DeliveryChannels.None);

    private int Caller() => db.Scope.UserId ?? throw new InvalidOperationException("Notification settings are a signed-in person's own.");

    private static string? Time(TimeOnly? time) => time?.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture);
}
