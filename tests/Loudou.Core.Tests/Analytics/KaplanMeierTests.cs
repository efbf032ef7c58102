using System.Globalization;
using Loudou.Core.Analytics;

namespace Loudou.Core.Tests.Analytics;

public class KaplanMeierTests
{
    [Fact]
    public void Without_censoring_the_curve_is_one_minus_the_empirical_distribution()
    {
        var curve = KaplanMeier.Estimate([5, 1, 3, 2, 4], [true, true, true, true, true]);

        Assert.Equal([0.8, 0.6, 0.4, 0.2, 0.0], curve.Steps.Select(s => Math.Round(s.Survival, 12)));
        Assert.Equal([5L, 4, 3, 2, 1], curve.Steps.Select(s => s.AtRisk));
        Assert.Equal(3, curve.Quantile(0.5));
        Assert.Equal(5, curve.Quantile(0.9));
    }

    [Fact]
    public void A_hand_worked_case_with_censoring_gives_the_textbook_products()
    {
        // Stays 3, 4+, 5, 6+, 8 (+ = still running). S(3) = 4/5; 4+ leaves the risk set; S(5) = 4/5 · 2/3;
        // 6+ leaves; S(8) = 0. The naive median of the ended stays (3, 5, 8) would be 5.
        var curve = KaplanMeier.Estimate([3, 4, 5, 6, 8], [true, false, true, false, true]);

        var byDay = curve.Steps.ToDictionary(s => s.Days);
        Assert.Equal(0.8, byDay[3].Survival, 12);
        Assert.Equal(0.8, byDay[4].Survival, 12);
        Assert.Equal(0.8 * 2 / 3, byDay[5].Survival, 12);
        Assert.Equal(3, byDay[5].AtRisk);
        Assert.Equal(0, byDay[8].Survival, 12);
        Assert.Equal((5L, 3L, 2L), (curve.Count, curve.Ended, curve.Censored));
        Assert.Equal(8, curve.Quantile(0.5));
        Assert.Equal(5, curve.Quantile(0.4));
    }

    [Fact]
    public void At_a_tie_ends_count_before_censorings_and_an_exact_half_is_the_median()
    {
        // 2, 2, 2+, 4: at day 2 four are at risk and two end, S = 1/2 exactly.
        var curve = KaplanMeier.Estimate([2, 2, 2, 4], [true, true, false, true]);

        Assert.Equal((4L, 2L, 1L), (curve.Steps[0].AtRisk, curve.Steps[0].Ended, curve.Steps[0].Censored));
        Assert.Equal(0.5, curve.Steps[0].Survival, 12);
        Assert.Equal(2, curve.Quantile(0.5));
        Assert.Equal(4, curve.Quantile(0.9));
    }

