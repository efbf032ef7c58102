using Loudou.Core.Analytics;
using Loudou.Core.Analytics.Review;
using Loudou.Core.Demo;
using Loudou.Core.Pipelines;
using Loudou.Core.Targets;

namespace Loudou.Core.Tests.Analytics.Review;

/// <summary>The monthly review on the documented demo, checked against independent counts; and its changes adding up on seeded workspaces.</summary>
public sealed class MonthlyReviewTests
{
    private static readonly DateOnly October = new(2026, 10, 1);

    private static readonly ColumnarSnapshot Demo = ColumnarSnapshot.From(DemoSnapshot.Documented);

    private static readonly ReviewReport OctoberReview = Review(new ReviewQuery { Month = October, AsOf = DemoSnapshot.DocumentedAsOf });

    [Fact]
    public void The_win_rate_and_stage_conversions_are_the_period_comparisons_of_the_month()
    {
        // Period comparison counts the same exits and closes by its own code: the reference.
        var reference = PeriodComparison.Compute(DemoSnapshot.Documented, new FunnelQuery { AsOf = DemoSnapshot.DocumentedAsOf }, DemoSnapshot.DocumentedAsOf,
            CompareWith.PreviousPeriod, October, new DateOnly(2026, 10, 31));

        var winRate = OctoberReview.Kpis.Single(k => k.Key == "winRate");
        Assert.Equal(reference.Total.WinRate.Rate, winRate.Value);
        Assert.Equal(reference.Total.WinRate.OtherRate, winRate.Previous.Value);
        Assert.Equal(reference.Total.WinRate.N, (long)OctoberReview.Kpis.Single(k => k.Key == "closed").Value!);
        foreach (var stage in OctoberReview.Funnel)
        {
            var expected = reference.Total.Stages[stage.Stage];
            Assert.Equal((expected.N, expected.Successes), (stage.Exits, stage.Advanced));
            Assert.Equal(expected.OtherRate, stage.Previous.Value);
        }
    }

    [Fact]
    public void New_leads_and_the_won_amount_are_those_a_plain_count_of_the_demo_deals_gives()
    {
        var calendar = DemoSnapshot.Documented.Calendar;
        var (from, to) = calendar.MonthWindow(October);
        var won = DemoSnapshot.Documented.Pipeline.Stages.Single(s => s.Kind == StageKind.Won).Id;
        var created = DemoSnapshot.Documented.Deals.Count(d => d.CreatedAt >= from && d.CreatedAt < to);
        var wonDeals = DemoSnapshot.Documented.Deals.Where(d => d.History[^1].StageId == won && d.History[^1].At >= from && d.History[^1].At < to).ToList();

        Assert.Equal(created, OctoberReview.Kpis.Single(k => k.Key == "newLeads").Value);
        Assert.Equal(wonDeals.Count, OctoberReview.Kpis.Single(k => k.Key == "won").Value);
        Assert.Equal((double)wonDeals.Sum(d => d.Amount ?? 0), OctoberReview.Kpis.Single(k => k.Key == "wonAmount").Value);
    }

