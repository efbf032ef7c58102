namespace Loudou.Core.Analytics;

/// <summary>Quantiles by linear interpolation between closest ranks (Hyndman–Fan type 7).</summary>
/// <remarks>The definition of R's default, NumPy's "linear" and DuckDB's <c>quantile_cont</c>, so figures can be checked against them.</remarks>
public static class Quantile
{
    /// <summary>The q-quantile of the values; sorts <paramref name="values"/> in place. Null when empty.</summary>
    public static double? Continuous(Span<double> values, double q)
    {
        if (values.Length == 0)
        {
            return null;
        }
        values.Sort();
        var h = (values.Length - 1) * q;
        var lower = (int)Math.Floor(h);
        var upper = Math.Min(lower + 1, values.Length - 1);
        return values[lower] + (h - lower) * (values[upper] - values[lower]);
    }
}
