using System.CommandLine;
using System.Globalization;
using Loudou.Core.Workspace;

namespace Loudou.Cli.Commands;

/// <summary>The options and argument parsing the analysis commands (funnel, whatif, losses, bottlenecks) share, so they read the same everywhere.</summary>
internal static class AnalysisArguments
{
    internal static Option<string?> Pipeline() => new("--pipeline") { Description = "Pipeline key. Default: the workspace's default pipeline.", HelpName = "KEY" };

    internal static Option<string?> AsOf() => new("--as-of")
    {
        Description = "The moment described: YYYY-MM-DD (the end of that local day) or an ISO date-time (local unless it has an offset). "
            + "Default: now, or the latest event when that is over 30 days old.",
        HelpName = "DATE",
    };

    internal static Option<string[]> Where() => new("--where") { Description = "Keep deals with DIM=VALUE (repeatable; an empty VALUE means blank).", HelpName = "DIM=VALUE", AllowMultipleArgumentsPerToken = false };

    internal static Option<string> Lang()
    {
        var lang = new Option<string>("--lang") { Description = "Language of stage names: zh-CN or en.", DefaultValueFactory = _ => "en", HelpName = "LANG" };
        lang.AcceptOnlyFromAmong("zh-CN", "en");
        return lang;
    }

    internal static string Number(long? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";

    internal static string Fraction(double? value) => value?.ToString("0.####", CultureInfo.InvariantCulture) ?? "";

    internal static string Money(decimal? value) => value?.ToString("0.##", CultureInfo.InvariantCulture) ?? "";

    internal static (string, string) ParseWhere(string text)
    {
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        return equals > 0 ? (text[..equals].Trim(), text[(equals + 1)..].Trim()) : throw new CliUsageException($"--where '{text}' is not of the form DIM=VALUE.");
    }

    internal static string? ParseCohort(string? text) => text switch
    {
        null or "created" => null,
        _ when text.StartsWith("entered:", StringComparison.Ordinal) && text.Length > "entered:".Length => text["entered:".Length..],
        _ => throw new CliUsageException($"--cohort '{text}' is not 'created' or 'entered:STAGE'."),
    };

    internal static DateOnly? ParseDate(string? text, string option) =>
        text is null ? null
        : DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date
        : throw new CliUsageException($"{option} '{text}' is not a date like 2026-11-30.");

    /// <summary>A date means the end of that local day; an ISO date-time without an offset is local to the workspace.</summary>
    internal static DateTimeOffset? ParseMoment(string? text, WorkspaceCalendar calendar)
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
        throw new CliUsageException($"--as-of '{text}' is not a date (2026-11-30, meaning the end of that day) or an ISO date-time (2026-11-30T18:00, local, or 2026-11-30T18:00+08:00).");
    }
}
