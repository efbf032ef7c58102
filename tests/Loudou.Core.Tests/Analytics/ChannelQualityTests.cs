using Loudou.Core.Analytics;
using Loudou.Core.Catalog;

namespace Loudou.Core.Tests.Analytics;

/// <summary>Channel quality on a hand-worked funnel of two months (January and February 2026, UTC), on both engine paths.</summary>
public class ChannelQualityTests
{
    private static readonly DateTimeOffset Now = FunnelBuilder.Day0.AddDays(120);
    private static readonly DateOnly Jan = new(2026, 1, 1);
    private static readonly DateOnly Feb = new(2026, 2, 1);

    // web: 20 January leads (10 won at 1,000 each, 10 lost at once) and 20 February leads lost after qualifying.
    // fair: 4 January leads won at 5,000 straight from the first stage. 2 leads without a channel.
    private static readonly FunnelBuilder Funnel = new FunnelBuilder("lead", "qual")
        .Add(10, "lead@0 qual@2 won@10", ("channel", "web")).With(1000m)
        .Add(10, "lead@0 lost@3", ("channel", "web"))
        .Add(20, "lead@35 qual@37 lost@40", ("channel", "web"))
        .Add(4, "lead@5 won@20", ("channel", "fair")).With(5000m)
        .Add(2, "lead@1");

    private static readonly ChannelCostRow[] Costs =
    [
        new("web", Jan, 3000m, "CNY"),
        new("web", Feb, 5000m, "CNY"),
        new("web", new DateOnly(2026, 3, 1), 99_999m, "CNY"),
        new("fair", Jan, 2000m, "CNY"),
        new("fair", Feb, 100m, "USD"),
        new("tv", Jan, 500m, "CNY"),
        new("tv", Feb, 500m, "CNY"),
    ];

    private static ChannelQualityQuery Query(DateOnly from, DateOnly to) =>
        new() { FromMonth = from, ToMonth = to, BaseCurrency = "CNY", AsOf = Now };

    [Fact]
    public void A_channel_with_every_month_costed_gets_cost_per_lead_per_won_deal_and_return_on_cost()
    {
        var report = ChannelQuality.Compute(Funnel.Snapshot(), Costs, Query(Jan, Feb), Now);

        Assert.Equal(["", "fair", "tv", "web"], report.Channels.Select(c => c.Channel));
        var web = report.Channels.Single(c => c.Channel == "web");
        Assert.Equal((40L, 10L, 10_000m), (web.Leads, web.Won, web.WonAmount));
        Assert.Equal(8000m, web.Cost);
        Assert.Equal(200m, web.CostPerLead);
        Assert.Equal(800m, web.CostPerWon);
        Assert.Equal(0.25, web.ReturnOnCost);
        Assert.Null(web.CostReason);
        var lead = web.Stages[0];
        Assert.Equal(("lead", 40L, 30L, 0.75), (lead.Stage, lead.Entered, lead.Advanced, lead.Conversion));
        Assert.Equal(Wilson.Interval(30, 40), (lead.CiLow, lead.CiHigh));
        Assert.Equal((30L, 10L), (web.Stages[1].Entered, web.Stages[1].Advanced));
        Assert.Equal(2, web.Stages.Count);
    }

    [Fact]
    public void A_month_without_a_base_currency_row_leaves_the_cost_unknown_with_its_reason()
    {
        var report = ChannelQuality.Compute(Funnel.Snapshot(), Costs, Query(Jan, Feb), Now);

        var fair = report.Channels.Single(c => c.Channel == "fair");
        Assert.Equal((4L, 4L, 20_000m), (fair.Leads, fair.Won, fair.WonAmount));
        Assert.Null(fair.Cost);
        Assert.Equal(ChannelQualityReasons.OtherCurrency, fair.CostReason);
        Assert.Equal([Feb], fair.MissingMonths);
        Assert.Equal(new ChannelOtherCost(Feb, 100m, "USD"), Assert.Single(fair.OtherCurrencies));
        Assert.Equal((null, ChannelQualityReasons.OtherCurrency), (fair.CostPerLead, fair.CostPerLeadReason));
        Assert.Equal(ChannelQualityReasons.OtherCurrency, fair.ReturnOnCostReason);
        var blank = report.Channels.Single(c => c.Channel == "");
        Assert.Equal((2L, ChannelQualityReasons.NoChannel), (blank.Leads, blank.CostReason));
        // The total is not a sum of known costs when a channel's is unknown.
        Assert.Equal((46L, 14L, 30_000m), (report.Total.Leads, report.Total.Won, report.Total.WonAmount));
        Assert.Null(report.Total.Cost);
        Assert.Equal(ChannelQualityReasons.OtherCurrency, report.Total.CostReason);
        Assert.Equal(ChannelQualityReasons.CostMissing,
            ChannelQuality.Compute(Funnel.Snapshot(), Costs.Where(c => c.Currency == "CNY").ToList(), Query(Jan, Feb), Now).Channels.Single(c => c.Channel == "fair").CostReason);
    }

