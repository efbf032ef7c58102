using Loudou.Core;
using Loudou.Core.Reminders;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Storage.Reminders;

/// <summary>A reminder rule's workspace settings as the API and the admin page show them.</summary>
/// <param name="Rule">The rule's key, such as "rotting".</param>
public sealed record ReminderSettingView(string Rule, bool Enabled, DateTimeOffset EnabledSince, int? EscalateAfterHours, int LeadHours)
{
    public static ReminderSettingView Of(ReminderSetting setting) =>
        new(setting.Rule.Key(), setting.IsEnabled, setting.EnabledSince, setting.EscalateAfterHours, setting.LeadHours);
}

/// <summary>Reads and changes the workspace's reminder rules (admins; the caller checks the role).</summary>
public sealed class ReminderSettingsStore(LoudouDbContext db, TimeProvider clock)
{
    public async Task<IReadOnlyList<ReminderSettingView>> ListAsync(CancellationToken cancellationToken = default) =>
        [.. (await ReminderRun.SettingsAsync(db, clock.GetUtcNow(), cancellationToken)).Select(ReminderSettingView.Of)];

    /// <summary>Changes one rule; null when no rule has that key.</summary>
    /// <exception cref="DomainRuleException">A delay or lead time out of range, naming the field.</exception>
    public async Task<ReminderSettingView?> ChangeAsync(string rule, bool enabled, int? escalateAfterHours, int leadHours, CancellationToken cancellationToken = default)
    {
        if (ReminderRules.Parse(rule) is not { } parsed)
        {
            return null;
        }
        var now = clock.GetUtcNow();
        await ReminderRun.SettingsAsync(db, now, cancellationToken);
        var setting = await db.ReminderSettings.SingleAsync(s => s.Rule == parsed, cancellationToken);
        setting.Change(enabled, escalateAfterHours, leadHours, now);
        await db.SaveChangesAsync(cancellationToken);
        return ReminderSettingView.Of(setting);
    }
}
