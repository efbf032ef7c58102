using Loudou.Core.Analytics;

namespace Loudou.Core.Tests.Analytics;

public class FunnelEngineTests
{
    [Fact]
    public void The_source_articles_worked_example_gives_60_30_and_10_percent()
    {
        // 1000 leads → 600 → 180 → 18 (sales-funnel-article.zh.txt).
        var report = new FunnelBuilder("lead", "intent", "proposal")
            .Add(18, "lead@0 intent@1 proposal@2 won@3")
            .Add(162, "lead@0 intent@1 proposal@2 lost@3")
            .Add(420, "lead@0 intent@1 lost@2")
            .Add(400, "lead@0 lost@1")
            .Compute();

        var rows = report.Total.Stages;
        Assert.Equal([1000L, 600, 180, 18], rows.Select(r => r.Entered));
        Assert.Equal([0.6, 0.3, 0.1], rows.Take(3).Select(r => r.Conversion!.Value));
        Assert.Equal(0.018, rows[3].Cumulative!.Value, 12);
        Assert.Equal((18, 982, 0), (report.Total.Won, report.Total.Lost, report.Total.Open));
        Assert.Equal(18 / 1000.0, report.Total.WinRate);
    }

    [Fact]
    public void Every_rate_carries_its_wilson_interval_and_small_samples_are_flagged()
    {
        var report = new FunnelBuilder("lead", "qualified")
            .Add(600, "lead@0 qualified@1 lost@2")
            .Add(400, "lead@0 lost@1")
            .Compute(new FunnelQuery { MinN = 700 });

        var lead = report.Total.Stages[0];
        Assert.Equal(0.5693, lead.CiLow!.Value, 4);
        Assert.Equal(0.6299, lead.CiHigh!.Value, 4);
        Assert.False(lead.TooFew);
        Assert.True(report.Total.Stages[1].TooFew);
    }

    [Fact]
    public void A_skipped_stage_counts_as_passed_unless_strict()
    {
        var builder = new FunnelBuilder("lead", "nurturing", "needs")
            .Add(10, "lead@0 needs@2 won@5")
            .Add(10, "lead@0 nurturing@1 needs@2 lost@6");

        var cumulative = builder.Compute().Total.Stages;
        var strict = builder.Compute(new FunnelQuery { Strict = true }).Total.Stages;

        Assert.Equal([20L, 20, 20, 10], cumulative.Select(r => r.Entered));
        Assert.Equal([20L, 10, 20, 10], strict.Select(r => r.Entered));
        Assert.Equal(1.0, strict[1].Conversion);
        Assert.Equal(10, strict[1].Advanced);
    }

    [Fact]
    public void A_deal_moved_backwards_counts_once_per_stage_and_where_it_got_furthest()
    {
        var report = new FunnelBuilder("lead", "needs", "proposal")
            .Add(1, "lead@0 needs@1 proposal@2 needs@3 lost@4")
            .Add(1, "lead@0 needs@1 proposal@2 lead@3")
            .Compute();

        var rows = report.Total.Stages;
        Assert.Equal([2L, 2, 2, 0], rows.Select(r => r.Entered));
        Assert.Equal(1, rows[2].Lost);
        Assert.Equal(1, rows[2].Open);
        Assert.Equal(0, rows[0].Open);
        Assert.All(rows.Take(3), r => Assert.Equal(r.Entered, r.Advanced + r.Lost + r.Open));
        Assert.Equal(1.0, rows[1].MedianDays);
    }

    [Fact]
    public void The_as_of_moment_hides_later_events_and_later_deals()
    {
        var builder = new FunnelBuilder("lead", "qualified")
            .Add(5, "lead@0 qualified@10 won@20")
            .Add(3, "lead@15 lost@16");

        var early = builder.Compute(new FunnelQuery { AsOf = FunnelBuilder.Day0.AddDays(12) }).Total;

        Assert.Equal((5L, 0L, 0L, 5L), (early.Deals, early.Won, early.Lost, early.Open));
        Assert.Equal(5, early.Stages[1].Open);
        Assert.Null(early.WinRate);
    }

    [Fact]
    public void The_default_as_of_is_now_unless_the_data_stopped_over_30_days_ago()
    {
        var snapshot = new FunnelBuilder("lead").Add(1, "lead@0 won@40").Snapshot();

        Assert.Equal(FunnelBuilder.Day0.AddDays(60), FunnelEngine.DefaultAsOf(snapshot, FunnelBuilder.Day0.AddDays(60)));
        Assert.Equal(FunnelBuilder.Day0.AddDays(40), FunnelEngine.DefaultAsOf(snapshot, FunnelBuilder.Day0.AddDays(71)));
    }

