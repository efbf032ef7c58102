namespace Loudou.Core.Analytics;

/// <summary>A z test's statistic and p-values: two-sided, and one-sided for "lower" (the first rate below the other or the reference).</summary>
public readonly record struct ZTest(double Z, double PTwoSided, double PLower);

/// <summary>Large-sample z tests of proportions (docs/metrics.md, "Significance").</summary>
/// <remarks>
/// Normal approximations: fine when each group has a handful of successes and failures, which the
/// "too few to say" floor (n ≥ 30 by default) mostly ensures; below it a result is not reported.
/// </remarks>
public static class ProportionTest
{
    /// <summary>Two proportions x1/n1 and x2/n2 with the pooled standard error (the score test; z² is Pearson's χ² without continuity correction).</summary>
    /// <returns>z = 0 and p-values 1 when a group is empty or all outcomes are the same (nothing to tell apart).</returns>
    public static ZTest TwoSample(long x1, long n1, long x2, long n2)
    {
        if (n1 <= 0 || n2 <= 0)
        {
            return new ZTest(0, 1, 1);
        }
        var pooled = (double)(x1 + x2) / (n1 + n2);
        var variance = pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2);
        return variance <= 0 ? new ZTest(0, 1, 1) : Of(((double)x1 / n1 - (double)x2 / n2) / Math.Sqrt(variance));
    }

    /// <summary>One proportion x/n against a fixed rate p0 (a target): the score test, standard error from p0.</summary>
    public static ZTest OneSample(long x, long n, double p0)
    {
        if (n <= 0 || p0 <= 0 || p0 >= 1)
        {
            return new ZTest(0, 1, 1);
        }
        return Of(((double)x / n - p0) / Math.Sqrt(p0 * (1 - p0) / n));
    }

    private static ZTest Of(double z) => new(z, Math.Min(1, 2 * Normal.UpperTail(Math.Abs(z))), Normal.Cdf(z));
}
