using System.CommandLine;
using System.Globalization;
using Loudou.Cli.Output;
using Loudou.Core.Analytics;
using Loudou.Storage.Analytics;
using static Loudou.Cli.Commands.AnalysisArguments;

namespace Loudou.Cli.Commands;

/// <summary><c>loudou drivers</c>: what goes with advancing from a stage, as odds ratios (docs/metrics.md, "Drivers").</summary>
public static class DriversCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var stage = new Option<string>("--stage") { Description = "Key of the open stage whose exits are compared.", Required = true, HelpName = "KEY" };
        var pipeline = Pipeline();
        var asOf = AsOf();
        var where = Where();
        var from = new Option<string?>("--from") { Description = "First day of the window the exits fall in, YYYY-MM-DD (local). Default: no lower bound.", HelpName = "DATE" };
        var to = new Option<string?>("--to") { Description = "Last day of the window, YYYY-MM-DD (local), inclusive. Default: the as-of moment.", HelpName = "DATE" };
        var minN = new Option<int>("--min-n") { Description = "A feature is tested only when at least this many exits have it and this many do not.", DefaultValueFactory = _ => DriverQuery.DefaultMinN, HelpName = "N" };
        var alpha = new Option<double>("--alpha") { Description = "Mark drivers whose Benjamini–Hochberg q-value is at most this as significant.", DefaultValueFactory = _ => BottleneckQuery.DefaultAlpha, HelpName = "Q" };
        var lang = Lang();
        var format = CliOptions.Format();
        var command = new Command("drivers",
            "What goes with advancing from a stage: for each deal attribute value, completed standard action, number of touches in the stage "
            + "and first-response time, the odds ratio of advancing with it against without, its 95% interval and a Benjamini–Hochberg q-value. "
            + "An association, not a cause.");
        foreach (var option in new Option[] { stage, pipeline, asOf, where, from, to, minN, alpha, lang, format })
        {
            command.Options.Add(option);
        }
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var (fromDate, toDate) = CheckedWindow(parseResult, from, to, minN, alpha);
            var filters = (parseResult.GetValue(where) ?? []).Select(ParseWhere).ToList();
            await using var db = await environment.OpenDatabaseAsync(parseResult, cancellationToken, readOnly: true);
            var snapshot = await db.RunAsync("read from", context => FunnelColumnsLoader.LoadAsync(context, parseResult.GetValue(pipeline), 0, cancellationToken));
            var query = new DriverQuery
            {
                Stage = parseResult.GetValue(stage)!,
                AsOf = ParseMoment(parseResult.GetValue(asOf), snapshot.Calendar),
                Where = filters,
                From = fromDate,
                To = toDate,
                MinN = parseResult.GetValue(minN),
                Alpha = parseResult.GetValue(alpha),
                Language = parseResult.GetValue(lang)!,
            };
            var report = Drivers.Find(snapshot, query, TimeProvider.System.GetUtcNow());
            var zone = snapshot.Calendar.Zone;
            switch (parseResult.GetValue(format))
            {
                case OutputFormat.Json:
                    await environment.Output.WriteLineAsync(DriverJson.Write(report, zone).ToJsonString(CliJson.Options));
                    break;
                case OutputFormat.Csv:
                    CsvOutput.Write(environment.Output, Header, Rows(report));
                    break;
                default:
                    await environment.Output.WriteLineAsync(
                        $"Pipeline {report.Pipeline}, {report.Name} ({report.Stage}) as of {FunnelJson.Moment(report.AsOf, zone)}: {report.Exits} deals left the stage, {report.Advanced} advanced; "
                        + $"{report.Tests} feature values tested ({report.Untested} with fewer than {report.MinN} deals on a side left out), "
                        + $"{report.Items.Count(d => d.Significant)} significant (Benjamini–Hochberg q ≤ {report.Alpha.ToString(CultureInfo.InvariantCulture)}). "
                        + "Odds ratio above 1: goes with advancing. An association, not a cause.");
                    TableOutput.Write(environment.Output, Header, Rows(report));
                    break;
            }
            return 0;
        });
        return command;
    }

    private static readonly string[] Header =
        ["feature", "value", "label", "with_n", "with_advanced", "without_n", "without_advanced", "odds_ratio", "ci_low", "ci_high", "p_value", "q_value", "significant"];

    private static IEnumerable<IReadOnlyList<string>> Rows(DriverReport report) =>
        report.Items.Select(d => (IReadOnlyList<string>)[d.Feature, d.Value, d.Label, Number(d.WithN), Number(d.WithAdvanced), Number(d.WithoutN), Number(d.WithoutAdvanced),
            Fraction(d.OddsRatio), Fraction(d.CiLow), Fraction(d.CiHigh), d.PValue.ToString("G3", CultureInfo.InvariantCulture), d.QValue.ToString("G3", CultureInfo.InvariantCulture), d.Significant ? "yes" : "no"]);
}
