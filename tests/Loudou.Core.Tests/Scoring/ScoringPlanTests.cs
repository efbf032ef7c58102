using Loudou.Core.Scoring;

namespace Loudou.Core.Tests.Scoring;

public class ScoringPlanTests
{
    [Theory]
    [InlineData(9, 500, ScoringMethod.TooFew)]
    [InlineData(500, 9, ScoringMethod.TooFew)]
    [InlineData(10, 10, ScoringMethod.StageConversion)]
    [InlineData(49, 1000, ScoringMethod.StageConversion)]
    [InlineData(50, 50, ScoringMethod.Logistic)]
    [InlineData(1000, 199, ScoringMethod.Logistic)]
    [InlineData(200, 200, ScoringMethod.Trees)]
    public void The_method_follows_the_smaller_outcome_count_at_each_documented_edge(int won, int lost, ScoringMethod method)
    {
        var plan = ScoringPlan.Choose(won, lost);

        Assert.Equal(method, plan.Method);
        Assert.Contains($"{won} won and {lost} lost", plan.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_fallback_says_which_method_and_why()
    {
        Assert.StartsWith("too few:", ScoringPlan.Choose(3, 100).Reason, StringComparison.Ordinal);
        Assert.Contains("fewer than 50 of each", ScoringPlan.Choose(20, 100).Reason, StringComparison.Ordinal);
        Assert.Contains("too few for trees", ScoringPlan.Choose(60, 100).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_time_split_trains_on_the_earliest_four_fifths_by_creation_else_by_import_order()
    {
        var t0 = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        // Ids run against time here, so the two orders differ.
        var dated = Enumerable.Range(0, 10).Select(i => new ScoringDeal { Id = 100 - i, CreatedAt = t0.AddDays(i) }).ToList();
        var train = ScoringSplits.TimeSplit(dated, out var byCreation);
        Assert.True(byCreation);
        Assert.Equal([true, true, true, true, true, true, true, true, false, false], train);

        var undated = dated.Select((d, i) => new ScoringDeal { Id = d.Id, CreatedAt = i == 3 ? null : d.CreatedAt }).ToList();
        train = ScoringSplits.TimeSplit(undated, out byCreation);
        Assert.False(byCreation);
        Assert.Equal([false, false, true, true, true, true, true, true, true, true], train);
    }

    [Fact]
    public void Folds_are_stratified_and_follow_the_seed()
    {
        var won = Enumerable.Range(0, 103).Select(i => i % 4 == 0).ToArray();

        var folds = ScoringSplits.Folds(won, 5, 42);

        Assert.Equal(folds, ScoringSplits.Folds(won, 5, 42));
        Assert.NotEqual(folds, ScoringSplits.Folds(won, 5, 43));
        for (var k = 0; k < 5; k++)
        {
            var wonIn = Enumerable.Range(0, won.Length).Count(i => folds[i] == k && won[i]);
            Assert.InRange(wonIn, 5, 6);
        }
    }

    [Fact]
    public void Stage_conversion_is_the_smoothed_win_share_of_deals_that_reached_each_stage()
    {
        // Stage 0 reached by all 4 (2 won), stage 1 by the 2 won and one lost; overall 2/4.
        var deals = new[]
        {
            new ScoringDeal { Id = 1, Outcome = DealOutcome.Won, Stages = [new(0, null), new(1, null), new(2, null)] },
            new ScoringDeal { Id = 2, Outcome = DealOutcome.Won, Stages = [new(0, null), new(1, null), new(2, null)] },
            new ScoringDeal { Id = 3, Outcome = DealOutcome.Lost, Stages = [new(0, null), new(1, null), new(3, null)] },
            new ScoringDeal { Id = 4, Outcome = DealOutcome.Lost, Stages = [new(0, null), new(3, null)] },
        };

        var rates = StageConversion.Fit(deals, 4);

        Assert.Equal(0.5, rates.Overall);
        Assert.Equal((2 + 5 * 0.5) / (4 + 5), rates.Rate(0), 12);
        Assert.Equal((2 + 5 * 0.5) / (3 + 5), rates.Rate(1), 12);
        Assert.Equal(0.5, rates.Rate(null));
    }
}