    [Fact]
    public void A_channel_with_cost_but_no_leads_has_no_cost_per_lead_and_loses_all_it_spent()
    {
        var tv = ChannelQuality.Compute(Funnel.Snapshot(), Costs, Query(Jan, Feb), Now).Channels.Single(c => c.Channel == "tv");

        Assert.Equal((0L, 1000m), (tv.Leads, tv.Cost));
        Assert.Equal((null, ChannelQualityReasons.NoLeads), (tv.CostPerLead, tv.CostPerLeadReason));
        Assert.Equal((null, ChannelQualityReasons.NoWon), (tv.CostPerWon, tv.CostPerWonReason));
        Assert.Equal(-1, tv.ReturnOnCost);
        Assert.All(tv.Stages, s => Assert.Equal((0L, (double?)null), (s.Entered, s.Conversion)));
    }

    [Fact]
    public void One_month_counts_that_months_leads_against_that_months_cost()
    {
        var report = ChannelQuality.Compute(Funnel.Snapshot(), Costs, Query(Jan, Jan), Now);

        var web = report.Channels.Single(c => c.Channel == "web");
        Assert.Equal((20L, 10L, 3000m, 150m, 300m), (web.Leads, web.Won, web.Cost!.Value, web.CostPerLead!.Value, web.CostPerWon!.Value));
        Assert.Equal(7000.0 / 3000, web.ReturnOnCost!.Value, 12);
        Assert.Equal(2000m, report.Channels.Single(c => c.Channel == "fair").Cost);
        Assert.Equal(5500m, report.Total.Cost);
        Assert.Equal(Math.Round(5500m / 26, 2), report.Total.CostPerLead);
    }

    [Fact]
    public void A_scoped_caller_sees_the_cost_but_no_figure_that_divides_it_by_their_own_deals()
    {
        var query = Query(Jan, Feb) with { Scope = new AnalyticsScope("li", null) };
        var report = ChannelQuality.Compute(Funnel.Snapshot(), Costs, query, Now);

        Assert.True(report.Scoped);
        var web = report.Channels.Single(c => c.Channel == "web");
        Assert.Equal(8000m, web.Cost);
        Assert.Equal((null, ChannelQualityReasons.WorkspaceWide), (web.CostPerLead, web.CostPerLeadReason));
        Assert.Equal((null, ChannelQualityReasons.WorkspaceWide), (web.CostPerWon, web.CostPerWonReason));
        Assert.Equal((null, ChannelQualityReasons.WorkspaceWide), (web.ReturnOnCost, web.ReturnOnCostReason));
    }

    [Fact]
    public void The_columnar_snapshot_gives_the_same_json_as_the_plain_one()
    {
        var plain = ChannelQuality.Compute(Funnel.Snapshot(), Costs, Query(Jan, Feb), Now);
        var columnar = ChannelQuality.Compute(ColumnarSnapshot.From(Funnel.Snapshot()), Costs, Query(Jan, Feb), Now);

        var zone = TimeZoneInfo.Utc;
        Assert.Equal(ChannelQualityJson.Write(plain, zone).ToJsonString(), ChannelQualityJson.Write(columnar, zone).ToJsonString());
    }

    [Fact]
    public void The_columnar_snapshot_agrees_with_the_plain_one_on_seeded_random_funnels()
    {
        var snapshot = RandomFunnel.Snapshot(7, 2_000);
        var channels = snapshot.Deals.SelectMany(d => d.Dimensions.GetValueOrDefault("channel") ?? []).Distinct().ToList();
        var costs = channels.SelectMany((c, i) => ChannelQuality.Months(Jan, new DateOnly(2026, 12, 1)).Select(m => new ChannelCostRow(c, m, 1000m * (i + 1), "CNY"))).ToList();
        var query = Query(Jan, new DateOnly(2026, 6, 1)) with { AsOf = FunnelBuilder.Day0.AddDays(400) };

        var plain = ChannelQuality.Compute(snapshot, costs, query, Now);
        var columnar = ChannelQuality.Compute(ColumnarSnapshot.From(snapshot), costs, query, Now);

        Assert.Equal(ChannelQualityJson.Write(plain, TimeZoneInfo.Utc).ToJsonString(), ChannelQualityJson.Write(columnar, TimeZoneInfo.Utc).ToJsonString());
        Assert.Equal(plain.Total.Leads, plain.Channels.Sum(c => c.Leads));
    }

    [Fact]
    public void A_reversed_range_or_one_after_the_as_of_moment_is_refused_naming_from()
    {
        var reversed = Assert.Throws<DomainRuleException>(() => ChannelQuality.Compute(Funnel.Snapshot(), Costs, Query(Feb, Jan), Now));
        var late = Assert.Throws<DomainRuleException>(() => ChannelQuality.Compute(Funnel.Snapshot(), Costs, Query(new DateOnly(2027, 1, 1), new DateOnly(2027, 1, 1)), Now));

        Assert.Equal("from", reversed.Field);
        Assert.Equal("from", late.Field);
        Assert.Contains("after the as-of moment", late.Message, StringComparison.Ordinal);
    }
}