    [Fact]
    public void Breakdowns_keep_blank_and_the_word_unknown_apart_and_drill_down_matches_the_counts()
    {
        var builder = new FunnelBuilder("lead", "qualified")
            .Add(4, "lead@0 qualified@1 won@2", ("channel", "unknown"))
            .Add(6, "lead@0 lost@1")
            .Add(5, "lead@0 qualified@1 lost@3", ("channel", "Web"), ("tag", "vip"), ("tag", "east"));

        var report = builder.Compute(new FunnelQuery { By = "channel" });
        var tags = builder.Compute(new FunnelQuery { By = "tag" });
        var web = builder.Compute(new FunnelQuery { Where = [("channel", "Web")] });
        var lostAtQualified = FunnelEngine.DealIds(builder.Snapshot(), new FunnelQuery { AsOf = FunnelBuilder.Day0.AddDays(365) }, FunnelBuilder.Day0, "qualified", FunnelMeasure.Lost);

        Assert.Equal(["", "Web", "unknown"], report.Groups!.Select(g => g.Key));
        Assert.Equal([6L, 5, 4], report.Groups!.Select(g => g.Figures.Deals));
        Assert.Equal(["", "east", "vip"], tags.Groups!.Select(g => g.Key));
        Assert.Equal(5, web.Total.Deals);
        Assert.Equal(Enumerable.Range(11, 5).Select(i => (long)i), lostAtQualified);
    }

    [Fact]
    public void Cohorts_by_creation_or_by_stage_entry_select_by_local_date_and_leave_unknown_dates_out()
    {
        var builder = new FunnelBuilder("lead", "qualified")
            .Add(2, "lead@0 qualified@40 won@50")     // created January, qualified February
            .Add(3, "lead@35 lost@36")                // created February
            .Add(4, "lead qualified@45 lost@60");     // creation unknown, qualified February

        var january = builder.Compute(new FunnelQuery { From = new DateOnly(2026, 1, 1), To = new DateOnly(2026, 1, 31) });
        var qualifiedInFebruary = builder.Compute(new FunnelQuery { CohortStage = "qualified", From = new DateOnly(2026, 2, 1), To = new DateOnly(2026, 2, 28) });
        var byMonth = builder.Compute(new FunnelQuery { By = "cohort" });
        var all = builder.Compute();

        Assert.Equal(2, january.Total.Deals);
        Assert.Equal(6, qualifiedInFebruary.Total.Deals);
        Assert.Equal(["2026-01", "2026-02"], byMonth.Groups!.Select(g => g.Key));
        Assert.Equal(5, byMonth.Groups!.Sum(g => g.Figures.Deals));
        Assert.Equal(9, all.Total.Deals);
    }

    [Fact]
    public void A_custom_field_is_a_dimension_like_any_other()
    {
        var builder = new FunnelBuilder("lead")
            .Add(3, "lead@0 won@1", ("custom.budget", "capex"))
            .Add(1, "lead@0 lost@1", ("custom.budget", "opex"));

        var report = builder.Compute(new FunnelQuery { By = "custom.budget", Where = [("custom.budget", "capex")] });

        Assert.Equal("capex", Assert.Single(report.Groups!).Key);
        Assert.Equal(1.0, report.Total.WinRate);
    }

    [Theory]
    [InlineData("by", "colour")]
    [InlineData("where", "channel")]
    public void Unknown_dimensions_and_filter_values_are_refused_naming_them(string field, string value)
    {
        var builder = new FunnelBuilder("lead").Add(1, "lead@0 won@1", ("channel", "Web"));
        var query = field == "by" ? new FunnelQuery { By = value } : new FunnelQuery { Where = [(value, "Fax")] };

        var error = Assert.Throws<DomainRuleException>(() => builder.Compute(query));

        Assert.Equal(field, error.Field);
        Assert.Contains(value, error.Message);
    }

    [Fact]
    public void A_cohort_range_that_ends_before_it_starts_is_refused_naming_both_fields_on_either_path()
    {
        var builder = new FunnelBuilder("lead").Add(1, "lead@0 won@1");
        var query = new FunnelQuery { From = new DateOnly(2026, 3, 1), To = new DateOnly(2026, 2, 1) };

        var plain = Assert.Throws<DomainRuleException>(() => builder.Compute(query));
        var columnar = Assert.Throws<DomainRuleException>(() => FunnelEngine.Compute(ColumnarSnapshot.From(builder.Snapshot()), query, FunnelBuilder.Day0));

        Assert.Equal(("from", "from 2026-03-01 is after to 2026-02-01."), (plain.Field, plain.Message));
        Assert.Equal((plain.Field, plain.Message), (columnar.Field, columnar.Message));
    }

    [Fact]
    public void An_empty_pipeline_is_refused()
    {
        Assert.Equal("pipeline", Assert.Throws<DomainRuleException>(() => new FunnelBuilder("lead").Compute()).Field);
    }

    [Fact]
    public void Quantiles_interpolate_linearly_between_ranks()
    {
        double[] values = [5, 1, 4, 2, 3];

        Assert.Equal(3, Quantile.Continuous(values, 0.5));
        Assert.Equal(4.6, Quantile.Continuous(values, 0.9)!.Value, 12);
        Assert.Null(Quantile.Continuous(Span<double>.Empty, 0.5));
    }
}