    [Fact]
    public void The_planted_bottleneck_leads_the_review_and_its_standard_actions_lead_next_month()
    {
        var first = OctoberReview.Bottlenecks.Items[0];
        Assert.Equal(("needs", "team", DemoCast.Teams[1].Name), (first.Stage, first.Dimension, first.Segment));
        var action = OctoberReview.Actions[0];
        Assert.Equal(("bottleneck", "needs"), (action.Kind, action.Stage));
        Assert.Contains(first.Suggestions[0], action.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Its_changes_add_up_to_the_change_of_the_figures_it_shows()
    {
        var winRate = OctoberReview.Kpis.Single(k => k.Key == "winRate");
        Assert.Equal(winRate.Previous.Value, OctoberReview.WinRateChange.From);
        Assert.Equal(winRate.Value, OctoberReview.WinRateChange.To);
        Assert.Equal(winRate.Value!.Value - winRate.Previous.Value!.Value, OctoberReview.WinRateChange.Parts.Sum(p => p.Contribution), 12);
        var amount = OctoberReview.Kpis.Single(k => k.Key == "wonAmount");
        Assert.Equal(amount.Value!.Value - amount.Previous.Value!.Value, OctoberReview.WonAmountChange.Parts.Sum(p => p.Contribution), 4);
    }

    [Fact]
    public void A_team_target_is_met_against_the_team_s_won_deals_and_a_rep_s_against_their_own()
    {
        var south = DemoCast.Teams[1].Name;
        var rep = DemoCast.Users.First(u => u.Role == "Rep" && u.Team == 1).Login;
        var inputs = new ReviewInputs(null,
            [new SalesTargetEntry(October, south, null, 1m, 1_000_000, false, "$.sales[0]"), new SalesTargetEntry(October, null, rep, 999_999_999m, null, false, "$.sales[1]")],
            DemoSnapshot.Roster);
        var review = MonthlyReview.Compute(Demo, inputs, new ReviewQuery { Month = October, AsOf = DemoSnapshot.DocumentedAsOf, Team = south }, DemoSnapshot.DocumentedAsOf);

        var won = review.Kpis.Single(k => k.Key == "won");
        Assert.Equal((1_000_000d, false), (won.Target!.Value, won.Hit!.Value));
        var amount = review.Targets.Single(t => t.Kind == "wonAmount" && t.Team == south);
        Assert.Equal(review.Kpis.Single(k => k.Key == "wonAmount").Value, amount.Actual);
        Assert.True(amount.Hit);
        var own = review.Targets.Single(t => t.Rep == rep);
        Assert.False(own.Hit);
        Assert.Contains(review.Actions, a => a.Kind == "target" && a.Rep == rep);
    }

    [Fact]
    public void A_month_that_begins_after_the_as_of_moment_or_ends_before_the_first_deal_is_refused_by_name()
    {
        var later = Assert.Throws<DomainRuleException>(() => Review(new ReviewQuery { Month = new DateOnly(2026, 12, 1), AsOf = DemoSnapshot.DocumentedAsOf }));
        Assert.Equal("month", later.Field);
        Assert.Contains("starts after the as-of moment", later.Message, StringComparison.Ordinal);
        var early = Assert.Throws<DomainRuleException>(() => Review(new ReviewQuery { Month = new DateOnly(2024, 1, 1), AsOf = DemoSnapshot.DocumentedAsOf }));
        Assert.Equal("month", early.Field);
        Assert.Contains("before the first deal", early.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_running_month_is_reviewed_to_date_and_marked_so()
    {
        var november = Review(new ReviewQuery { Month = new DateOnly(2026, 11, 1), AsOf = DemoSnapshot.DocumentedAsOf });

        Assert.False(november.Complete);
        Assert.Equal(DemoSnapshot.DocumentedAsOf.AddTicks(1), november.ToExcl);
        Assert.True(OctoberReview.Complete);
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    public void Over_seeded_demo_workspaces_every_month_s_changes_add_up(int seed)
    {
        var asOf = new DateOnly(2026, 6, 30);
        var snapshot = ColumnarSnapshot.From(DemoSnapshot.Create(new DemoOptions(1_500, seed, asOf)));
        var end = DemoSnapshot.Settings.Calendar.StartOf(asOf.AddDays(1)).AddTicks(-10);
        for (var month = new DateOnly(2025, 2, 1); month <= new DateOnly(2026, 6, 1); month = month.AddMonths(1))
        {
            var review = MonthlyReview.Compute(snapshot, new ReviewInputs(null, [], DemoSnapshot.Roster), new ReviewQuery { Month = month, AsOf = end }, end);
            AssertAddsUp(review);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Over_random_funnels_with_unknown_times_and_moves_back_the_changes_add_up(int seed)
    {
        var snapshot = ColumnarSnapshot.From(RandomFunnel.Snapshot(seed, 3_000));
        var end = FunnelBuilder.Day0.AddDays(120);
        foreach (var month in new[] { new DateOnly(2026, 2, 1), new DateOnly(2026, 3, 1), new DateOnly(2026, 4, 1) })
        {
            AssertAddsUp(MonthlyReview.Compute(snapshot, new ReviewInputs(null, [], new TeamRoster([])), new ReviewQuery { Month = month, AsOf = end }, end));
        }
    }

    private static void AssertAddsUp(ReviewReport review)
    {
        var rate = review.WinRateChange;
        if (rate.From is { } r0 && rate.To is { } r1)
        {
            Assert.Equal(r1 - r0, rate.Parts.Sum(p => p.Contribution), 12);
        }
        var change = review.WonAmountChange.To!.Value - review.WonAmountChange.From!.Value;
        Assert.True(Math.Abs(review.WonAmountChange.Parts.Sum(p => p.Contribution) - change) <= 1e-9 * Math.Max(1, Math.Abs(change)), $"{review.Month}: {change}");
    }

    private static ReviewReport Review(ReviewQuery query) =>
        MonthlyReview.Compute(Demo, new ReviewInputs(null, [], DemoSnapshot.Roster), query, DemoSnapshot.DocumentedAsOf);
}
