using Loudou.Core.Analytics;
using Loudou.Core.Pipelines;
using Xunit.Abstractions;

namespace Loudou.Core.Tests.Analytics;

public class BottleneckTests(ITestOutputHelper output)
{
    private static readonly DateTimeOffset AsOf = FunnelBuilder.Day0.AddDays(200);

    [Fact]
    public void A_segment_below_its_peers_is_reported_with_its_evidence_and_value_at_risk_by_hand()
    {
        // needs, last three months (from about day 108): team A 30 of 100 advance, team B 60 of 100; both then
        // win a third of their proposals. Team A has 4 deals open in needs worth 10,000 each.
        var builder = new FunnelBuilder("lead", "needs", "proposal")
            .Add(10, "lead@150 needs@160 proposal@170 won@180", ("team", "A"))
            .Add(20, "lead@150 needs@160 proposal@170 lost@180", ("team", "A"))
            .Add(70, "lead@150 needs@160 lost@170", ("team", "A"))
            .Add(20, "lead@150 needs@160 proposal@170 won@180", ("team", "B"))
            .Add(40, "lead@150 needs@160 proposal@170 lost@180", ("team", "B"))
            .Add(40, "lead@150 needs@160 lost@170", ("team", "B"))
            .Add(4, "lead@190 needs@195", ("team", "A")).With(10_000m);

        var report = Bottlenecks.Find(builder.Snapshot(), new BottleneckQuery { AsOf = AsOf, Dimensions = ["team"] }, AsOf);

        var item = Assert.Single(report.Items);
        Assert.Equal(("needs", "team", "A", "peers"), (item.Stage, item.Dimension, item.Segment, item.BaselineKind));
        Assert.Equal((0.3, 100L, 0.6, 100L), (item.Observed, item.N, item.Baseline, item.BaselineN!.Value));
        var z = ProportionTest.TwoSample(30, 100, 60, 100);
        Assert.Equal(z.PLower, item.PValue, 15);
        // Proposal: 30 won of 90 → 1/3 downstream; VaR = 40,000 × (0.6 − 0.3) × 1/3 = 4,000.
        Assert.Equal(1.0 / 3, item.DownstreamWinRate, 12);
        Assert.Equal(4_000m, Math.Round(item.ValueAtRisk, 6));
        Assert.Equal((4L, 40_000m), (item.OpenDeals, item.OpenAmount));
        Assert.Equal(["peers"], item.Evidence.Select(e => e.Kind));
        Assert.Equal(Wilson.Interval(30, 100), (item.CiLow, item.CiHigh));
        Assert.Equal(builder.Pipeline.FindStage("needs")!.Actions.Count, item.Suggestions.Count);
    }

    [Fact]
    public void Against_a_target_the_one_sample_test_applies_and_meeting_it_reports_nothing()
    {
        var builder = new FunnelBuilder("lead", "needs")
            .Add(45, "lead@150 needs@160 won@170")
            .Add(55, "lead@150 needs@160 lost@170")
            .Add(100, "lead@150 lost@151");
        var needs = builder.Pipeline.FindStage("needs")!.Id;
        var lead = builder.Pipeline.FindStage("lead")!.Id;
        var snapshot = builder.Snapshot() with { Targets = [new StageTarget(needs, null, null, 0.60), new StageTarget(lead, null, null, 0.5)] };

        var report = Bottlenecks.Find(snapshot, new BottleneckQuery { AsOf = AsOf, Dimensions = [] }, AsOf);

        // needs 45/100 against 0.60: z = −0.15 / √(0.24/100) = −3.06. lead 100/200 meets its 0.5.
        var item = Assert.Single(report.Items);
        Assert.Equal(("needs", "target", 0.6), (item.Stage, item.BaselineKind, item.Baseline));
        Assert.Equal(-0.15 / Math.Sqrt(0.24 / 100), item.Evidence.Single().Z, 12);
        Assert.Null(item.BaselineN);
        Assert.Equal(2, report.Tests);
    }

    [Fact]
    public void A_segment_that_stays_longer_than_its_peers_is_a_time_finding_with_no_value_at_risk()
    {
        // Stays in needs begun in the window: team A 40 stays of 20 days, team B 40 of 5 days, 10 of A still running.
        var builder = new FunnelBuilder("lead", "needs")
            .Add(40, "lead@150 needs@160 won@180", ("team", "A"))
            .Add(10, "lead@150 needs@160", ("team", "A")).With(5_000m)
            .Add(40, "lead@150 needs@160 won@165", ("team", "B"));

        var report = Bottlenecks.Find(builder.Snapshot(), new BottleneckQuery { AsOf = AsOf, Dimensions = ["team"] }, AsOf);

        var item = Assert.Single(report.Items);
        Assert.Equal(("needs", "A", "timeInStage", "peers"), (item.Stage, item.Segment, item.Metric, item.BaselineKind));
        // KM median of A: 40 of 50 end at day 20, so S(20) = 0.2 and the median is 20; B's is 5.
        Assert.Equal((20.0, 5.0), (item.Observed, item.Baseline));
        Assert.Equal((40L, 50L), (item.Advanced, item.N));
        Assert.Equal(0m, item.ValueAtRisk);
        Assert.Equal((10L, 50_000m), (item.OpenDeals, item.OpenAmount));
        Assert.True(item.QValue < 1e-6);
    }

