namespace Loudou.Core.Analytics;

/// <summary>The standard normal distribution, for z tests.</summary>
public static class Normal
{
    /// <summary>P(Z ≤ z).</summary>
    public static double Cdf(double z) => z < 0 ? 0.5 * Erfc(-z / Math.Sqrt(2)) : 1 - 0.5 * Erfc(z / Math.Sqrt(2));

    /// <summary>P(Z ≥ z), accurate in the far tail where 1 − <see cref="Cdf"/> would round to 0.</summary>
    public static double UpperTail(double z) => 0.5 * Erfc(z / Math.Sqrt(2));

    /// <summary>The complementary error function.</summary>
    /// <remarks>
    /// Chebyshev fit with fractional error below 1.2e-7 everywhere (Press et al., Numerical Recipes,
    /// 2nd ed., §6.2, "erfcc"): ample for p-values, which are compared with levels such as 0.05.
    /// </remarks>
    public static double Erfc(double x)
    {
        var z = Math.Abs(x);
        var t = 1 / (1 + 0.5 * z);
        var r = t * Math.Exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
            + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
            + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2 - r;
    }
}