    [Fact]
    public void When_too_many_stays_are_still_running_the_quantile_is_unknown_not_guessed()
    {
        var curve = KaplanMeier.Estimate([1, 5, 6, 7], [true, false, false, false]);

        Assert.Equal(0.75, curve.Steps[^1].Survival, 12);
        Assert.Null(curve.Quantile(0.5));
        Assert.Null(KaplanMeier.Estimate([], []).Quantile(0.5));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void The_curve_equals_a_quadratic_reference_on_seeded_random_stays(int seed)
    {
        var random = new Random(seed);
        var days = Enumerable.Range(0, 400).Select(_ => (double)random.Next(0, 60)).ToArray();
        var ended = days.Select(_ => random.Next(3) > 0).ToArray();

        var curve = KaplanMeier.Estimate(days, ended);

        // S(t) = Π over end times u ≤ t of (1 − ends at u / stays of length ≥ u), counted afresh for each t.
        foreach (var step in curve.Steps)
        {
            var expected = 1.0;
            foreach (var u in days.Where((d, i) => ended[i] && d <= step.Days).Distinct())
            {
                expected *= 1 - (double)days.Where((d, i) => ended[i] && d == u).Count() / days.Count(d => d >= u);
            }
            Assert.Equal(expected, step.Survival, 12);
            Assert.Equal(days.Count(d => d >= step.Days), step.AtRisk);
        }
    }

    [Theory]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(9)]
    public void With_heavy_censoring_the_engine_median_is_within_5_percent_of_the_truth_and_the_naive_one_is_biased(int seed)
    {
        // Stays in "needs" are gamma(2, 5 days): mean 10, median 8.3917 (solve 1 − e^−x (1 + x) = 1/2, t = 5x).
        // Entries are uniform over the 20 days before the as-of moment, so about half the stays are still running.
        var truth = 5 * Bisect(x => 1 - Math.Exp(-x) * (1 + x) - 0.5, 0, 10);
        var random = new Random(seed);
        var builder = new FunnelBuilder("lead", "needs");
        const double AsOfDay = 365;
        for (var i = 0; i < 20_000; i++)
        {
            var entry = AsOfDay - 20 * random.NextDouble();
            var stay = -5 * (Math.Log(1 - random.NextDouble()) + Math.Log(1 - random.NextDouble()));
            var exit = entry + stay;
            var path = string.Create(CultureInfo.InvariantCulture, $"lead@{entry - 1:R} needs@{entry:R}")
                + (exit <= AsOfDay ? string.Create(CultureInfo.InvariantCulture, $" {(i % 2 == 0 ? "won" : "lost")}@{exit:R}") : "");
            builder.Add(1, path);
        }

        var needs = builder.Compute(new FunnelQuery { Curves = true }).Total.Stages[1];

        Assert.InRange(needs.Survival!.Censored, 7_000, 13_000);
        Assert.InRange(needs.MedianDays!.Value, truth * 0.95, truth * 1.05);
        Assert.True(needs.NaiveMedianDays < truth * 0.8, $"naive {needs.NaiveMedianDays} vs truth {truth}");
        // The whole curve, not only its median, follows the true survival 1 − F(t).
        foreach (var t in new[] { 2.0, 5, 10, 15 })
        {
            var estimated = needs.Survival.Steps.Last(s => s.Days <= t).Survival;
            Assert.Equal(Math.Exp(-t / 5) * (1 + t / 5), estimated, 0.02);
        }
    }

    [Fact]
    public void Time_to_close_censors_open_deals_at_the_as_of_moment()
    {
        // Closes at 10 and 20, one deal open for 365 days: S(10) = 2/3, S(20) = 1/3, so the median is 20; naive 15.
        var report = new FunnelBuilder("lead")
            .Add(1, "lead@0 won@10")
            .Add(1, "lead@0 lost@20")
            .Add(1, "lead@0")
            .Compute(new FunnelQuery { Curves = true });

        var close = report.Total.TimeToClose!;
        Assert.Equal(20, close.MedianDays);
        Assert.Equal(15, close.NaiveMedianDays);
        Assert.Equal((2L, 1L), (close.Survival.Ended, close.Survival.Censored));
        Assert.Equal(365, close.Survival.Steps[^1].Days);
    }

    [Fact]
    public void Competing_outcomes_get_aalen_johansen_incidences_by_hand()
    {
        // 1 advanced, 2 lost, 3 still running, 4 advanced. S: 3/4, 1/2, 1/2, 0.
        // Advanced: 1 · 1/4 = 1/4 at day 1, + 1/2 · 1/1 at day 4 = 3/4. Lost: 3/4 · 1/3 = 1/4 at day 2.
        var curve = KaplanMeier.Estimate([1, 2, 3, 4], [1, 2, 0, 1], 2);

        Assert.Equal([0.25, 0.25, 0.25, 0.75], curve.Steps.Select(st => Math.Round(st.Incidence[0], 12)));
        Assert.Equal([0.0, 0.25, 0.25, 0.25], curve.Steps.Select(st => Math.Round(st.Incidence[1], 12)));
        // 1 − KM of advancing alone, losses censored, reaches 1 by day 4 against the true 3/4: the bias avoided.
        Assert.Equal(1.0, 1 - KaplanMeier.Estimate([1, 2, 3, 4], [true, false, false, true]).Steps[^1].Survival, 12);
    }

