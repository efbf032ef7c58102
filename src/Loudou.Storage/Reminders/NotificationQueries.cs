using Microsoft.EntityFrameworkCore;

namespace Loudou.Storage.Reminders;

/// <summary>A notification as the bell's list shows it.</summary>
/// <param name="Kind">The rule's key for a reminder (such as "rotting"), else what raised it.</param>
/// <param name="Title">The deal's name, or the task's title.</param>
/// <param name="DealName">The deal's name when the caller still sees the deal; null otherwise (no link is shown).</param>
public sealed record NotificationView(
    long Id, DateTimeOffset At, string Kind, string Title, string? Body, long? DealId, string? DealName, long? TaskId, DateTimeOffset? DueAt, bool Escalation, DateTimeOffset? ReadAt);

/// <summary>The signed-in user's own notifications: what the bell counts and lists. An admin sees only their own here too.</summary>
public sealed class NotificationQueries(LoudouDbContext db, TimeProvider clock)
{
    public const int MaxPage = 100;

    public Task<int> UnreadAsync(CancellationToken cancellationToken = default) =>
        Mine().CountAsync(n => n.ReadAt == null, cancellationToken);

    /// <summary>The newest first; <paramref name="unreadOnly"/> leaves out what was read.</summary>
    public async Task<IReadOnlyList<NotificationView>> ListAsync(bool unreadOnly, int skip, int take, CancellationToken cancellationToken = default)
    {
        var mine = Mine();
        if (unreadOnly)
        {
            mine = mine.Where(n => n.ReadAt == null);
        }
        // Ordered by id, which follows the moment they were raised, because SQLite keeps moments as text.
        return await mine.OrderByDescending(n => n.Id).Skip(Math.Max(0, skip)).Take(Math.Clamp(take, 1, MaxPage))
            .Select(n => new NotificationView(n.Id, n.At, n.Kind, n.Title, n.Body, n.DealId,
                db.Deals.Where(d => d.Id == n.DealId).Select(d => d.Name).FirstOrDefault(), n.TaskId, n.DueAt, n.Escalation, n.ReadAt))
            .ToListAsync(cancellationToken);
    }

    /// <summary>Marks one of the caller's notifications read; false when it is not theirs or does not exist.</summary>
    public async Task<bool> MarkReadAsync(long id, CancellationToken cancellationToken = default)
    {
        var notification = await Mine(tracked: true).SingleOrDefaultAsync(n => n.Id == id, cancellationToken);
        if (notification is null)
        {
            return false;
        }
        notification.MarkRead(clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>Marks every unread notification of the caller read; returns how many.</summary>
    public Task<int> MarkAllReadAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        return Mine().Where(n => n.ReadAt == null).ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), cancellationToken);
    }

    private IQueryable<Core.Alerts.Notification> Mine(bool tracked = false)
    {
        var user = db.Scope.UserId ?? -1;
        var all = tracked ? db.Notifications : db.Notifications.AsNoTracking();
        // Those the person takes only by e-mail or group chat are kept (their copies are on the way) but not listed.
        return all.Where(n => n.UserId == user && n.InApp);
    }
}
