using System.Globalization;
using Loudou.Core.Workspace;

namespace Loudou.Core.Analytics;

/// <summary>Reads the analysis parameters people type (a filter, a cohort, a day, a moment) the same way for the CLI and the API.</summary>
/// <remarks>Each refusal names its field as the API does; the CLI prints it under its option (--as-of for asOf).</remarks>
public static class AnalysisText
{
    /// <summary>A filter DIM=VALUE; an empty VALUE means blank.</summary>
    /// <exception cref="DomainRuleException">Field "where".</exception>
    public static (string Dimension, string Value) Where(string text)
    {
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
        {
            Guard.Throw("where", $"{new FieldName("where")} '{text}' is not of the form DIM=VALUE.");
        }
        return (text[..equals].Trim(), text[(equals + 1)..].Trim());
    }

    /// <summary>"created" (or nothing): cohorts by creation, null; "entered:STAGE": by entry into that stage, its key.</summary>
    /// <exception cref="DomainRuleException">Field "cohort".</exception>
    public static string? Cohort(string? text) => text switch
    {
        null or "created" => null,
        _ when text.StartsWith("entered:", StringComparison.Ordinal) && text.Length > "entered:".Length => text["entered:".Length..],
        _ => Guard.Throw<string?>("cohort", $"{new FieldName("cohort")} '{text}' is not 'created' or 'entered:STAGE'."),
    };

    /// <summary>A local day, YYYY-MM-DD.</summary>
    /// <exception cref="DomainRuleException">The field named.</exception>
    public static DateOnly? Date(string? text, string field) =>
        text is null ? null
        : DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date
        : Guard.Throw<DateOnly?>(field, $"{new FieldName(field)} '{text}' is not a date like 2026-11-30.");

    /// <summary>A calendar month, YYYY-MM, as its first day.</summary>
    /// <exception cref="DomainRuleException">The field named.</exception>
    public static DateOnly? Month(string? text, string field = "month") =>
        text is null ? null
        : DateOnly.TryParseExact(text + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month) && text.Length == 7 ? month
        : Guard.Throw<DateOnly?>(field, $"{new FieldName(field)} '{text}' is not a month like 2026-11.");

    /// <summary>A date means the end of that local day; an ISO date-time without an offset is local to the workspace.</summary>
    /// <exception cref="DomainRuleException">Field "asOf".</exception>
    public static DateTimeOffset? Moment(string? text, WorkspaceCalendar calendar)
    {
        if (text is null)
        {
            return null;
        }
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            // The last stored moment of the day (moments are kept to the microsecond).
            return calendar.StartOf(date.AddDays(1)).AddTicks(-TimeSpan.TicksPerMicrosecond);
        }
        string[] withOffset = ["yyyy-MM-dd'T'HH:mmzzz", "yyyy-MM-dd'T'HH:mm:sszzz", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", "yyyy-MM-dd'T'HH:mm'Z'", "yyyy-MM-dd'T'HH:mm:ss'Z'", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'"];
        string[] local = ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF"];
        if (DateTimeOffset.TryParseExact(text, withOffset, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var moment))
        {
            return moment;
        }
        if (DateTime.TryParseExact(text, local, CultureInfo.InvariantCulture, DateTimeStyles.None, out var wall))
        {
            return new DateTimeOffset(wall, calendar.Zone.GetUtcOffset(wall));
        }
        return Guard.Throw<DateTimeOffset?>("asOf",
            $"{new FieldName("asOf")} '{text}' is not a date (2026-11-30, meaning the end of that day) or an ISO date-time (2026-11-30T18:00, local, or 2026-11-30T18:00+08:00).");
    }
}
