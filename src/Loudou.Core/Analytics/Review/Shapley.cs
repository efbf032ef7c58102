namespace Loudou.Core.Analytics.Review;

/// <summary>Splits the change of a function of a few factors into one part per factor, the parts adding up exactly.</summary>
/// <remarks>
/// The Shapley value: each factor's part is its marginal effect (switching it from the old value to the new)
/// averaged over every order in which the factors could be switched. Unlike a log-mean (LMDI) split it is
/// defined when a factor is zero in one period, and unlike a sequential split it does not depend on an order
/// chosen by us. With k factors it evaluates the function 2^k times, so it is for a handful of factors only.
/// </remarks>
public static class Shapley
{
    /// <summary>The most factors split this way (2^12 evaluations).</summary>
    public const int MaxFactors = 12;

    /// <param name="value">The function, given for each factor whether it takes its new value.</param>
    /// <param name="factors">How many factors.</param>
    /// <returns>One part per factor; their sum is value(all new) − value(all old) up to rounding.</returns>
    public static double[] Parts(Func<bool[], double> value, int factors)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(factors);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(factors, MaxFactors);
        var subsets = 1 << factors;
        var values = new double[subsets];
        var switched = new bool[factors];
        for (var mask = 0; mask < subsets; mask++)
        {
            for (var f = 0; f < factors; f++)
            {
                switched[f] = (mask & (1 << f)) != 0;
            }
            values[mask] = value(switched);
        }
        // weight[s] = s!(k−s−1)!/k!: the share of orders in which exactly s other factors were switched first.
        var weight = new double[factors];
        for (var s = 0; s < factors; s++)
        {
            weight[s] = Factorial(s) * Factorial(factors - s - 1) / Factorial(factors);
        }
        var parts = new double[factors];
        for (var mask = 0; mask < subsets; mask++)
        {
            var size = System.Numerics.BitOperations.PopCount((uint)mask);
            for (var f = 0; f < factors; f++)
            {
                if ((mask & (1 << f)) == 0)
                {
                    parts[f] += weight[size] * (values[mask | (1 << f)] - values[mask]);
                }
            }
        }
        return parts;
    }

    private static double Factorial(int n)
    {
        var result = 1.0;
        for (var i = 2; i <= n; i++)
        {
            result *= i;
        }
        return result;
    }
}
