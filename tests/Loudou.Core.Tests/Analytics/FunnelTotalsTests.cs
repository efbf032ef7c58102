using Loudou.Core.Analytics;
using Loudou.Core.Pipelines;

namespace Loudou.Core.Tests.Analytics;

/// <summary>
/// The totals' drill-down lists exactly the deals the totals count, whole and per group; the breakdown's contrasts
/// (the dashboard's heat map) test a group against the rest, on a hand-worked example; a page checks a filter value by
/// the rule the engine refuses one by.
/// </summary>
public class FunnelTotalsTests
{
    private static readonly DateTimeOffset Now = FunnelBuilder.Day0.AddDays(400);

    public static TheoryData<int> Seeds => [1, 2, 3];

    private static readonly FunnelQuery[] Queries =
    [
        new(),
        new() { By = "channel" },
        new() { By = "tag", Strict = true },
        new() { Where = [("channel", "web")], By = "owner", AsOf = FunnelBuilder.Day0.AddDays(30) },
        new() { Scope = new AnalyticsScope("li", "south"), By = "cohort" },
    ];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Each_total_lists_as_many_distinct_deals_as_it_counts_whole_and_per_group(int seed)
    {
        var snapshot = ColumnarSnapshot.From(RandomFunnel.Snapshot(seed, 2_000));

        foreach (var query in Queries)
        {
            var report = FunnelEngine.Compute(snapshot, query, Now);
            var figures = new List<(string? Group, FunnelFigures Figures)> { (null, report.Total) };
            figures.AddRange((report.Groups ?? []).Select(g => ((string?)g.Key, g.Figures)));
            foreach (var (group, f) in figures)
            {
                var all = FunnelEngine.TotalDealIds(snapshot, query, Now, null, group);
                var won = FunnelEngine.TotalDealIds(snapshot, query, Now, StageKind.Won, group);
                var lost = FunnelEngine.TotalDealIds(snapshot, query, Now, StageKind.Lost, group);
                var open = FunnelEngine.TotalDealIds(snapshot, query, Now, StageKind.Open, group);

                Assert.Equal(f.Deals, all.Count);
                Assert.Equal(f.Won, won.Count);
                Assert.Equal(f.Lost, lost.Count);
                Assert.Equal(f.Open, open.Count);
                Assert.Equal(all.Order(), won.Concat(lost).Concat(open).Order());
                Assert.Equal(all.Count, all.Distinct().Count());
            }
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Without_times_the_answer_has_the_same_counts_and_rates_and_no_durations_on_both_paths(int seed)
    {
        var plain = RandomFunnel.Snapshot(seed, 1_500);
        var columnar = ColumnarSnapshot.From(plain);

        foreach (var query in Queries)
        {
            var full = FunnelEngine.Compute(columnar, query, Now);
            var quick = FunnelEngine.Compute(columnar, query with { Times = false }, Now);
            var quickPlain = FunnelEngine.Compute(plain, query with { Times = false }, Now);

            Assert.Equal(Counts(full), Counts(quick));
            Assert.Equal(FunnelJson.Write(quickPlain, plain.Calendar.Zone).ToJsonString(), FunnelJson.Write(quick, plain.Calendar.Zone).ToJsonString());
            Assert.All(quick.Total.Stages, s => Assert.Null(s.MedianDays ?? s.P90Days ?? s.NaiveMedianDays));
            Assert.Null(quick.Total.TimeToClose);
        }
    }

    private static string Counts(FunnelReport report) => string.Join(";", new[] { report.Total }.Concat((report.Groups ?? []).Select(g => g.Figures)).SelectMany(f =>
        f.Stages.Select(s => $"{s.Stage}:{s.Entered}/{s.Advanced}/{s.Lost}/{s.Open}/{s.Conversion}/{s.CiLow}/{s.CiHigh}/{s.TooFew}")
            .Append($"{f.Deals}/{f.Won}/{f.Lost}/{f.Open}/{f.WinRate}/{f.WonAmount}")));

    [Fact]
    public void A_group_is_tested_against_the_rest_and_the_whole_gives_its_difference()
    {
        // Whole: 100 of 200 advanced (50%). East: 70 of 100 (+20 points); its rest is West, 30 of 100.
        // South: 10 of 20, under the floor of 30: its difference is shown but not tested.
        var report = new FunnelReport("p", Now, Figures(Row("lead", 220, 110)), "region",
        [
            new FunnelGroup("east", Figures(Row("lead", 100, 70))),
            new FunnelGroup("south", Figures(Row("lead", 20, 10))),
            new FunnelGroup("west", Figures(Row("lead", 100, 30))),
        ])
        { MinN = 30 };

        var contrasts = BreakdownContrast.Of(report);

        var east = contrasts["east"]["lead"];
        Assert.Equal(0.7 - 0.5, east.Difference!.Value, 12);
        Assert.Equal(ProportionTest.TwoSample(70, 100, 40, 120).PTwoSided, east.PValue);
        Assert.True(east.Significant);
        var south = contrasts["south"]["lead"];
        Assert.Equal(0.0, south.Difference!.Value, 12);
        Assert.Null(south.PValue);
        Assert.False(south.Significant);
        // Benjamini–Hochberg over the two tested cells: the larger p keeps its value, the smaller is at most doubled.
        var west = contrasts["west"]["lead"];
        var (small, large) = (Math.Min(east.PValue!.Value, west.PValue!.Value), Math.Max(east.PValue.Value, west.PValue.Value));
        Assert.Equal(large, Math.Max(east.QValue!.Value, west.QValue!.Value), 12);
        Assert.Equal(Math.Min(2 * small, large), Math.Min(east.QValue.Value, west.QValue.Value), 12);
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void A_page_checks_a_filter_value_by_the_rule_the_engine_refuses_it_by(int seed)
    {
        var plain = RandomFunnel.Snapshot(seed, 500);
        var snapshot = ColumnarSnapshot.From(plain);

        foreach (var dimension in snapshot.DimensionNames.Where(d => d != "cohort"))
        {
            // The values the deals hold, read from the plain snapshot: the reference.
            var held = plain.Deals.SelectMany(d => d.Dimensions.GetValueOrDefault(dimension) ?? []).Distinct().ToList();
            foreach (var value in held)
            {
                Assert.True(snapshot.Holds(dimension, value), $"{dimension}={value}");
                // Accepted: no refusal.
                FunnelEngine.Compute(snapshot, new FunnelQuery { Where = [(dimension, value)] }, Now);
            }
            Assert.False(snapshot.Holds(dimension, "no such value"));
            Assert.Throws<DomainRuleException>(() => FunnelEngine.Compute(snapshot, new FunnelQuery { Where = [(dimension, "no such value")] }, Now));
        }
        // Every channel some deal holds is named, and only those.
        Assert.Equal(["fair", "partner", "referral", "web"], new[] { "fair", "partner", "referral", "web", "fax" }.Where(c => snapshot.Holds("channel", c)));
    }

    private static FunnelFigures Figures(FunnelStageRow row) => new(row.Entered, 0, 0, row.Entered, null, [row, Row("won", 0, null)]);

    private static FunnelStageRow Row(string stage, long entered, long? advanced) => new(
        stage, stage, entered, advanced, 0, entered - (advanced ?? 0), advanced is { } a && entered > 0 ? (double)a / entered : null, null, null, 1, entered < 30, null, null);
}
