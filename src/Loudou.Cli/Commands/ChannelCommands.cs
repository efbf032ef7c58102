using System.CommandLine;
using System.Globalization;
using Loudou.Cli.Output;
using Loudou.Core.Analytics;
using Loudou.Core.Catalog;
using Loudou.Import.Costs;
using Loudou.Storage.Analytics;
using Loudou.Storage.Catalog;
using Microsoft.EntityFrameworkCore;
using static Loudou.Cli.Commands.AnalysisArguments;

namespace Loudou.Cli.Commands;

/// <summary><c>loudou channels costs import|list</c> and <c>loudou channels quality</c> (docs/channel-costs.md; docs/metrics.md, "Channel quality").</summary>
/// <remarks>The command line is the operator's tool: it sets every cost and sees every deal.</remarks>
public static class ChannelCommands
{
    public static Command Create(CliEnvironment environment)
    {
        var costs = new Command("costs", "What each channel cost per month, from CSV files (channel,month,amount,currency).");
        costs.Subcommands.Add(CreateImport(environment));
        costs.Subcommands.Add(CreateList(environment));
        var channels = new Command("channels", "Lead channels: their monthly cost and their quality (conversion, won deals, cost per lead and per won deal, return on cost).");
        channels.Subcommands.Add(costs);
        channels.Subcommands.Add(CreateQuality(environment));
        return channels;
    }

    private static Option<string?> MonthOption(string name, string description) => new(name) { Description = description, HelpName = "YYYY-MM" };

