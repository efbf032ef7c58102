using System.CommandLine;
using System.Globalization;
using Loudou.Cli.Output;
using Loudou.Core.Analytics;
using Loudou.Storage.Analytics;
using Microsoft.EntityFrameworkCore;
using static Loudou.Cli.Commands.AnalysisArguments;

namespace Loudou.Cli.Commands;

/// <summary><c>loudou team</c>: process and results per rep and team, the monthly ranking and follow-up efficiency (docs/metrics.md, "Team execution").</summary>
public static class TeamCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var month = new Option<string?>("--month") { Description = "A calendar month of the workspace, YYYY-MM. Default (with no --from or --to): all time.", HelpName = "YYYY-MM" };
        var pipeline = Pipeline();
        var asOf = AsOf();
        var from = new Option<string?>("--from") { Description = "First day of the period, YYYY-MM-DD (local); not with --month.", HelpName = "DATE" };
        var to = new Option<string?>("--to") { Description = "Last day of the period, YYYY-MM-DD (local), inclusive; not with --month.", HelpName = "DATE" };
        var team = new Option<string?>("--team") { Description = "Rank this team's reps (by name) against each other. Default: every rep of the workspace.", HelpName = "NAME" };
        var lang = Lang();
        var format = CliOptions.Format();
        var command = new Command("team",
            "Per rep and team: standard-action completion, follow-ups on time, first response, touches per deal, deals handled, win rate with its interval and won amount; "
            + "the ranking (a results part against the team and a process part against the standard, each 0-100, weighted by the workspace's setting, 60/40 by default) "
            + "and follow-up efficiency (conversion by touches and by first-response time).");
        foreach (var option in new Option[] { month, pipeline, asOf, from, to, team, lang, format })
        {
            command.Options.Add(option);
        }
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var monthDay = AnalysisText.Month(parseResult.GetValue(month));
            var fromDate = ParseDate(parseResult.GetValue(from), "--from");
            var toDate = ParseDate(parseResult.GetValue(to), "--to");
            FunnelQueryChecks.Range(fromDate, toDate);
            await using var db = await environment.OpenDatabaseAsync(parseResult, cancellationToken, readOnly: true);
            var snapshot = await db.RunAsync("read from", context => FunnelColumnsLoader.LoadAsync(context, parseResult.GetValue(pipeline), 0, cancellationToken));
            var (roster, tasks, weight) = await db.RunAsync("read from", async context => (
                await TeamInputs.RosterAsync(context, cancellationToken),
                await TeamInputs.TasksAsync(context, null, null, cancellationToken),
                (await context.WorkspaceSettings.AsNoTracking().SingleAsync(cancellationToken)).RankingResultsWeight));
            var query = new TeamQuery
            {
                AsOf = ParseMoment(parseResult.GetValue(asOf), snapshot.Calendar),
                Month = monthDay,
                From = fromDate,
                To = toDate,
                Team = parseResult.GetValue(team),
                ResultsWeight = weight,
                Language = parseResult.GetValue(lang)!,
            };
            var report = TeamExecution.Compute(snapshot, roster, tasks, query, TimeProvider.System.GetUtcNow());
            var zone = snapshot.Calendar.Zone;
            switch (parseResult.GetValue(format))
            {
                case OutputFormat.Json:
                    await environment.Output.WriteLineAsync(TeamJson.Write(report, zone, query.Language).ToJsonString(CliJson.Options));
                    break;
                case OutputFormat.Csv:
                    CsvOutput.Write(environment.Output, Header, Rows(report));
                    break;
                default:
                    var period = report.Month is { } m ? m.ToString("yyyy-MM", CultureInfo.InvariantCulture)
                        : $"{(report.From is { } f ? FunnelJson.Moment(f, zone) : "the start")} to {FunnelJson.Moment(report.ToExcl, zone)}";
                    await environment.Output.WriteLineAsync(
                        $"Pipeline {report.Pipeline}, {period}, as of {FunnelJson.Moment(report.AsOf, zone)}{(report.Team is { } t ? $", team {t}" : "")}: {report.Reps.Count} reps ranked; "
                        + $"score = {Percent(report.ResultsWeight)} results (against the team's best) + {Percent(report.ProcessWeight)} process (against the standard). "
                        + "Rates are fractions; an empty cell has no data (the JSON says why).");
                    if (report.Note is { } note)
                    {
                        await environment.Output.WriteLineAsync(TeamReasons.Text(note, query.Language));
                    }
                    TableOutput.Write(environment.Output, TableHeader, TableRows(report));
                    break;
            }
            return 0;
        });
        return command;
    }

    private static readonly string[] Header =
    [
        "rank", "login", "display_name", "team", "score", "results_score", "process_score", "completion_rate", "on_time_rate", "median_first_response_hours",
        "first_response_in_sla_rate", "touches_per_deal", "deals", "win_rate", "win_rate_low", "win_rate_high", "won", "closed", "won_amount",
    ];

    private static IEnumerable<IReadOnlyList<string>> Rows(TeamReport report) =>
        report.Reps.Select(r =>
        {
            var (f, s) = (r.Figures, r.Score);
            var (low, high) = f.WinRateInterval;
            return (IReadOnlyList<string>)[Number(s.Rank), r.Login, r.DisplayName, r.Team ?? "", Score(s.Score), Score(s.Results), Score(s.Process),
                Fraction(f.CompletionRate), Fraction(f.OnTimeRate), Hours(f.MedianFirstResponseHours), Fraction(f.FirstResponseInSlaRate), Hours(f.TouchesPerDeal),
                Number(f.Deals), Fraction(f.WinRate), Fraction(low), Fraction(high), Number(f.Won), Number(f.Closed), Money(f.WonAmount)];
        });

    // The table a person reads in a terminal: the ranking and its parts, then the figures, without the counts the CSV and JSON carry.
    private static readonly string[] TableHeader =
        ["rank", "login", "team", "score", "results", "process", "completion", "on_time", "first_resp_h", "in_sla", "touches", "deals", "win_rate (95%)", "won_amount"];

    private static IEnumerable<IReadOnlyList<string>> TableRows(TeamReport report) =>
        report.Reps.Select(r =>
        {
            var (f, s) = (r.Figures, r.Score);
            var (low, high) = f.WinRateInterval;
            var winRate = f.WinRate is null ? "" : $"{Fraction(f.WinRate)} ({Fraction(low)}–{Fraction(high)})";
            return (IReadOnlyList<string>)[Number(s.Rank), r.Login, r.Team ?? "", Score(s.Score), Score(s.Results), Score(s.Process),
                Fraction(f.CompletionRate), Fraction(f.OnTimeRate), Hours(f.MedianFirstResponseHours), Fraction(f.FirstResponseInSlaRate), Hours(f.TouchesPerDeal),
                Number(f.Deals), winRate, Money(f.WonAmount)];
        });

    private static string Score(double? value) => value?.ToString("0.#", CultureInfo.InvariantCulture) ?? "";

    private static string Hours(double? value) => value?.ToString("0.##", CultureInfo.InvariantCulture) ?? "";

    private static string Percent(double weight) => (weight * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%";
}
