using System.CommandLine;
using Loudou.Cli.Output;
using Loudou.Core.Analytics;
using Loudou.Storage.Analytics;
using static Loudou.Cli.Commands.AnalysisArguments;

namespace Loudou.Cli.Commands;

/// <summary><c>loudou losses</c>: loss reasons per stage as a Pareto (docs/metrics.md, "Losses").</summary>
public static class LossesCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var pipeline = Pipeline();
        var asOf = AsOf();
        var where = Where();
        var from = new Option<string?>("--from") { Description = "First day of the creation range, YYYY-MM-DD (local).", HelpName = "DATE" };
        var to = new Option<string?>("--to") { Description = "Last day of the creation range, YYYY-MM-DD (local), inclusive.", HelpName = "DATE" };
        var lang = Lang();
        var format = CliOptions.Format();
        var command = new Command("losses", "Loss reasons per stage, most frequent first, with each reason's share and the running (Pareto) share.");
        foreach (var option in new Option[] { pipeline, asOf, where, from, to, lang, format })
        {
            command.Options.Add(option);
        }
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var fromDate = ParseDate(parseResult.GetValue(from), "--from");
            var toDate = ParseDate(parseResult.GetValue(to), "--to");
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
            var report = LossPareto.Compute(snapshot, query, TimeProvider.System.GetUtcNow());
            switch (parseResult.GetValue(format))
            {
                case OutputFormat.Json:
                    await environment.Output.WriteLineAsync(LossJson.Write(report, snapshot.Calendar.Zone).ToJsonString(CliJson.Options));
                    break;
                case OutputFormat.Csv:
                    CsvOutput.Write(environment.Output, Header, Rows(report, ""));
                    break;
                default:
                    await environment.Output.WriteLineAsync($"Pipeline {report.Pipeline} as of {FunnelJson.Moment(report.AsOf, snapshot.Calendar.Zone)}: losses by stage and reason.");
                    TableOutput.Write(environment.Output, Header, Rows(report, "(none recorded)"));
                    break;
            }
            return 0;
        });
        return command;
    }

    private static readonly string[] Header = ["stage", "name", "stage_lost", "reason", "count", "share", "cumulative_share"];

    private static IEnumerable<IReadOnlyList<string>> Rows(LossReport report, string blank) =>
        report.Stages.SelectMany(s => s.Reasons.Select(r => (IReadOnlyList<string>)[s.Stage, s.Name, Number(s.Lost), r.Reason == "" ? blank : r.Reason, Number(r.Count), Fraction(r.Share), Fraction(r.CumulativeShare)]));
}
