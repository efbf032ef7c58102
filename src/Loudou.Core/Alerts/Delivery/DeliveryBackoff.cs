namespace Loudou.Core.Alerts.Delivery;

/// <summary>
/// When a failed delivery is tried again: after 1 minute, then twice as long each time up to an hour between tries,
/// and no more once 24 hours have passed since the first try (docs/notifications.md).
/// </summary>
public static class DeliveryBackoff
{
    public static readonly TimeSpan GiveUpAfter = TimeSpan.FromHours(24);

    private static readonly TimeSpan First = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan Longest = TimeSpan.FromHours(1);

    /// <summary>The next try after <paramref name="failedAttempts"/> failures (1 or more); null when it is given up.</summary>
    public static DateTimeOffset? NextAttempt(int failedAttempts, DateTimeOffset firstAttempt, DateTimeOffset now)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failedAttempts, 1);
        var wait = failedAttempts > 7 ? Longest : TimeSpan.FromTicks(Math.Min(Longest.Ticks, First.Ticks << (failedAttempts - 1)));
        var next = now + wait;
        return next - firstAttempt > GiveUpAfter ? null : next;
    }
}
