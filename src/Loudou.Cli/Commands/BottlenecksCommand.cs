using System.CommandLine;
using System.Globalization;
using Loudou.Cli.Output;
using Loudou.Core.Analytics;
using Loudou.Storage.Analytics;
using static Loudou.Cli.Commands.AnalysisArguments;

namespace Loudou.Cli.Commands;

/// <summary><c>loudou bottlenecks</c>: significant shortfalls by stage and segment, ranked by value at risk (docs/metrics.md, "Bottlenecks").</summary>
public static class BottlenecksCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var pipeline = Pipeline();
        var asOf = AsOf();
        var where = Where();
        var by = new Option<string[]>("--by")
        {
            Description = $"Dimension whose segments are tested within each stage (repeatable). Default: {string.Join(", ", BottleneckQuery.DefaultDimensions)}.",
            HelpName = "DIM",
            AllowMultipleArgumentsPerToken = false,
        };
        var from = new Option<string?>("--from") { Description = "First day of the observed window (exits), YYYY-MM-DD (local). Default: three months before the as-of moment.", HelpName = "DATE" };
        var to = new Option<string?>("--to") { Description = "Last day of the observed window, YYYY-MM-DD (local), inclusive. Default: the as-of moment.", HelpName = "DATE" };
        var minN = new Option<int>("--min-n") { Description = "Comparisons with fewer exits than this on either side are not tested.", DefaultValueFactory = _ => FunnelQuery.DefaultMinN, HelpName = "N" };
        var alpha = new Option<double>("--alpha") { Description = "Report findings whose Benjamini–Hochberg q-value is at most this.", DefaultValueFactory = _ => BottleneckQuery.DefaultAlpha, HelpName = "Q" };
        var lang = Lang();
        var format = CliOptions.Format();
        var command = new Command("bottlenecks",
            "Stages and segments whose exit-based conversion is significantly below their target, their trailing three months or their peers "
            + "(or whose time in stage is significantly longer), ranked by pipeline value at risk.");
        foreach (var option in new Option[] { pipeline, asOf, by, where, from, to, minN, alpha, lang, format })
        {
            command.Options.Add(option);
        }
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var (fromDate, toDate) = CheckedWindow(parseResult, from, to, minN, alpha);
            var filters = (parseResult.GetValue(where) ?? []).Select(ParseWhere).ToList();
            var dimensions = parseResult.GetValue(by) is { Length: > 0 } chosen ? chosen : BottleneckQuery.DefaultDimensions;
            await using var db = await environment.OpenDatabaseAsync(parseResult, cancellationToken, readOnly: true);
            var snapshot = await db.RunAsync("read from", context => FunnelColumnsLoader.LoadAsync(context, parseResult.GetValue(pipeline), 0, cancellationToken));
            var query = new BottleneckQuery
            {
                AsOf = ParseMoment(parseResult.GetValue(asOf), snapshot.Calendar),
                Dimensions = [.. dimensions],
                Where = filters,
                From = fromDate,
                To = toDate,
                MinN = parseResult.GetValue(minN),
                Alpha = parseResult.GetValue(alpha),
                Language = parseResult.GetValue(lang)!,
            };
            var report = Bottlenecks.Find(snapshot, query, TimeProvider.System.GetUtcNow());
            var zone = snapshot.Calendar.Zone;
            switch (parseResult.GetValue(format))
            {
                case OutputFormat.Json:
                    await environment.Output.WriteLineAsync(BottleneckJson.Write(report, zone).ToJsonString(CliJson.Options));
                    break;
                case OutputFormat.Csv:
                    CsvOutput.Write(environment.Output, Header, Rows(report, ""));
                    break;
                default:
                    await environment.Output.WriteLineAsync(
                        $"Pipeline {report.Pipeline} as of {FunnelJson.Moment(report.AsOf, zone)}: exits from {FunnelJson.Moment(report.From, zone)} against the three months before, target and peers; "
                        + $"{report.Tests} comparisons, {report.Items.Count} significant (Benjamini–Hochberg q ≤ {report.Alpha.ToString(CultureInfo.InvariantCulture)}). Conversion is exit-based: advanced ÷ (advanced + lost).");
                    TableOutput.Write(environment.Output, Header, Rows(report, "(whole stage)"));
                    if (report.Items.Count > 0)
                    {
                        var top = report.Items[0];
                        await environment.Output.WriteLineAsync($"Top: {top.Name}{(top.Segment is null ? "" : $", {top.Dimension} {top.Segment}")}. Standard actions: {string.Join("; ", top.Suggestions)}.");
                    }
                    break;
            }
            return 0;
        });
        return command;
    }

    private static readonly string[] Header =
        ["rank", "stage", "dimension", "segment", "metric", "observed", "ci_low", "ci_high", "n", "baseline", "baseline_kind", "q_value", "open_deals", "open_amount", "downstream_win_rate", "value_at_risk"];

    private static IEnumerable<IReadOnlyList<string>> Rows(BottleneckReport report, string whole) =>
        report.Items.Select((b, i) => (IReadOnlyList<string>)[Number(i + 1), b.Stage, b.Dimension ?? "", b.Segment ?? whole, b.Metric, Fraction(b.Observed), Fraction(b.CiLow), Fraction(b.CiHigh), Number(b.N),
            Fraction(b.Baseline), b.BaselineKind, b.QValue.ToString("G3", CultureInfo.InvariantCulture), Number(b.OpenDeals), Money(b.OpenAmount), Fraction(b.DownstreamWinRate), Money(b.ValueAtRisk)]);
}