    private static Command CreateImport(CliEnvironment environment)
    {
        var file = new Argument<FileInfo>("FILE") { Description = "A CSV file with the columns channel,month,amount,currency; month as YYYY-MM; a blank currency is the base currency." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Check the file against the workspace and report, changing nothing." };
        var import = new Command("import", "Set each row's (channel, month) cost; a month imported again is changed, never duplicated. All or nothing: a file with any error changes nothing.");
        import.Arguments.Add(file);
        import.Options.Add(dryRun);
        import.SetAction(async (parseResult, cancellationToken) =>
        {
            var path = parseResult.GetValue(file)!;
            if (!path.Exists)
            {
                return await PipelineCommands.ReportAsync(environment, path, ["no such file."]);
            }
            // A file broken in itself is refused before the database opens (or is created); the blank-currency rule is the only
            // part that needs the workspace, and it cannot make a row wrong.
            using (var check = Open(path))
            {
                if (ChannelCostCsv.Read(check, path.Name, "CNY").Issues is { Count: > 0 } issues)
                {
                    return await ReportAsync(environment, path, issues);
                }
            }
            await using var db = await environment.OpenDatabaseAsync(parseResult, cancellationToken);
            var dry = parseResult.GetValue(dryRun);
            var result = await db.RunAsync(dry ? "read from" : "write to", async context =>
            {
                var currency = (await context.WorkspaceSettings.AsNoTracking().SingleAsync(cancellationToken)).BaseCurrency;
                using var text = Open(path);
                return await ChannelCostImport.RunAsync(new ChannelCostStore(context), text, path.Name, currency, dry, cancellationToken);
            });
            if (result.Issues.Count > 0)
            {
                return await ReportAsync(environment, path, result.Issues);
            }
            await environment.Output.WriteLineAsync(
                $"{path.Name}: {result.Created} created, {result.Changed} changed, {result.Unchanged} already as the file says.{(dry ? " Nothing was changed (--dry-run)." : "")}");
            return 0;
        });
        return import;
    }

    /// <summary>UTF-8 or GB18030 (as Chinese Excel saves CSV), detected as the import does.</summary>
    private static StreamReader Open(FileInfo path) =>
        new(path.FullName, Import.Reading.TextEncodings.Detect(path.FullName, out _), detectEncodingFromByteOrderMarks: true);

    private static async Task<int> ReportAsync(CliEnvironment environment, FileInfo path, IReadOnlyList<Core.Import.ImportIssue> issues)
    {
        foreach (var issue in issues)
        {
            await environment.Error.WriteLineAsync(issue.ToString());
        }
        await environment.Error.WriteLineAsync($"{path.Name}: {issues.Count} error(s); nothing was changed.");
        return LoudouCli.UserError;
    }

    private static Command CreateList(CliEnvironment environment)
    {
        var from = MonthOption("--from", "First month, YYYY-MM. Default: the first recorded.");
        var to = MonthOption("--to", "Last month, YYYY-MM, inclusive. Default: the last recorded.");
        var format = CliOptions.Format();
        var list = new Command("list", "List the monthly costs by channel and month; --format csv prints a file that `channels costs import` takes back.");
        list.Options.Add(from);
        list.Options.Add(to);
        list.Options.Add(format);
        list.SetAction(async (parseResult, cancellationToken) =>
        {
            var (fromMonth, toMonth) = (AnalysisText.Month(parseResult.GetValue(from), "from"), AnalysisText.Month(parseResult.GetValue(to), "to"));
            await using var db = await environment.OpenDatabaseAsync(parseResult, cancellationToken, readOnly: true);
            var rows = await db.RunAsync("read from", context => new ChannelCostStore(context).ReadAsync(fromMonth, toMonth, cancellationToken));
            switch (parseResult.GetValue(format))
            {
                case OutputFormat.Json:
                    await environment.Output.WriteLineAsync(ChannelCostJson.Write(rows).ToJsonString(CliJson.Options));
                    break;
                case OutputFormat.Csv:
                    CsvOutput.Write(environment.Output, ChannelCostCsv.Columns, CostRows(rows));
                    break;
                default:
                    TableOutput.Write(environment.Output, ChannelCostCsv.Columns, CostRows(rows));
                    break;
            }
            return 0;
        });
        return list;
    }

    private static IEnumerable<IReadOnlyList<string>> CostRows(IReadOnlyList<ChannelCostRow> rows) =>
        rows.Select(r => (IReadOnlyList<string>)[r.Channel, Month(r.Month), r.Amount.ToString(CultureInfo.InvariantCulture), r.Currency]);

    private static Command CreateQuality(CliEnvironment environment)
    {
        var from = MonthOption("--from", $"First month of the leads' creation, YYYY-MM. Default: {ChannelQualityQuery.DefaultMonths} months up to --to.");
        var to = MonthOption("--to", "Last month, YYYY-MM, inclusive. Default: the as-of month.");
        var pipeline = Pipeline();
        var asOf = AsOf();
        var lang = Lang();
        var format = CliOptions.Format();
        var command = new Command("quality",
            "Per channel, for the leads created in a range of months: conversion per stage with its 95% interval, won deals and amount, the range's cost (base currency), "
            + "cost per lead, cost per won deal and return on cost ((won amount - cost) / cost). A figure that cannot be computed is empty (the JSON says why).");
        foreach (var option in new Option[] { from, to, pipeline, asOf, lang, format })
        {
            command.Options.Add(option);
        }
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var (fromMonth, toMonth) = (AnalysisText.Month(parseResult.GetValue(from), "from"), AnalysisText.Month(parseResult.GetValue(to), "to"));
            await using var db = await environment.OpenDatabaseAsync(parseResult, cancellationToken, readOnly: true);
            var snapshot = await db.RunAsync("read from", context => FunnelColumnsLoader.LoadAsync(context, parseResult.GetValue(pipeline), 0, cancellationToken));
            var (costs, currency) = await db.RunAsync("read from", async context => (
                await new ChannelCostStore(context).ReadAsync(cancellationToken: cancellationToken),
                (await context.WorkspaceSettings.AsNoTracking().SingleAsync(cancellationToken)).BaseCurrency));
            var query = new ChannelQualityQuery
            {
                FromMonth = fromMonth,
                ToMonth = toMonth,
                BaseCurrency = currency,
                AsOf = ParseMoment(parseResult.GetValue(asOf), snapshot.Calendar),
                Language = parseResult.GetValue(lang)!,
            };
            var report = ChannelQuality.Compute(snapshot, costs, query, TimeProvider.System.GetUtcNow());
            var zone = snapshot.Calendar.Zone;
            switch (parseResult.GetValue(format))
            {
                case OutputFormat.Json:
                    await environment.Output.WriteLineAsync(ChannelQualityJson.Write(report, zone, query.Language).ToJsonString(CliJson.Options));
                    break;
                case OutputFormat.Csv:
                    CsvOutput.Write(environment.Output, Header, Rows(report));
                    break;
                default:
                    await environment.Output.WriteLineAsync(
                        $"Pipeline {report.Pipeline}, leads created {Month(report.FromMonth)} to {Month(report.ToMonth)}, as of {FunnelJson.Moment(report.AsOf, zone)}; "
                        + $"money in {report.BaseCurrency}. Rates are fractions; an empty cell cannot be computed (the JSON says why).");
                    TableOutput.Write(environment.Output, Header, Rows(report));
                    break;
            }
            return 0;
        });
        return command;
    }

    private static readonly string[] Header =
        ["channel", "leads", "lead_conversion", "won", "won_amount", "cost", "cost_per_lead", "cost_per_won", "return_on_cost"];

    private static IEnumerable<IReadOnlyList<string>> Rows(ChannelQualityReport report) =>
        report.Channels.Append(report.Total with { Channel = "(total)" }).Select(r => (IReadOnlyList<string>)
        [
            r.Channel.Length == 0 ? "(none)" : r.Channel, Number(r.Leads), Fraction(r.Stages.Count > 0 ? r.Stages[0].Conversion : null), Number(r.Won), Money(r.WonAmount),
            Money(r.Cost), Money(r.CostPerLead), Money(r.CostPerWon), Fraction(r.ReturnOnCost),
        ]);

    private static string Month(DateOnly month) => month.ToString("yyyy-MM", CultureInfo.InvariantCulture);
}
