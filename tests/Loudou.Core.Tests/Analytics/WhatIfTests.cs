using Loudou.Core.Analytics;

namespace Loudou.Core.Tests.Analytics;

public class WhatIfTests
{
    /// <summary>
    /// The seed article's table: 1,000 leads → 600 initial intent (60%) → 180 deep follow-up (30%) → 18 won (10%).
    /// Every deal has ended, so exit-based conversion is the table's conversion.
    /// </summary>
    private static FunnelBuilder ArticleFunnel() => new FunnelBuilder("lead", "intent", "deep")
        .Add(400, "lead@0 lost@1").With(50_000m, "not-qualified")
        .Add(420, "lead@0 intent@1 lost@2").With(50_000m, "no-response")
        .Add(162, "lead@0 intent@1 deep@2 lost@3").With(50_000m, "price")
        .Add(18, "lead@0 intent@1 deep@2 won@3").With(10_000m);

    [Fact]
    public void Five_points_on_the_seed_articles_funnel_match_the_hand_computation()
    {
        // By hand: deep 180 × 0.05 = 9 more won; intent 600 × 0.05 × 10% = 3; lead 1,000 × 0.05 × 30% × 10% = 1.5.
        // A won deal is worth 10,000 here, so deep's 9 deals are 90,000.
        var builder = ArticleFunnel();
        var report = WhatIf.Compute(builder.Snapshot(), new FunnelQuery { AsOf = FunnelBuilder.Day0.AddDays(30) }, FunnelBuilder.Day0.AddDays(30));

        Assert.Equal(["deep", "intent", "lead"], report.Rows.Select(r => r.Stage));
        Assert.Equal([9.0, 3.0, 1.5], report.Rows.Select(r => Math.Round(r.ExtraWon, 10)));
        Assert.Equal([0.10, 0.30, 0.60], report.Rows.Select(r => Math.Round(r.Conversion!.Value, 12)));
        Assert.Equal([0.15, 0.35, 0.65], report.Rows.Select(r => Math.Round(r.NewConversion!.Value, 12)));
        Assert.Equal([90_000m, 30_000m, 15_000m], report.Rows.Select(r => Math.Round(r.ExtraWonAmount!.Value, 6)));
        Assert.Equal((18L, 180_000m, 10_000m), (report.Won, report.WonAmount, report.MeanWonAmount));
    }

    [Fact]
    public void A_raise_past_100_percent_is_capped_and_bad_points_are_refused()
    {
        var rows = WhatIf.Rows(ArticleFunnel().Compute().Total.Stages, 50, null);

        // lead 0.6 + 0.5 caps at 1: 1,000 × 0.4 × 0.3 × 0.1 = 12; deep 180 × 0.5 = 90; intent 600 × 0.5 × 0.1 = 30.
        Assert.Equal([90.0, 30.0, 12.0], rows.Select(r => Math.Round(r.ExtraWon, 10)));
        Assert.Equal(1.0, rows[2].NewConversion);
        Assert.All(rows, r => Assert.Null(r.ExtraWonAmount));
        var error = Assert.Throws<DomainRuleException>(() => WhatIf.Rows([], 0, null));
        Assert.Equal(("points", "points must be more than 0 and at most 100 (percentage points), was 0."), (error.Field, error.Message));
        Assert.Throws<DomainRuleException>(() => WhatIf.Rows([], double.NaN, null));
    }

    [Fact]
    public void Open_deals_do_not_pull_the_later_rates_down()
    {
        // 100 entered closing, 40 won, 40 lost, 20 still open: exit-based conversion 0.5, not 0.4.
        var report = new FunnelBuilder("lead", "closing")
            .Add(40, "lead@0 closing@1 won@2")
            .Add(40, "lead@0 closing@1 lost@2")
            .Add(20, "lead@0 closing@1")
            .Add(100, "lead@0 lost@1")
            .Compute();

        var rows = WhatIf.Rows(report.Total.Stages, 10, null);

        // lead: 200 × 0.1 × 0.5 = 10; closing: 100 × 0.1 = 10; ties keep stage order.
        Assert.Equal([("lead", 10.0), ("closing", 10.0)], rows.Select(r => (r.Stage, Math.Round(r.ExtraWon, 10))));
    }
}
