using Loudou.Core.Analytics;

namespace Loudou.Core.Tests.Analytics;

public class SignificanceTests
{
    [Theory]
    [InlineData(0, 0.5)]
    [InlineData(1.959963984540054, 0.975)]
    [InlineData(-1, 0.15865525393145707)]
    [InlineData(-3, 0.0013498980316301)]
    [InlineData(2.5, 0.99379033467422384)]
    public void The_normal_distribution_matches_published_values(double z, double cdf)
    {
        Assert.Equal(cdf, Normal.Cdf(z), 7);
        Assert.Equal(1 - cdf, Normal.UpperTail(z), 7);
    }

    [Fact]
    public void The_far_tail_keeps_its_relative_precision()
    {
        // P(Z ≥ 6) = 9.8658765e-10; 1 − Cdf would lose it.
        Assert.Equal(9.8658765e-10, Normal.UpperTail(6), 1e-15);
    }

    [Fact]
    public void Two_proportions_by_hand_south_needs_confirmed_before_and_after()
    {
        // docs/demo-data.md: 582/1,010 before, 107/259 after. Pooled p = 689/1,269;
        // se = √(p(1 − p)(1/1,010 + 1/259)) = 0.034695; z = (0.576238 − 0.413127) / se = 4.7013.
        var test = ProportionTest.TwoSample(582, 1010, 107, 259);

        Assert.Equal(4.7013, test.Z, 3);
        Assert.Equal(2 * Normal.UpperTail(4.7013), test.PTwoSided, 6);
        Assert.Equal(1, test.PLower, 4);
        Assert.Equal(test.PTwoSided / 2, ProportionTest.TwoSample(107, 259, 582, 1010).PLower, 12);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void The_squared_z_is_pearsons_chi_square_of_the_two_by_two_table(int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < 200; i++)
        {
            long n1 = random.Next(5, 500), n2 = random.Next(5, 500);
            long x1 = random.Next(0, (int)n1 + 1), x2 = random.Next(0, (int)n2 + 1);
            if (x1 + x2 == 0 || x1 + x2 == n1 + n2)
            {
                continue;
            }
            // χ² = Σ (observed − expected)² / expected over the four cells.
            double[] observed = [x1, n1 - x1, x2, n2 - x2];
            var p = (double)(x1 + x2) / (n1 + n2);
            double[] expected = [n1 * p, n1 * (1 - p), n2 * p, n2 * (1 - p)];
            var chi2 = observed.Zip(expected, (o, e) => (o - e) * (o - e) / e).Sum();

            var z = ProportionTest.TwoSample(x1, n1, x2, n2).Z;

            Assert.Equal(chi2, z * z, 8);
            Assert.Equal(Math.Sign((double)x1 / n1 - (double)x2 / n2), Math.Sign(z));
        }
    }

    [Fact]
    public void One_proportion_against_a_target_uses_the_targets_standard_error()
    {
        // 40/100 against 0.5: z = −0.1 / √(0.25/100) = −2.
        var test = ProportionTest.OneSample(40, 100, 0.5);

        Assert.Equal(-2, test.Z, 12);
        Assert.Equal(Normal.Cdf(-2), test.PLower, 12);
        Assert.Equal((0.0, 1.0), (ProportionTest.OneSample(0, 0, 0.5).Z, ProportionTest.TwoSample(5, 5, 7, 7).PTwoSided));
    }

    [Fact]
    public void Benjamini_hochberg_by_hand()
    {
        // Sorted p 0.01, 0.02, 0.03, 0.04, 0.5 with m = 5: m·p/k = 0.05, 0.05, 0.05, 0.05, 0.5.
        var q = BenjaminiHochberg.QValues([0.5, 0.03, 0.01, 0.04, 0.02]);

        Assert.Equal([0.5, 0.05, 0.05, 0.05, 0.05], q.Select(v => Math.Round(v, 12)));
        // Monotone: 0.8 alone would give 2 · 0.8 / 1 = 1.6, but a larger p (0.9, q 0.9) bounds it.
        Assert.Equal([0.9, 0.9], BenjaminiHochberg.QValues([0.9, 0.8]).Select(v => Math.Round(v, 12)));
    }

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    public void A_q_value_at_or_below_alpha_is_exactly_the_step_up_procedures_rejection(int seed)
    {
        var random = new Random(seed);
        for (var round = 0; round < 100; round++)
        {
            var p = Enumerable.Range(0, random.Next(1, 40)).Select(_ => random.Next(3) == 0 ? random.NextDouble() * 0.01 : random.NextDouble()).ToArray();
            var q = BenjaminiHochberg.QValues(p);
            foreach (var alpha in new[] { 0.01, 0.05, 0.1 })
            {
                // Step-up: the largest k with p_(k) ≤ k·α/m; reject every p ≤ p_(k).
                var sorted = p.Order().ToArray();
                var k = Enumerable.Range(1, sorted.Length).LastOrDefault(r => sorted[r - 1] <= r * alpha / sorted.Length);
                for (var i = 0; i < p.Length; i++)
                {
                    Assert.Equal(k > 0 && p[i] <= sorted[k - 1], q[i] <= alpha + 1e-15);
                }
            }
        }
    }
}
