using Loudou.Core;
using Loudou.Core.Alerts;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Storage.Reminders;

/// <summary>A target as admins see it: never its secret, and its address without the query string (where bots keep their token).</summary>
public sealed record NotificationTargetView(string Key, string Kind, string Address, bool HasSecret, string? Team, bool Enabled);

/// <summary>One delivery in the log.</summary>
public sealed record DeliveryView(
    long Id, string Target, string Kind, long NotificationId, string NotificationKind, string Title, string Status, int Attempts,
    DateTimeOffset CreatedAt, DateTimeOffset? LastAttemptAt, DateTimeOffset? NextAttemptAt, int? LastStatusCode, string? LastError);

/// <summary>The admins' webhook and bot targets and the log of what was sent to them (the caller checks the role).</summary>
public sealed class NotificationTargetStore(LoudouDbContext db, TimeProvider clock)
{
    public async Task<IReadOnlyList<NotificationTargetView>> ListAsync(CancellationToken cancellationToken = default)
    {
        var rows = await (from t in db.NotificationTargets.AsNoTracking()
                          orderby t.Key
                          select new { t.Key, t.Kind, t.Url, HasSecret = t.Secret != null, Team = db.Teams.Where(x => x.Id == t.TeamId).Select(x => x.Name).FirstOrDefault(), t.IsEnabled })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(t => new NotificationTargetView(t.Key, Key(t.Kind), Redacted(t.Url), t.HasSecret, t.Team, t.IsEnabled))];
    }

    /// <exception cref="DomainRuleException">A bad field, a team nobody has, or a key already used.</exception>
    public async Task<NotificationTargetView> CreateAsync(
        string key, string kind, string url, string? secret, string? team, bool allowPrivate, string? account = null, string? from = null, CancellationToken cancellationToken = default)
    {
        var parsed = Enum.GetValues<TargetKind>().Cast<TargetKind?>().FirstOrDefault(k => Key(k!.Value) == kind)
            ?? Guard.Throw<TargetKind>("kind", $"{new FieldName("kind")} must be webhook, wecom, dingtalk, feishu or email; was '{kind}'.");
        int? teamId = null;
        if (team is not null)
        {
            teamId = await db.Teams.Where(t => t.Name == team).Select(t => (int?)t.Id).SingleOrDefaultAsync(cancellationToken)
                ?? Guard.Throw<int>("team", $"no team is named '{team}'.");
        }
        var target = NotificationTarget.Create(key, parsed, url, secret, teamId, allowPrivate, account, from);
        if (await db.NotificationTargets.AnyAsync(t => t.Key == target.Key, cancellationToken))
        {
            Guard.Throw("key", $"a target '{target.Key}' exists already.");
        }
        db.NotificationTargets.Add(target);
        await db.SaveChangesAsync(cancellationToken);
        return new NotificationTargetView(target.Key, Key(target.Kind), Redacted(target.Url), target.Secret is not null, team, true);
    }

    /// <summary>Removes a target with its deliveries; false when there is no such target.</summary>
    public async Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default) =>
        await db.NotificationTargets.Where(t => t.Key == key).ExecuteDeleteAsync(cancellationToken) > 0;

    /// <summary>The latest deliveries first, of one status or all.</summary>
    public async Task<IReadOnlyList<DeliveryView>> DeliveriesAsync(DeliveryStatus? status, int take, CancellationToken cancellationToken = default)
    {
        var deliveries = db.NotificationDeliveries.AsNoTracking();
        if (status is { } wanted)
        {
            deliveries = deliveries.Where(d => d.Status == wanted);
        }
        var rows = await (from d in deliveries
                          join t in db.NotificationTargets on d.TargetId equals t.Id
                          join n in db.Notifications on d.NotificationId equals n.Id
                          orderby d.Id descending
                          select new { d, t.Key, TargetKind = t.Kind, NotificationKind = n.Kind, n.Title })
            .Take(Math.Clamp(take, 1, 500)).ToListAsync(cancellationToken);
        return [.. rows.Select(r => new DeliveryView(r.d.Id, r.Key, Key(r.TargetKind), r.d.NotificationId, r.NotificationKind, r.Title, StatusKey(r.d.Status), r.d.Attempts,
            r.d.CreatedAt, r.d.LastAttemptAt, r.d.NextAttemptAt, r.d.LastStatusCode, r.d.LastError))];
    }

    /// <summary>Sends a delivery again at the next run; false when there is no such delivery.</summary>
    public async Task<bool> ReplayAsync(long id, CancellationToken cancellationToken = default)
    {
        var delivery = await db.NotificationDeliveries.SingleOrDefaultAsync(d => d.Id == id, cancellationToken);
        if (delivery is null)
        {
            return false;
        }
        delivery.Replay(clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    public static string Key(TargetKind kind) => kind.ToString().ToLowerInvariant();

    public static string StatusKey(DeliveryStatus status) => status switch
    {
        DeliveryStatus.GivenUp => "givenUp",
        _ => status.ToString().ToLowerInvariant(),
    };

    private static string Redacted(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.GetLeftPart(UriPartial.Path) + (uri.Query.Length > 0 ? "?…" : "") : url;
}
