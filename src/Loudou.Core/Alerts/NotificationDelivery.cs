using Loudou.Core.Alerts.Delivery;

namespace Loudou.Core.Alerts;

/// <summary>One copy of a notification on its way to a target: sent, waiting for its next try, or given up. The delivery log admins read.</summary>
public sealed class NotificationDelivery
{
    private NotificationDelivery(long notificationId, int targetId, DateTimeOffset createdAt)
    {
        NotificationId = notificationId;
        TargetId = targetId;
        CreatedAt = createdAt;
        RetryFrom = createdAt;
        NextAttemptAt = createdAt;
    }

    public long Id { get; private set; }

    public long NotificationId { get; private set; }

    public int TargetId { get; private set; }

    public DeliveryStatus Status { get; private set; } = DeliveryStatus.Pending;

    public int Attempts { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>Where the day of retries counts from: creation, or the admin's last replay.</summary>
    public DateTimeOffset RetryFrom { get; private set; }

    /// <summary>When it is tried next; null once sent or given up.</summary>
    public DateTimeOffset? NextAttemptAt { get; private set; }

    public DateTimeOffset? LastAttemptAt { get; private set; }

    /// <summary>The HTTP status of the last try; null when no answer came (refused, timed out).</summary>
    public int? LastStatusCode { get; private set; }

    /// <summary>Why the last try failed; null after a success.</summary>
    public string? LastError { get; private set; }

    /// <param name="notBefore">When its person's quiet hours end, if they hold now: the first try waits, and the day of retries counts from then.</param>
    public static NotificationDelivery For(long notificationId, int targetId, DateTimeOffset now, DateTimeOffset? notBefore = null)
    {
        var delivery = new NotificationDelivery(notificationId, targetId, now);
        if (notBefore > now)
        {
            delivery.RetryFrom = notBefore.Value;
            delivery.NextAttemptAt = notBefore.Value;
        }
        return delivery;
    }

    public void Succeeded(int statusCode, DateTimeOffset at)
    {
        Attempts++;
        LastAttemptAt = at;
        LastStatusCode = statusCode;
        LastError = null;
        Status = DeliveryStatus.Sent;
        NextAttemptAt = null;
    }

    /// <summary>Records a failed try and when the next comes (<see cref="DeliveryBackoff"/>), or gives up after a day.</summary>
    public void Failed(int? statusCode, string error, DateTimeOffset at)
    {
        Attempts++;
        LastAttemptAt = at;
        LastStatusCode = statusCode;
        LastError = error.Length > 1000 ? error[..1000] : error;
        NextAttemptAt = DeliveryBackoff.NextAttempt(Attempts, RetryFrom, at);
        Status = NextAttemptAt is null ? DeliveryStatus.GivenUp : DeliveryStatus.Failing;
    }

    /// <summary>An admin sends it again now (from the delivery log), whatever happened before; the day of retries starts again.</summary>
    public void Replay(DateTimeOffset now)
    {
        Status = DeliveryStatus.Pending;
        RetryFrom = now;
        NextAttemptAt = now;
    }
}

public enum DeliveryStatus
{
    Pending,
    Sent,
    Failing,
    GivenUp,
}
