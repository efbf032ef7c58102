using System.CommandLine;
using System.Globalization;
using Loudou.Cli.Output;
using Loudou.Core.Analytics;
using Loudou.Storage.Analytics;

namespace Loudou.Cli.Commands;

/// <summary><c>loudou funnel</c>: the funnel of docs/metrics.md as a table, JSON (the contract in docs/metrics.md, section JSON) or CSV.</summary>
public static class FunnelCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var pipeline = AnalysisArguments.Pipeline();
        var asOf = AnalysisArguments.AsOf();
        var strict = new Option<bool>("--strict") { Description = "Count a stage as entered only when the history shows it (default: reaching a later stage counts)." };
        var by = new Option<string?>("--by") { Description = $"Break down by a dimension: {string.Join(", ", FunnelSnapshot.StandardDimensions)} or custom.KEY.", HelpName = "DIM" };
        var where = AnalysisArguments.Where();
        var from = new Option<string?>("--from") { Description = "First day of the cohort range, YYYY-MM-DD (local).", HelpName = "DATE" };
        var to = new Option<string?>("--to") { Description = "Last day of the cohort range, YYYY-MM-DD (local), inclusive.", HelpName = "DATE" };
        var cohort = new Option<string?>("--cohort") { Description = "created (default) or entered:STAGE: which date puts a deal in the --from/--to range and in a cohort month.", HelpName = "WHAT" };
        var minN = new Option<int>("--min-n") { Description = "Rates with fewer deals than this are flagged too few to say.", DefaultValueFactory = _ => FunnelQuery.DefaultMinN, HelpName = "N" };
        minN.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1)
            {
                result.AddError("--min-n must be at least 1.");
            }
        });
        var lang = AnalysisArguments.Lang();
        var curves = new Option<bool>("--curves") { Description = "With --format json: add each stage's Kaplan–Meier curve of time in stage, and of time to close, for charts." };
        var compare = new Option<string?>("--compare")
        {
            Description = "previous-period or previous-year: compare exit-based conversion in the --from/--to range "
                + "(default: the last full month before the as-of moment) with the period before or a year earlier.",
            HelpName = "WITH",
        };
        compare.AcceptOnlyFromAmong("previous-period", "previous-year");
        var format = CliOptions.Format();
        var funnel = new Command("funnel", "The funnel: entered, advanced, lost and open per stage, conversions with 95% Wilson intervals, time in stage (docs/metrics.md).");
        foreach (var option in new Option[] { pipeline, asOf, strict, by, where, from, to, cohort, minN, lang, curves, compare, format })
        {
            funnel.Options.Add(option);
        }
        funnel.SetAction(async (parseResult, cancellationToken) =>
        {
            var filters = (parseResult.GetValue(where) ?? []).Select(AnalysisArguments.ParseWhere).ToList();
            var cohortStage = AnalysisArguments.ParseCohort(parseResult.GetValue(cohort));
            var fromDate = AnalysisArguments.ParseDate(parseResult.GetValue(from), "--from");
            var toDate = AnalysisArguments.ParseDate(parseResult.GetValue(to), "--to");
            // Checked before the database is opened; the engine checks the same again.
            FunnelQueryChecks.Range(fromDate, toDate);
            await using var db = await environment.OpenDatabaseAsync(parseResult, cancellationToken, readOnly: true);
            var snapshot = await db.RunAsync("read from", context => FunnelColumnsLoader.LoadAsync(context, parseResult.GetValue(pipeline), 0, cancellationToken));
            var query = new FunnelQuery
            {
                AsOf = AnalysisArguments.ParseMoment(parseResult.GetValue(asOf), snapshot.Calendar),
                Strict = parseResult.GetValue(strict),
                MinN = parseResult.GetValue(minN),
                By = parseResult.GetValue(by),
                Where = filters,
                From = fromDate,
                To = toDate,
                CohortStage = cohortStage,
                Language = parseResult.GetValue(lang)!,
                Curves = parseResult.GetValue(curves),
            };
            var now = TimeProvider.System.GetUtcNow();
            // The columnar path, as the host's: one engine behind the CLI and the API.
            var report = FunnelEngine.Compute(snapshot, query, now);
            var comparison = parseResult.GetValue(compare) is { } with
                ? PeriodComparison.Compute(snapshot, query, now, with == "previous-year" ? CompareWith.PreviousYear : CompareWith.PreviousPeriod, fromDate, toDate)
                : null;
            var asOfLocal = TimeZoneInfo.ConvertTime(report.AsOf, snapshot.Calendar.Zone);
            switch (parseResult.GetValue(format))
            {
                case OutputFormat.Json:
                    await environment.Output.WriteLineAsync(FunnelJson.Write(report, snapshot.Calendar.Zone, query.Curves, comparison).ToJsonString(CliJson.Options));
                    break;
                case OutputFormat.Csv:
                    CsvOutput.Write(environment.Output, ["group", .. Header], Rows(report).Select(r => (IReadOnlyList<string>)[r.Group, .. r.Cells]));
                    break;
                default:
                    await environment.Output.WriteLineAsync(
                        $"Pipeline {report.Pipeline} as of {asOfLocal:yyyy-MM-dd HH:mm zzz}: {report.Total.Deals:N0} deals, {report.Total.Won:N0} won, "
                        + $"{report.Total.Lost:N0} lost, {report.Total.Open:N0} open, win rate {Percent(report.Total.WinRate)}; "
                        + $"time to close median {Fraction(report.Total.TimeToClose?.MedianDays)} days "
                        + $"(naive, closed deals only: {Fraction(report.Total.TimeToClose?.NaiveMedianDays)}).");
                    TableOutput.Write(environment.Output, report.By is null ? Header : [report.By, .. Header],
                        Rows(report).Where(r => report.By is null || r.Group != "").Select(r => report.By is null ? r.Cells : (IReadOnlyList<string>)[r.Group, .. r.Cells]));
                    if (comparison is not null)
                    {
                        await environment.Output.WriteLineAsync(
                            $"Exit-based conversion {comparison.From:yyyy-MM-dd}..{comparison.To:yyyy-MM-dd} against {comparison.OtherFrom:yyyy-MM-dd}..{comparison.OtherTo:yyyy-MM-dd} "
                            + "(deals that left each stage in each period; recent cohorts are unfinished, so creation cohorts are not compared):");
                        TableOutput.Write(environment.Output, ["stage", "advanced", "exits", "conversion", "other_advanced", "other_exits", "other_conversion", "difference", "q_value", "significant"],
                            comparison.Total.Stages.Select(s => (IReadOnlyList<string>)[s.Key, Number(s.Value.Successes), Number(s.Value.N), Fraction(s.Value.Rate), Number(s.Value.OtherSuccesses), Number(s.Value.OtherN),
                                Fraction(s.Value.OtherRate), Fraction(s.Value.Difference), Fraction(s.Value.QValue), s.Value.Significant ? "yes" : ""]));
                    }
                    break;
            }
            return 0;
        });
        return funnel;
    }

    internal static readonly string[] Header =
        ["stage", "name", "entered", "advanced", "lost", "open", "conversion", "ci_low", "ci_high", "cumulative", "too_few", "median_days", "p90_days", "naive_median_days", "naive_p90_days"];

    /// <summary>Rows for table and CSV: the total (group "") and then each group's.</summary>
    internal static IEnumerable<(string Group, IReadOnlyList<string> Cells)> Rows(FunnelReport report)
    {
        var sets = new List<(string, FunnelFigures)> { ("", report.Total) };
        sets.AddRange((report.Groups ?? []).Select(g => (g.Key == "" ? "(blank)" : g.Key, g.Figures)));
        foreach (var (group, figures) in sets)
        {
            foreach (var row in figures.Stages)
            {
                yield return (group, [row.Stage, row.Name, Number(row.Entered), Number(row.Advanced), Number(row.Lost), Number(row.Open),
                    Fraction(row.Conversion), Fraction(row.CiLow), Fraction(row.CiHigh), Fraction(row.Cumulative), row.TooFew ? "yes" : "", Fraction(row.MedianDays), Fraction(row.P90Days),
                    Fraction(row.NaiveMedianDays), Fraction(row.NaiveP90Days)]);
            }
        }
    }

    private static string Number(long? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";

    private static string Fraction(double? value) => value?.ToString("0.####", CultureInfo.InvariantCulture) ?? "";

    private static string Percent(double? value) => value?.ToString("P2", CultureInfo.InvariantCulture) ?? "n/a";
}
