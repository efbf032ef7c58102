using System.CommandLine;
using System.Globalization;
using Loudou.Cli.Output;
using Loudou.Core.Alerts.Rules;
using Loudou.Core.Analytics;
using Loudou.Storage.Alerts;
using Loudou.Storage.Analytics;

namespace Loudou.Cli.Commands;

/// <summary><c>loudou alerts apply FILE</c>, <c>alerts list</c> and <c>alerts run</c> (docs/alert-files.md).</summary>
/// <remarks>The command line is the operator's tool: it sees, sets and runs every rule.</remarks>
public static class AlertCommands
{
    public static Command Create(CliEnvironment environment)
    {
        var alerts = new Command("alerts", "Alert rules on funnel metrics, set from JSON files and evaluated together (docs/alert-files.md).");
        alerts.Subcommands.Add(CreateApply(environment));
        alerts.Subcommands.Add(CreateList(environment));
        alerts.Subcommands.Add(CreateRun(environment));
        return alerts;
    }

    private static Command CreateApply(CliEnvironment environment)
    {
        var file = new Argument<FileInfo>("FILE") { Description = "An alert rules file in JSON (docs/alert-files.md)." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Check the file against the workspace and report, changing nothing in it." };
        var apply = new Command("apply", "Set the rules a file lists; rules it does not list stay as they are. All or nothing: a file with any error changes nothing.");
        apply.Arguments.Add(file);
        apply.Options.Add(dryRun);
        apply.SetAction(async (parseResult, cancellationToken) =>
        {
            var path = parseResult.GetValue(file)!;
            var parsed = AlertsFile.Parse(await PipelineCommands.ReadAsync(path, cancellationToken));
            if (parsed.Document is not { } document)
            {
                return await PipelineCommands.ReportAsync(environment, path, [.. parsed.Errors.Select(e => e.ToString())]);
            }
            await using var db = await environment.OpenDatabaseAsync(parseResult, cancellationToken);
            var store = new AlertStore(db.Context);
            if (parseResult.GetValue(dryRun))
            {
                var problems = await db.RunAsync("read from", _ => store.CheckAsync(document, cancellationToken));
                if (problems.Count > 0)
                {
                    return await PipelineCommands.ReportAsync(environment, path, [.. problems.Select(e => e.ToString())]);
                }
                await environment.Output.WriteLineAsync($"{path.Name} is valid: {document.Rules.Count} rule(s). Nothing was changed (--dry-run).");
                return 0;
            }
            var result = await db.RunAsync("write to", _ => store.ApplyAsync(document, cancellationToken));
            if (result.Applied is null)
            {
                return await PipelineCommands.ReportAsync(environment, path, [.. result.Errors.Select(e => e.ToString())]);
            }
            await environment.Output.WriteLineAsync(
                $"Set {document.Rules.Count} rule(s): {result.Created} created, {result.Changed} changed, {result.Removed} removed, the rest already as the file says.");
            return 0;
        });
        return apply;
    }

    private static Command CreateList(CliEnvironment environment)
    {
        var format = CliOptions.Format();
        var list = new Command("list", "List the alert rules; --format json prints a rules file that `alerts apply` takes back.");
        list.Options.Add(format);
        list.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var db = await environment.OpenDatabaseAsync(parseResult, cancellationToken, readOnly: true);
            var rules = await db.RunAsync("read from", context => new AlertStore(context).ListRulesAsync(cancellationToken));
            switch (parseResult.GetValue(format))
            {
                case OutputFormat.Json:
                    await environment.Output.WriteLineAsync(AlertsFile.Write(rules.Where(r => r.Condition is not null).Select((r, i) => r.Entry(i))));
                    break;
                default:
                    string[] header = ["key", "name", "metric", "stage", "segment", "kind", "schedule", "enabled", "owner", "last_evaluated"];
                    var rows = rules.Select(r => (IReadOnlyList<string>)
                        [r.Key, r.Name.For("en"), r.Condition?.Metric ?? "(unreadable)", r.Condition?.Stage ?? "", Segment(r.Condition), r.Condition?.Kind ?? "",
                         r.Schedule, r.Enabled ? "yes" : "no", r.Owner ?? "", r.LastEvaluatedAt?.ToString("u", CultureInfo.InvariantCulture) ?? ""]);
                    if (parseResult.GetValue(format) == OutputFormat.Csv)
                    {
                        CsvOutput.Write(environment.Output, header, rows);
                    }
                    else
                    {
                        TableOutput.Write(environment.Output, header, rows);
                    }
                    break;
            }
            return 0;
        });
        return list;
    }

    private static Command CreateRun(CliEnvironment environment)
    {
        var asOf = AnalysisArguments.AsOf();
        var format = CliOptions.Format();
        var run = new Command("run",
            "Evaluate every enabled rule now, together (one Benjamini–Hochberg correction), record episodes (an alert fires once per episode) "
            + "and notify; prints each rule's result: fired, open (still holding), cleared or quiet, with its numbers.");
        run.Options.Add(asOf);
        run.Options.Add(format);
        run.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var db = await environment.OpenDatabaseAsync(parseResult, cancellationToken);
            var snapshot = await db.RunAsync("read from", context => FunnelColumnsLoader.LoadAsync(context, null, 0, cancellationToken));
            var moment = AnalysisArguments.ParseMoment(parseResult.GetValue(asOf), snapshot.Calendar);
            var result = await db.RunAsync("write to", context => new AlertRun(context).RunAsync(snapshot, moment, TimeProvider.System.GetUtcNow(), null, cancellationToken));
            var zone = snapshot.Calendar.Zone;
            switch (parseResult.GetValue(format))
            {
                case OutputFormat.Json:
                    await environment.Output.WriteLineAsync(AlertsJson.Run(result, zone).ToJsonString(CliJson.Options));
                    break;
                default:
                    if (parseResult.GetValue(format) == OutputFormat.Table)
                    {
                        await environment.Output.WriteLineAsync(
                            $"Alerts as of {FunnelJson.Moment(result.Evaluation.AsOf, zone)}: {result.Outcomes.Count} rule(s), {result.Evaluation.Tests} change(s) tested together "
                            + $"(Benjamini–Hochberg q ≤ {result.Evaluation.Alpha.ToString(CultureInfo.InvariantCulture)}); {result.Notifications} notification(s) raised.");
                    }
                    string[] header = ["rule", "status", "metric", "stage", "segment", "observed", "ci_low", "ci_high", "n", "baseline", "baseline_n", "q_value", "reason"];
                    var rows = result.Outcomes.Select(o => (IReadOnlyList<string>)
                        [o.Result.Key, o.Status, o.Result.Condition.Metric, o.Result.Condition.Stage ?? "", Segment(o.Result.Condition),
                         AlertText.Value(o.Result.Observed, o.Result.Condition.Metric), AlertText.Value(o.Result.Low, o.Result.Condition.Metric),
                         AlertText.Value(o.Result.High, o.Result.Condition.Metric), o.Result.N.ToString(CultureInfo.InvariantCulture),
                         AlertText.Value(o.Result.Baseline, o.Result.Condition.Metric), o.Result.BaselineN?.ToString(CultureInfo.InvariantCulture) ?? "",
                         o.Result.QValue?.ToString("G3", CultureInfo.InvariantCulture) ?? "", o.Result.Reason ?? ""]);
                    if (parseResult.GetValue(format) == OutputFormat.Csv)
                    {
                        CsvOutput.Write(environment.Output, header, rows);
                    }
                    else
                    {
                        TableOutput.Write(environment.Output, header, rows);
                    }
                    break;
            }
            return 0;
        });
        return run;
    }

    private static string Segment(AlertCondition? condition) => condition?.Segment is { } s ? $"{s.Dimension}={s.Value}" : "";
}
