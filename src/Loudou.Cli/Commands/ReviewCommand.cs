using System.CommandLine;
using Loudou.Cli.Output;
using Loudou.Core.Analytics;
using Loudou.Core.Analytics.Review;
using Loudou.Import.Export.Review;
using Loudou.Storage.Analytics;
using static Loudou.Cli.Commands.AnalysisArguments;

namespace Loudou.Cli.Commands;

/// <summary><c>loudou review</c>: the monthly review written for the meeting (docs/metrics.md, "Monthly review"), as JSON, a workbook or a printable page.</summary>
public static class ReviewCommand
{
    private static readonly string[] Formats = ["json", "xlsx", "html"];

    public static Command Create(CliEnvironment environment)
    {
        var month = new Option<string>("--month") { Description = "The month reviewed, YYYY-MM, in the workspace's time zone.", HelpName = "YYYY-MM", Required = true };
        var team = new Option<string?>("--team") { Description = "Review one team (by name). Default: every deal of the workspace.", HelpName = "NAME" };
        var pipeline = Pipeline();
        var asOf = AsOf();
        var lang = Lang();
        var format = new Option<string>("--format")
        {
            Description = "json (default, to stdout), xlsx (a workbook; needs --out) or html (a printable page).",
            DefaultValueFactory = _ => "json",
            HelpName = "json|xlsx|html",
        };
        format.AcceptOnlyFromAmong(Formats);
        var output = new Option<FileInfo?>("--out") { Description = "Write to this file instead of stdout.", HelpName = "FILE" };
        var command = new Command("review",
            "The monthly review: KPIs against targets, the month before and the same month last year (with intervals); the funnel; the biggest bottlenecks; "
            + "what changed and why (the change in win rate and won amount split into stages, channel mix, new leads and deal size, adding up exactly); "
            + "the team ranking; loss reasons that grew; targets hit and missed; and recommended actions for next month.");
        foreach (var option in new Option[] { month, team, pipeline, asOf, lang, format, output })
        {
            command.Options.Add(option);
        }
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var chosen = parseResult.GetValue(format)!;
            var file = parseResult.GetValue(output);
            if (chosen == "xlsx" && file is null)
            {
                await environment.Error.WriteLineAsync("--format xlsx writes a workbook: give the file with --out FILE.xlsx.");
                return LoudouCli.UserError;
            }
            var monthDay = AnalysisText.Month(parseResult.GetValue(month))!.Value;
            await using var db = await environment.OpenDatabaseAsync(parseResult, cancellationToken, readOnly: true);
            var snapshot = await db.RunAsync("read from", context => FunnelColumnsLoader.LoadAsync(context, parseResult.GetValue(pipeline), 0, cancellationToken));
            var query = new ReviewQuery
            {
                Month = monthDay,
                AsOf = ParseMoment(parseResult.GetValue(asOf), snapshot.Calendar),
                Team = parseResult.GetValue(team),
                Language = parseResult.GetValue(lang)!,
            };
            var now = TimeProvider.System.GetUtcNow();
            var inputs = await db.RunAsync("read from", context => ReviewInputsReader.ReadAsync(context, snapshot, query, now, cancellationToken));
            var report = MonthlyReview.Compute(snapshot, inputs, query, now);
            var zone = snapshot.Calendar.Zone;
            await using var stream = file is null ? null : file.Create();
            switch (chosen)
            {
                case "xlsx":
                    ReviewWorkbook.Write(stream!, report, query.Language);
                    break;
                case "html":
                    var html = ReviewHtml.Document(report, zone, query.Language);
                    await WriteTextAsync(environment, stream, html, cancellationToken);
                    break;
                default:
                    await WriteTextAsync(environment, stream, ReviewJson.Write(report, zone, query.Language).ToJsonString(CliJson.Options), cancellationToken);
                    break;
            }
            if (file is not null)
            {
                await environment.Error.WriteLineAsync($"Wrote the review of {monthDay:yyyy-MM} to {file.FullName}.");
            }
            return 0;
        });
        return command;
    }

    private static async Task WriteTextAsync(CliEnvironment environment, Stream? stream, string text, CancellationToken cancellationToken)
    {
        if (stream is null)
        {
            await environment.Output.WriteLineAsync(text);
            return;
        }
        await using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false), leaveOpen: true);
        await writer.WriteAsync(text.AsMemory(), cancellationToken);
    }
}
