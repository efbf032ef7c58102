using System.CommandLine;
using System.Globalization;
using Loudou.Cli.Output;
using Loudou.Core.Analytics;
using Loudou.Core.Targets;
using Loudou.Storage.Targets;

namespace Loudou.Cli.Commands;

/// <summary><c>loudou targets apply FILE</c> and <c>loudou targets list</c> (docs/targets-files.md).</summary>
/// <remarks>The command line is the operator's tool: it sees and sets every target.</remarks>
public static class TargetCommands
{
    public static Command Create(CliEnvironment environment)
    {
        var targets = new Command("targets", "Conversion targets per stage and monthly sales targets, set from JSON files (docs/targets-files.md).");
        targets.Subcommands.Add(CreateApply(environment));
        targets.Subcommands.Add(CreateList(environment));
        return targets;
    }

    private static Command CreateApply(CliEnvironment environment)
    {
        var file = new Argument<FileInfo>("FILE") { Description = "A targets file in JSON (docs/targets-files.md)." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Check the file against the workspace and report, changing nothing in it." };
        var apply = new Command("apply", "Set the targets a file lists; targets it does not list stay as they are. All or nothing: a file with any error changes nothing.");
        apply.Arguments.Add(file);
        apply.Options.Add(dryRun);
        apply.SetAction(async (parseResult, cancellationToken) =>
        {
            var path = parseResult.GetValue(file)!;
            // Check everything that needs no database first, so a broken file never opens (or creates) one.
            var parsed = TargetsFile.Parse(await PipelineCommands.ReadAsync(path, cancellationToken));
            if (parsed.Document is not { } document)
            {
                return await PipelineCommands.ReportAsync(environment, path, [.. parsed.Errors.Select(e => e.ToString())]);
            }
            await using var db = await environment.OpenDatabaseAsync(parseResult, cancellationToken);
            var store = new TargetStore(db.Context);
            var entries = $"{document.Conversion.Count} conversion and {document.Sales.Count} sales target(s)";
            if (parseResult.GetValue(dryRun))
            {
                var problems = await db.RunAsync("read from", _ => store.CheckAsync(document, cancellationToken));
                if (problems.Count > 0)
                {
                    return await PipelineCommands.ReportAsync(environment, path, [.. problems.Select(e => e.ToString())]);
                }
                await environment.Output.WriteLineAsync($"{path.Name} is valid: {entries}. Nothing was changed (--dry-run).");
                return 0;
            }
            var result = await db.RunAsync("write to", _ => store.ApplyAsync(document, cancellationToken));
            if (result.Applied is not { } applied)
            {
                return await PipelineCommands.ReportAsync(environment, path, [.. result.Errors.Select(e => e.ToString())]);
            }
            await environment.Output.WriteLineAsync(
                $"Set {entries} in pipeline '{applied.Pipeline}': {result.Created} created, {result.Changed} changed, {result.Removed} removed, the rest already as the file says.");
            return 0;
        });
        return apply;
    }

    private static Command CreateList(CliEnvironment environment)
    {
        var pipeline = AnalysisArguments.Pipeline();
        var month = new Option<string?>("--month") { Description = "Only this month's targets (and the standing conversion targets), YYYY-MM. Default: every month.", HelpName = "YYYY-MM" };
        var format = CliOptions.Format();
        var list = new Command("list", "List the targets; --format json prints a targets file that `targets apply` takes back.");
        list.Options.Add(pipeline);
        list.Options.Add(month);
        list.Options.Add(format);
        list.SetAction(async (parseResult, cancellationToken) =>
        {
            var wanted = AnalysisText.Month(parseResult.GetValue(month));
            await using var db = await environment.OpenDatabaseAsync(parseResult, cancellationToken, readOnly: true);
            var document = await db.RunAsync("read from", context => new TargetStore(context).ReadAsync(parseResult.GetValue(pipeline), wanted, cancellationToken));
            switch (parseResult.GetValue(format))
            {
                case OutputFormat.Json:
                    await environment.Output.WriteLineAsync(TargetsFile.Write(document));
                    break;
                case OutputFormat.Csv:
                    CsvOutput.Write(environment.Output, Header, Rows(document));
                    break;
                default:
                    TableOutput.Write(environment.Output, Header, Rows(document));
                    break;
            }
            return 0;
        });
        return list;
    }

    private static readonly string[] Header = ["pipeline", "kind", "stage", "team", "rep", "month", "rate", "won_amount", "won_count"];

    private static IEnumerable<IReadOnlyList<string>> Rows(TargetsDocument document) =>
        document.Conversion.Select(c => (IReadOnlyList<string>)
            [document.Pipeline ?? "", "conversion", c.Stage, c.Team ?? "", "", Month(c.Month), Number(c.Rate), "", ""])
        .Concat(document.Sales.Select(s => (IReadOnlyList<string>)
            [document.Pipeline ?? "", "sales", "", s.Team ?? "", s.Rep ?? "", Month(s.Month), "", Number(s.WonAmount / 1.0000000000000000000000000000m), Number(s.WonCount)]));

    private static string Month(DateOnly? month) => month?.ToString("yyyy-MM", CultureInfo.InvariantCulture) ?? "";

    private static string Number<T>(T? value)
        where T : struct, IFormattable => value?.ToString(null, CultureInfo.InvariantCulture) ?? "";
}