    [Theory]
    [InlineData(21)]
    [InlineData(22)]
    public void The_incidences_of_a_stage_add_up_to_one_minus_survival_and_follow_the_engines_outcomes(int seed)
    {
        var random = new Random(seed);
        var builder = new FunnelBuilder("lead", "needs", "proposal");
        for (var i = 0; i < 300; i++)
        {
            var end = random.Next(1, 40);
            builder.Add(1, random.Next(4) switch
            {
                0 => $"lead@0 needs@{end}",
                1 => $"lead@0 lost@{end}",
                2 => $"lead@0 needs@{end} lead@{end + 5}",
                _ => "lead@0",
            });
        }

        var rows = builder.Compute(new FunnelQuery { AsOf = FunnelBuilder.Day0.AddDays(30), Curves = true }).Total.Stages;
        var lead = rows[0];

        Assert.All(lead.Survival!.Steps, st => Assert.Equal(1 - st.Survival, st.Incidence.Sum(), 12));
        // Every stay in lead ends by advancing or by loss (moving back from lead is impossible).
        Assert.All(lead.Survival.Steps, st => Assert.Equal(0, st.Incidence[2]));
        // From needs the only way out is back to lead.
        Assert.Equal(1 - rows[1].Survival!.Steps[^1].Survival, rows[1].Survival!.Steps[^1].Incidence[2], 12);
        Assert.True(rows[1].Survival!.Steps[^1].Incidence[2] > 0);
    }

    private static double Bisect(Func<double, double> f, double low, double high)
    {
        for (var i = 0; i < 100; i++)
        {
            var mid = (low + high) / 2;
            (low, high) = f(mid) < 0 ? (mid, high) : (low, mid);
        }
        return (low + high) / 2;
    }
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Quantiles_without_the_curve_equal_the_curves_own(int seed)
    {
        var random = new Random(seed);
        // Sizes on both sides of the radix sort's threshold; ties (rounded days), zeros, negatives and heavy censoring.
        foreach (var n in new[] { 0, 1, 2, 7, 100, 4_095, 4_096, 30_000 })
        {
            var days = Enumerable.Range(0, n).Select(_ => random.Next(4) switch
            {
                0 => Math.Round(random.NextDouble() * 30),
                1 => -random.NextDouble(),
                _ => random.NextDouble() * Math.Pow(10, random.Next(-3, 4)),
            }).ToArray();
            var causes = days.Select(_ => random.Next(5) == 0 ? 0 : random.Next(1, 4)).ToArray();
            double[] qs = [0.1, 0.5, 0.9, 0.99];

            var curve = KaplanMeier.Estimate(days, causes, 3);
            var summary = KaplanMeier.Quantiles(days, causes, qs);

            Assert.Equal(qs.Select(q => curve.Quantile(q)), summary.Quantiles);
            Assert.Equal((curve.Count, curve.Ended, curve.Censored), (summary.Count, summary.Ended, summary.Censored));
        }
    }

    [Fact]
    public void The_radix_sort_orders_as_a_comparison_sort_does()
    {
        var random = new Random(5);
        foreach (var n in new[] { 0, 1, 5_000, 100_000 })
        {
            // Full-range keys, and keys that share their top bits (where passes are skipped).
            var keys = Enumerable.Range(0, n).Select(i => i % 2 == 0 ? (ulong)random.NextInt64() * 2 : (ulong)random.Next(1000)).ToArray();
            var expected = keys.Order().ToArray();
            RadixSort.Sort(keys);
            Assert.Equal(expected, keys);
        }
    }
}
