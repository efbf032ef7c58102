namespace Loudou.Core.Alerts.Preferences;

/// <summary>
/// A daily window, in the workspace's time, in which a person is not sent e-mail or group-chat messages; what falls due
/// then waits for its end. The app's own list is not quiet: the bell shows everything when they next look.
/// </summary>
/// <param name="From">Start, inclusive.</param>
/// <param name="Until">End, exclusive; earlier than <paramref name="From"/> for a night (22:00 to 08:00).</param>
public readonly record struct QuietHours(TimeOnly From, TimeOnly Until)
{
    /// <exception cref="DomainRuleException">Start and end are the same (a window of no time, or of all day: neither is meant).</exception>
    public static QuietHours Create(TimeOnly from, TimeOnly until)
    {
        if (from == until)
        {
            Guard.Throw("quietHours", "quiet hours must start and end at different times.");
        }
        return new QuietHours(from, until);
    }

    public bool Contains(TimeOnly time) => From < Until ? time >= From && time < Until : time >= From || time < Until;

    /// <summary>When something raised at <paramref name="now"/> may be sent: now outside the window, else the window's end.</summary>
    public DateTimeOffset NextAllowed(DateTimeOffset now, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(now, zone).DateTime;
        var time = TimeOnly.FromDateTime(local);
        if (!Contains(time))
        {
            return now;
        }
        // The end is today unless the window runs over midnight and we are before it.
        var day = DateOnly.FromDateTime(local);
        if (From > Until && time >= From)
        {
            day = day.AddDays(1);
        }
        var end = day.ToDateTime(Until, DateTimeKind.Unspecified);
        // An end in a daylight-saving gap does not exist; the first valid minute after it is used.
        while (zone.IsInvalidTime(end))
        {
            end = end.AddMinutes(1);
        }
        return new DateTimeOffset(end, zone.GetUtcOffset(end)).ToUniversalTime();
    }

    /// <summary>"22:00–08:00", as the API and the pages write it.</summary>
    public override string ToString() => $"{From:HH\\:mm}–{Until:HH\\:mm}";
}
