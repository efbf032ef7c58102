using Loudou.Core.Alerts;
using Loudou.Core.Alerts.Preferences;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Storage.Reminders;

/// <summary>
/// Puts copies of new notifications on their way: one delivery per enabled target that takes them (every webhook; a bot
/// or an SMTP server for its team's people, or everyone's when it has no team), as far as each person chose the channel
/// for that kind of reminder. Within a person's quiet hours an e-mail or group-chat copy waits for their end; a webhook,
/// another system's feed, never waits. The delivery job sends them.
/// </summary>
public static class DeliveryQueue
{
    /// <param name="allowed">The channels the raiser allows besides a person's choices (an alert rule's); webhooks take every notification.</param>
    public static async Task<int> EnqueueAsync(LoudouDbContext db, IReadOnlyCollection<Notification> raised, DateTimeOffset now, CancellationToken cancellationToken = default,
        DeliveryChannels allowed = (DeliveryChannels)~0)
    {
        if (raised.Count == 0)
        {
            return 0;
        }
        var targets = await db.NotificationTargets.AsNoTracking().Where(t => t.IsEnabled).ToListAsync(cancellationToken);
        if (targets.Count == 0)
        {
            return 0;
        }
        var userIds = raised.Select(n => n.UserId).Distinct().ToList();
        var users = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => new { u.TeamId, u.Email }, cancellationToken);
        var choices = (await db.ReminderChoices.AsNoTracking().Where(c => userIds.Contains(c.UserId)).ToListAsync(cancellationToken)).ToLookup(c => c.UserId);
        var quiet = await db.NotificationPreferences.AsNoTracking().Where(p => userIds.Contains(p.UserId) && p.QuietFrom != null)
            .ToDictionaryAsync(p => p.UserId, p => p.Quiet, cancellationToken);
        var zone = quiet.Count == 0 ? TimeZoneInfo.Utc : (await WorkspaceProfile.ReadAsync(db, cancellationToken)).Calendar.Zone;

        var deliveries = new List<NotificationDelivery>();
        foreach (var notification in raised)
        {
            var user = users[notification.UserId];
            var channels = ReminderChoice.ChannelsOf(choices[notification.UserId], notification.Kind) & allowed;
            var notBefore = quiet.GetValueOrDefault(notification.UserId) is { } hours ? hours.NextAllowed(now, zone) : now;
            foreach (var target in targets)
            {
                if (target.Kind == TargetKind.Webhook)
                {
                    deliveries.Add(NotificationDelivery.For(notification.Id, target.Id, now));
                }
                else if ((target.TeamId is null || target.TeamId == user.TeamId)
                    && channels.HasFlag(ChannelOf(target.Kind))
                    && (target.Kind != TargetKind.Email || user.Email is not null))
                {
                    deliveries.Add(NotificationDelivery.For(notification.Id, target.Id, now, notBefore));
                }
            }
        }
        db.NotificationDeliveries.AddRange(deliveries);
        await db.SaveChangesAsync(cancellationToken);
        return deliveries.Count;
    }

    /// <summary>The channel a target's copies count as, for a person's choice.</summary>
    public static DeliveryChannels ChannelOf(TargetKind kind) => kind switch
    {
        TargetKind.Email => DeliveryChannels.Email,
        TargetKind.WeCom => DeliveryChannels.WeCom,
        TargetKind.DingTalk => DeliveryChannels.DingTalk,
        TargetKind.Feishu => DeliveryChannels.Feishu,
        _ => DeliveryChannels.Webhook,
    };
}
