using System.CommandLine;
using System.Globalization;
using Loudou.Core.Analytics;
using Loudou.Core.Workspace;

namespace Loudou.Cli.Commands;

/// <summary>The options and argument parsing the analysis commands (funnel, whatif, losses, bottlenecks, drivers) share, so they read the same everywhere.</summary>
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

    internal static (string, string) ParseWhere(string text) => AnalysisText.Where(text);

    internal static string? ParseCohort(string? text) => AnalysisText.Cohort(text);

    /// <param name="option">The field the day is for ("from", "to"); the CLI names it by its option.</param>
    internal static DateOnly? ParseDate(string? text, string option) => AnalysisText.Date(text, option.TrimStart('-'));

    /// <summary>The window of exits (--from, --to) and the test's floor and level, checked before the database is opened; the analysis checks them again.</summary>
    internal static (DateOnly? From, DateOnly? To) CheckedWindow(ParseResult parseResult, Option<string?> from, Option<string?> to, Option<int> minN, Option<double> alpha)
    {
        var fromDate = ParseDate(parseResult.GetValue(from), "--from");
        var toDate = ParseDate(parseResult.GetValue(to), "--to");
        FunnelQueryChecks.Range(fromDate, toDate);
        FunnelQueryChecks.MinN(parseResult.GetValue(minN));
        FunnelQueryChecks.Alpha(parseResult.GetValue(alpha));
        return (fromDate, toDate);
    }

    internal static DateTimeOffset? ParseMoment(string? text, WorkspaceCalendar calendar) => AnalysisText.Moment(text, calendar);
}
