namespace Loudou.Core.Workspace;

/// <summary>Dates and month boundaries in the workspace's time zone.</summary>
/// <remarks>
/// Moments are stored in UTC; a calendar turns them into local dates and turns local months into
/// half-open UTC windows [From, ToExcl), so a deal created at 23:30 on 31 March in Shanghai counts
/// in March even though it is 15:30 UTC. A date without a time means local midnight.
/// </remarks>
public sealed class WorkspaceCalendar(TimeZoneInfo zone)
{
    public TimeZoneInfo Zone { get; } = zone;

    /// <summary>The local date of a moment.</summary>
    public DateOnly DateOf(DateTimeOffset moment) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(moment, Zone).DateTime);

    /// <summary>The first day of the local month a moment falls in.</summary>
    public DateOnly MonthOf(DateTimeOffset moment)
    {
        var date = DateOf(moment);
        return new DateOnly(date.Year, date.Month, 1);
    }

    /// <summary>Local midnight at the start of a date, as a moment.</summary>
    public DateTimeOffset StartOf(DateOnly date)
    {
        var local = date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        // A midnight that falls in a DST gap does not exist; the first valid minute after it is used.
        while (Zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(1);
        }
        return new DateTimeOffset(local, Zone.GetUtcOffset(local));
    }

    /// <summary>The half-open window of a local month, given any date in it.</summary>
    public (DateTimeOffset From, DateTimeOffset ToExcl) MonthWindow(DateOnly anyDayInMonth)
    {
        var first = new DateOnly(anyDayInMonth.Year, anyDayInMonth.Month, 1);
        return (StartOf(first), StartOf(first.AddMonths(1)));
    }

    /// <summary>Finds a time zone by IANA or Windows id, or throws naming the value.</summary>
    public static TimeZoneInfo FindZone(string timeZoneId)
    {
        if (string.IsNullOrWhiteSpace(timeZoneId))
        {
            Guard.Throw("timeZone", "timeZone is required.");
        }
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(timeZoneId.Trim());
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            Guard.Throw("timeZone", $"timeZone '{timeZoneId}' is not a known time zone (use an IANA id such as Asia/Shanghai).");
            return null;
        }
    }
}
