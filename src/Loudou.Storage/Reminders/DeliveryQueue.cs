using Loudou.Core.Alerts;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Storage.Reminders;

/// <summary>
/// Puts copies of new notifications on their way: one delivery per enabled target that takes them (every webhook; a bot
/// for its team's people, or everyone's when it has no team). The delivery job sends them.
/// </summary>
public static class DeliveryQueue
{
    public static async Task<int> EnqueueAsync(LoudouDbContext db, IReadOnlyCollection<Notification> raised, DateTimeOffset now, CancellationToken cancellationToken = default)
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
        var deliveries = (
            from notification in raised
            let user = users[notification.UserId]
            from target in targets
            where target.Kind == TargetKind.Webhook
                || ((target.TeamId is null || target.TeamId == user.TeamId) && (target.Kind != TargetKind.Email || user.Email is not null))
            select NotificationDelivery.For(notification.Id, target.Id, now)).ToList();
        db.NotificationDeliveries.AddRange(deliveries);
        await db.SaveChangesAsync(cancellationToken);
        return deliveries.Count;
    }
}
