using System.CommandLine;
using Loudou.Cli.Output;
using Loudou.Core.Analytics;
using Loudou.Storage.Analytics;
using static Loudou.Cli.Commands.AnalysisArguments;

namespace Loudou.Cli.Commands;

/// <summary><c>loudou whatif</c>: the extra won deals and amount if one stage converted X points better (docs/metrics.md, "What-if").</summary>
public static class WhatIfCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var pipeline = Pipeline();
        var asOf = AsOf();
        var where = Where();
        var from = new Option<string?>("--from") { Description = "First day of the creation range, YYYY-MM-DD (local): project from finished cohorts.", HelpName = "DATE" };
        var to = new Option<string?>("--to") { Description = "Last day of the creation range, YYYY-MM-DD (local), inclusive.", HelpName = "DATE" };
        var points = new Option<double>("--points") { Description = "Percentage points added to one stage's conversion at a time (more than 0, at most 100).", DefaultValueFactory = _ => WhatIf.DefaultPoints, HelpName = "X" };
        var lang = Lang();
        var format = CliOptions.Format();
        var command = new Command("whatif", "Which stage's improvement yields the most: extra won deals and won amount if its conversion rose by X points, everything else equal; ranked.");
        foreach (var option in new Option[] { pipeline, asOf, where, from, to, points, lang, format })
        {
            command.Options.Add(option);
        }
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var fromDate = ParseDate(parseResult.GetValue(from), "--from");
            var toDate = ParseDate(parseResult.GetValue(to), "--to");
            var x = parseResult.GetValue(points);
            // Checked before the database is opened; WhatIf.Compute checks the same again.
            FunnelQueryChecks.Points(x);
            var filters = (parseResult.GetValue(where) ?? []).Select(ParseWhere).ToList();
            await using var db = await environment.OpenDatabaseAsync(parseResult, cancellationToken, readOnly: true);
            var snapshot = await db.RunAsync("read from", context => FunnelColumnsLoader.LoadAsync(context, parseResult.GetValue(pipeline), 0, cancellationToken));
            var query = new FunnelQuery
            {
                AsOf = ParseMoment(parseResult.GetValue(asOf), snapshot.Calendar),
                Where = filters,
                From = fromDate,
                To = toDate,
                Language = parseResult.GetValue(lang)!,
            };
            var report = WhatIf.Compute(snapshot, query, TimeProvider.System.GetUtcNow(), x);
            switch (parseResult.GetValue(format))
            {
                case OutputFormat.Json:
                    await environment.Output.WriteLineAsync(WhatIfJson.Write(report, snapshot.Calendar.Zone).ToJsonString(CliJson.Options));
                    break;
                case OutputFormat.Csv:
                    CsvOutput.Write(environment.Output, Header, Rows(report));
                    break;
                default:
                    await environment.Output.WriteLineAsync(
                        $"Pipeline {report.Pipeline} as of {FunnelJson.Moment(report.AsOf, snapshot.Calendar.Zone)}: {report.Won:N0} won, mean won amount {Money(report.MeanWonAmount)}; "
                        + $"each stage's exit-based conversion raised by {x} points, everything else equal.");
                    TableOutput.Write(environment.Output, Header, Rows(report));
                    break;
            }
            return 0;
        });
        return command;
    }

    private static readonly string[] Header = ["rank", "stage", "name", "entered", "conversion", "new_conversion", "extra_won", "extra_won_amount"];

    private static IEnumerable<IReadOnlyList<string>> Rows(WhatIfReport report) =>
        report.Rows.Select((r, i) => (IReadOnlyList<string>)[Number(i + 1), r.Stage, r.Name, Number(r.Entered), Fraction(r.Conversion), Fraction(r.NewConversion), Fraction(r.ExtraWon), Money(r.ExtraWonAmount)]);
}
