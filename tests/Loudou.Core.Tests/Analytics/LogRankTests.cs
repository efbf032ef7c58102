using Loudou.Core.Analytics;

namespace Loudou.Core.Tests.Analytics;

public class LogRankTests
{
    [Fact]
    public void A_hand_worked_case()
    {
        // A ends at 1, 2, 3; B at 4, 5, 6. Expected ends of A: 3/6 + 2/5 + 1/4 = 1.15 (none after day 3);
        // variance 0.25 + 0.24 + 0.1875 = 0.6775; z = (3 − 1.15) / √0.6775 = 2.2476: A ends faster.
        var test = LogRank.Test([1, 2, 3], [true, true, true], [4, 5, 6], [true, true, true]);

        Assert.Equal(1.85 / Math.Sqrt(0.6775), test.Z, 12);
        Assert.Equal(-test.Z, LogRank.Test([4, 5, 6], [true, true, true], [1, 2, 3], [true, true, true]).Z, 12);
        Assert.Equal(Normal.Cdf(test.Z), test.PLower, 12);
    }

    [Fact]
    public void Censored_stays_leave_the_risk_set_without_ending()
    {
        // A: 1, 3+; B: 2, 4. Day 1: 4 at risk, 2 of A: E = 1/2, V = 1/4. Day 2: A has 1 (3+) of 3: E += 1/3, V += 2/9.
        // Day 4: A none at risk. z = (1 − 5/6) / √(1/4 + 2/9).
        var test = LogRank.Test([1, 3], [true, false], [2, 4], [true, true]);

        Assert.Equal((1 - 5.0 / 6) / Math.Sqrt(0.25 + 2.0 / 9), test.Z, 12);
    }

    [Fact]
    public void Under_the_null_about_5_percent_of_seeded_tests_reject_at_5_percent_and_a_real_slowdown_is_seen()
    {
        var random = new Random(42);
        var rejections = 0;
        var detected = 0;
        const int Runs = 2_000;
        for (var run = 0; run < Runs; run++)
        {
            var (a, aEnded) = Stays(random, 80, 10);
            var (b, bEnded) = Stays(random, 80, 10);
            var (slow, slowEnded) = Stays(random, 80, 20);
            rejections += LogRank.Test(a, aEnded, b, bEnded).PTwoSided <= 0.05 ? 1 : 0;
            detected += LogRank.Test(slow, slowEnded, b, bEnded).PLower <= 0.05 ? 1 : 0;
        }

        Assert.InRange(rejections, Runs * 0.035, Runs * 0.065);
        Assert.True(detected > Runs * 0.8, $"detected {detected} of {Runs}");
    }

    [Fact]
    public void The_median_interval_holds_the_median_and_narrows_with_more_stays()
    {
        var random = new Random(3);
        var (small, smallEnded) = Stays(random, 100, 10);
        var (large, largeEnded) = Stays(random, 10_000, 10);

        var smallCurve = KaplanMeier.Estimate(small, smallEnded);
        var largeCurve = KaplanMeier.Estimate(large, largeEnded);
        var (low, high) = largeCurve.QuantileInterval(0.5);
        var (smallLow, smallHigh) = smallCurve.QuantileInterval(0.5);

        Assert.InRange(largeCurve.Quantile(0.5)!.Value, low!.Value, high!.Value);
        Assert.InRange(smallCurve.Quantile(0.5)!.Value, smallLow!.Value, smallHigh!.Value);
        Assert.True(high - low < (smallHigh - smallLow) / 4);
        // Exponential with mean 10: the median is 10 ln 2 = 6.93.
        Assert.InRange(10 * Math.Log(2), low.Value, high.Value);
    }

    /// <summary>Exponential stays of the given mean, censored by a uniform cut-off over 0..3 means.</summary>
    private static (double[] Days, bool[] Ended) Stays(Random random, int count, double mean)
    {
        var days = new double[count];
        var ended = new bool[count];
        for (var i = 0; i < count; i++)
        {
            var stay = -mean * Math.Log(1 - random.NextDouble());
            var cut = 30 * random.NextDouble();
            (days[i], ended[i]) = stay <= cut ? (stay, true) : (cut, false);
        }
        return (days, ended);
    }
}
