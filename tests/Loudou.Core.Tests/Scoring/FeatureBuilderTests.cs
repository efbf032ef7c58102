using Loudou.Core.Scoring;

namespace Loudou.Core.Tests.Scoring;

public class FeatureBuilderTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    internal static readonly ScoringShape Shape = new(
        [new("lead", new("线索", "Lead"), true), new("proposal", new("方案", "Proposal"), true), new("won", new("赢单", "Won"), false), new("lost", new("输单", "Lost"), false)],
        [new(0, Required: true), new(0, Required: false), new(1, Required: true)],
        [new("budget", new("预算", "Budget"), Numeric: true), new("source", new("来源", "Source"), Numeric: false)]);

    private static double Number(FeatureBuilder builder, FeatureRow row, string key) => row.Numbers[builder.Index(key)];

    [Fact]
    public void History_features_count_what_happened_by_the_moment()
    {
        var deal = new ScoringDeal
        {
            Id = 7,
            CreatedAt = T0,
            Outcome = DealOutcome.Won,
            ClosedAt = T0.AddDays(20),
            Amount = 99,
            Channel = "展会",
            Fields = ["1200.5", "web"],
            Stages = [new(0, T0), new(1, T0.AddDays(4)), new(2, T0.AddDays(20))],
            Activities = [T0.AddHours(30), T0.AddDays(3), T0.AddDays(15)],
            Actions = [new(1, T0.AddDays(1)), new(2, T0.AddDays(5))],
        };
        var builder = new FeatureBuilder(Shape);

        var row = builder.Build(deal, T0.AddDays(10));

        Assert.Equal("proposal", row.Categories[builder.Index(FeatureKeys.Stage)]);
        Assert.Equal(6, Number(builder, row, FeatureKeys.DaysInStage), 9);
        Assert.Equal(10, Number(builder, row, FeatureKeys.AgeDays), 9);
        Assert.Equal(2, Number(builder, row, FeatureKeys.Touches));
        Assert.Equal(7, Number(builder, row, FeatureKeys.DaysSinceTouch), 9);
        Assert.Equal(30, Number(builder, row, FeatureKeys.FirstResponseHours), 9);
        Assert.Equal(2, Number(builder, row, FeatureKeys.ActionsDone));
        // The lead stage was left with its required action (index 0) not done; the optional one does not count.
        Assert.Equal(1, Number(builder, row, FeatureKeys.RequiredSkipped));
        Assert.Equal(Math.Log(100), Number(builder, row, FeatureKeys.Amount), 12);
        Assert.Equal(1200.5, Number(builder, row, "field:budget"));
        Assert.Equal(("展会", "web"), (row.Categories[builder.Index(FeatureKeys.Channel)], row.Categories[builder.Index("field:source")]));
    }

    [Fact]
    public void Before_the_first_activity_the_first_response_is_the_wait_so_far_and_it_counts_as_time_without_activity()
    {
        var deal = new ScoringDeal { Id = 1, CreatedAt = T0, Stages = [new(0, T0)], Activities = [T0.AddDays(2)] };
        var builder = new FeatureBuilder(Shape);

        var row = builder.Build(deal, T0.AddHours(36));

        Assert.Equal(36, Number(builder, row, FeatureKeys.FirstResponseHours), 9);
        Assert.Equal(0, Number(builder, row, FeatureKeys.Touches));
        Assert.Equal(1.5, Number(builder, row, FeatureKeys.DaysSinceTouch), 9);
    }

    [Fact]
    public void A_deal_without_dates_has_its_fields_only_and_never_its_outcome_stage()
    {
        // As the bank file imports: no creation time, undated history ending in the outcome.
        var deal = new ScoringDeal { Id = 3, Outcome = DealOutcome.Won, Fields = ["5", null], Stages = [new(0, null), new(2, null)] };
        var builder = new FeatureBuilder(Shape);

        foreach (var row in new[] { builder.Build(deal, null), builder.Build(deal, T0) })
        {
            Assert.Null(row.Categories[builder.Index(FeatureKeys.Stage)]);
            Assert.All(builder.Specs.Where(s => s.AsOf && s.Kind == FeatureKind.Number), s => Assert.True(double.IsNaN(Number(builder, row, s.Key))));
            Assert.Equal(5, Number(builder, row, "field:budget"));
        }
    }

    [Fact]
    public void No_feature_reads_the_id_the_name_or_the_import_order()
    {
        var builder = new FeatureBuilder(Shape);
        var deal = RandomDeals.One(new Random(3), 1);
        var renumbered = RandomDeals.Copy(deal, id: 999_999);

        Assert.True(builder.Build(deal, T0.AddDays(5)).SameAs(builder.Build(renumbered, T0.AddDays(5))));
        Assert.DoesNotContain(builder.Specs, s => s.Key is "id" or "externalId" or "name" or "source" or "order" or "probability");
    }

    /// <summary>The leakage guard: whatever a deal's rows dated after t say, its features as of t are the same.</summary>
    /// <remarks>
    /// Each deal is built twice: once with its full history, once with every row dated after t replaced by poison (other
    /// stages, many more activities and actions, other times, another close) while rows up to t stay. Were any feature to read
    /// a row dated after t, some of the 2,000 random deals would give a different value.
    /// </remarks>
    [Fact]
    public void A_feature_as_of_t_reads_no_row_dated_after_t()
    {
        var random = new Random(20260301);
        var builder = new FeatureBuilder(Shape);
        for (var run = 0; run < 2000; run++)
        {
            var deal = RandomDeals.One(random, run + 1);
            var created = deal.CreatedAt!.Value;
            var at = created.AddHours(random.NextDouble() * 24 * 60);
            var poisoned = RandomDeals.Poison(deal, at, random);

            var honest = builder.Build(deal, at);
            var withPoison = builder.Build(poisoned, at);

            Assert.True(honest.SameAs(withPoison), $"deal {run}: a feature as of {at:O} changed when only rows after it changed");
            // And the features are those of the history cut at t, computed from nothing else.
            Assert.True(honest.SameAs(builder.Build(RandomDeals.Cut(deal, at), at)), $"deal {run}: features differ from those of the history cut at t");
        }
    }

    [Fact]
    public void Training_moments_are_the_ages_a_deal_was_still_open_at()
    {
        var deal = new ScoringDeal { Id = 1, CreatedAt = T0, Outcome = DealOutcome.Lost, ClosedAt = T0.AddDays(10) };

        Assert.Equal([T0, T0.AddDays(1), T0.AddDays(3), T0.AddDays(7)], TrainingMoments.Of(deal));
        Assert.Equal([null], TrainingMoments.Of(new ScoringDeal { Id = 2, Outcome = DealOutcome.Won }));
        Assert.Equal([null], TrainingMoments.Of(new ScoringDeal { Id = 3, CreatedAt = T0, ClosedAt = T0, Outcome = DealOutcome.Won }));
    }
}
