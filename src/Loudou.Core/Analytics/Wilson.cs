namespace Loudou.Core.Analytics;

/// <summary>The Wilson score interval of a proportion (docs/metrics.md, "Intervals").</summary>
/// <remarks>Chosen over the normal approximation because it stays inside 0..1 and behaves at 0 and n successes.</remarks>
public static class Wilson
{
    /// <summary>z for a two-sided 95% interval.</summary>
    public const double Z95 = 1.959963984540054;

    /// <returns>(low, high), or (null, null) when <paramref name="n"/> is 0.</returns>
    public static (double? Low, double? High) Interval(long successes, long n, double z = Z95)
    {
        if (n <= 0)
        {
            return (null, null);
        }
        var p = (double)successes / n;
        var z2 = z * z;
        var centre = p + z2 / (2 * n);
        var spread = z * Math.Sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
        var denominator = 1 + z2 / n;
        return (Math.Max(0, (centre - spread) / denominator), Math.Min(1, (centre + spread) / denominator));
    }
}
