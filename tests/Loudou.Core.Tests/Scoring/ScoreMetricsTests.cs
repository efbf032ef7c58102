using Loudou.Core.Scoring;

namespace Loudou.Core.Tests.Scoring;

public class ScoreMetricsTests
{
    [Fact]
    public void Auc_is_the_share_of_won_lost_pairs_ranked_right()
    {
        // Won 0.35 and 0.8 against lost 0.1 and 0.4: pairs (0.35>0.1) (0.35<0.4) (0.8>0.1) (0.8>0.4) = 3 of 4.
        Assert.Equal(0.75, ScoreMetrics.Auc([0.1, 0.4, 0.35, 0.8], [false, false, true, true])!.Value, 12);
    }

    [Fact]
    public void A_tied_won_lost_pair_counts_one_half()
    {
        // Won 0.5 and 0.9 against lost 0.5 and 0.2: 0.5=0.5 is ½, the other three pairs are right: 3.5 / 4.
        Assert.Equal(0.875, ScoreMetrics.Auc([0.5, 0.5, 0.2, 0.9], [true, false, false, true])!.Value, 12);
        // Every score equal: no ranking at all.
        Assert.Equal(0.5, ScoreMetrics.Auc([0.3, 0.3, 0.3], [true, false, false])!.Value, 12);
    }

    [Fact]
    public void Auc_equals_counting_every_pair_on_random_scores_with_ties()
    {
        var random = new Random(11);
        for (var run = 0; run < 50; run++)
        {
            var n = random.Next(2, 60);
            var scores = Enumerable.Range(0, n).Select(_ => random.Next(0, 8) / 8.0).ToArray();
            var won = Enumerable.Range(0, n).Select(_ => random.NextDouble() < 0.3).ToArray();
            double pairs = 0, right = 0;
            for (var i = 0; i < n; i++)
            {
                for (var j = 0; j < n; j++)
                {
                    if (won[i] && !won[j])
                    {
                        pairs++;
                        right += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0;
                    }
                }
            }
            var auc = ScoreMetrics.Auc(scores, won);
            if (pairs == 0)
            {
                Assert.Null(auc);
            }
            else
            {
                Assert.Equal(right / pairs, auc!.Value, 12);
            }
        }
    }

    [Fact]
    public void Auc_without_both_outcomes_is_undefined()
    {
        Assert.Null(ScoreMetrics.Auc([0.2, 0.7], [true, true]));
        Assert.Null(ScoreMetrics.Auc([], []));
    }

    [Fact]
    public void Brier_is_the_mean_squared_error_of_the_probability()
    {
        // (0.9−1)² + (0.2−0)² + (0.6−0)² = 0.01 + 0.04 + 0.36 = 0.41, over 3.
        Assert.Equal(0.41 / 3, ScoreMetrics.Brier([0.9, 0.2, 0.6], [true, false, false])!.Value, 12);
        Assert.Null(ScoreMetrics.Brier([], []));
    }

    [Fact]
    public void Calibration_puts_rows_in_ten_equal_bins_with_mean_predicted_and_observed_rate()
    {
        var table = ScoreMetrics.Calibration([0.05, 0.15, 0.12, 0.95, 1.0], [false, true, false, true, true]);

        Assert.Equal(10, table.Count);
        Assert.Equal(new CalibrationBin(0.05, 0, 1), table[0]);
        Assert.Equal(0.135, table[1].Predicted, 12);
        Assert.Equal((0.5, 2), (table[1].Observed, table[1].N));
        // 1.0 falls in the last bin, which is closed on the right.
        Assert.Equal(0.975, table[9].Predicted, 12);
        Assert.Equal((1.0, 2), (table[9].Observed, table[9].N));
        Assert.All(table.Skip(2).Take(7), b => Assert.Equal(0, b.N));
    }

    [Fact]
    public void Lift_is_the_top_share_win_rate_over_the_overall_rate()
    {
        double[] scores = [10, 9, 8, 7, 6, 5, 4, 3, 2, 1];
        bool[] won = [true, false, true, false, false, false, false, true, false, false];

        // Overall 3/10. Top 10%: the one row 10, won: 1 / 0.3. Top 20%: rows 10 and 9, one won: 0.5 / 0.3.
        Assert.Equal(1 / 0.3, ScoreMetrics.Lift(scores, won, 0.1)!.Value, 12);
        Assert.Equal(0.5 / 0.3, ScoreMetrics.Lift(scores, won, 0.2)!.Value, 12);
        Assert.Equal(1, ScoreMetrics.Lift(scores, won, 1.0)!.Value, 12);
    }

    [Fact]
    public void Rows_tied_at_the_cut_count_in_proportion_so_their_order_does_not_matter()
    {
        // Four tied rows, one won; the top half takes two of them: half a won row's worth, a rate of 0.25 like everyone's.
        Assert.Equal(1, ScoreMetrics.Lift([1, 1, 1, 1], [true, false, false, false], 0.5)!.Value, 12);
        Assert.Equal(1, ScoreMetrics.Lift([1, 1, 1, 1], [false, false, false, true], 0.5)!.Value, 12);
        Assert.Null(ScoreMetrics.Lift([1, 2], [false, false], 0.5));
    }

    [Fact]
    public void Platt_scaling_recovers_the_slope_and_intercept_that_made_the_outcomes()
    {
        var random = new Random(5);
        var scores = Enumerable.Range(0, 20_000).Select(_ => random.NextDouble() * 8 - 4).ToArray();
        var won = scores.Select(s => random.NextDouble() < 1 / (1 + Math.Exp(-(0.5 * s - 1)))).ToArray();

        var platt = PlattScaling.Fit(scores, won);

        Assert.InRange(platt.A, 0.45, 0.55);
        Assert.InRange(platt.B, -1.08, -0.92);
        Assert.Equal(PlattScaling.Identity, PlattScaling.Fit([1, 2], [true, true]));
    }
}