    [Fact]
    public void Bad_options_are_refused_with_one_line()
    {
        var snapshot = new FunnelBuilder("lead").Add(1, "lead@0 won@1").Snapshot();

        Assert.StartsWith("alpha must be between 0 and 1", Assert.Throws<DomainRuleException>(() => Bottlenecks.Find(snapshot, new BottleneckQuery { Alpha = 0 }, AsOf)).Message, StringComparison.Ordinal);
        Assert.Contains("not a dimension", Assert.Throws<DomainRuleException>(() => Bottlenecks.Find(snapshot, new BottleneckQuery { Dimensions = ["colour"] }, AsOf)).Message, StringComparison.Ordinal);
        var late = new BottleneckQuery { AsOf = AsOf, From = new DateOnly(2027, 1, 1) };
        Assert.StartsWith("from 2027-01-01 is after the as-of moment", Assert.Throws<DomainRuleException>(() => Bottlenecks.Find(snapshot, late, AsOf)).Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// A/A: every segment of every stage converts alike, before and after, so every reported bottleneck
    /// is false. Over many seeds the share of runs reporting anything — the false discovery rate when
    /// all findings are false — must stay at or below the nominal 5%.
    /// </summary>
    [Fact]
    public void Over_many_seeded_a_a_splits_the_false_discovery_rate_stays_at_or_below_5_percent()
    {
        const int Seeds = 200;
        var runsWithFindings = 0;
        var tests = 0;
        for (var seed = 1; seed <= Seeds; seed++)
        {
            var snapshot = AaSnapshot(seed, 3_000);
            var report = Bottlenecks.Find(snapshot, new BottleneckQuery { AsOf = AsOf }, AsOf);
            tests += report.Tests;
            runsWithFindings += report.Items.Count > 0 ? 1 : 0;
        }

        output.WriteLine($"A/A: {runsWithFindings} of {Seeds} runs reported a bottleneck; {tests / Seeds} tests a run.");
        Assert.True(tests / Seeds > 50, $"only {tests / Seeds} tests a run");
        Assert.True(runsWithFindings <= Seeds * BottleneckQuery.DefaultAlpha, $"{runsWithFindings} of {Seeds} A/A runs reported a bottleneck");
    }

    /// <summary>Deals created over the 180 days before the as-of moment; stays exponential; the same advance chances for everyone.</summary>
    private static FunnelSnapshot AaSnapshot(int seed, int count)
    {
        var builder = new FunnelBuilder("lead", "needs", "proposal");
        var pipeline = builder.Pipeline;
        var stages = new[] { "lead", "needs", "proposal" }.Select(k => pipeline.FindStage(k)!.Id).ToArray();
        var (won, lost) = (pipeline.Stages.Single(s => s.Kind == StageKind.Won).Id, pipeline.Stages.Single(s => s.Kind == StageKind.Lost).Id);
        double[] advance = [0.5, 0.6, 0.7];
        var random = new Random(seed);
        var deals = new List<FunnelDeal>(count);
        for (var id = 1; id <= count; id++)
        {
            var at = AsOf.AddDays(-180 * random.NextDouble());
            var history = new List<(int, DateTimeOffset?)> { (stages[0], at) };
            for (var stage = 0; stage < 3; stage++)
            {
                at = at.AddDays(-8 * Math.Log(1 - random.NextDouble()));
                if (at > AsOf)
                {
                    break;
                }
                var advances = random.NextDouble() < advance[stage];
                history.Add((advances ? (stage == 2 ? won : stages[stage + 1]) : lost, at));
                if (!advances)
                {
                    break;
                }
            }
            var dimensions = new Dictionary<string, IReadOnlyList<string>>
            {
                ["team"] = [$"team {random.Next(3)}"],
                ["channel"] = [$"channel {random.Next(6)}"],
                ["owner"] = [$"rep {random.Next(8)}"],
            };
            deals.Add(new FunnelDeal(id, history[0].Item2, history, dimensions) { Amount = 1_000m * random.Next(1, 100) });
        }
        return new FunnelSnapshot(pipeline, deals, builder.Snapshot().Calendar);
    }
}
