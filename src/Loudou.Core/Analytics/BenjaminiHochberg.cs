namespace Loudou.Core.Analytics;

/// <summary>Benjamini–Hochberg adjusted p-values (q-values) for many tests at once.</summary>
/// <remarks>
/// Reporting the tests with q ≤ α keeps the expected share of false findings among those reported at
/// or below α, when the tests are independent or positively dependent (Benjamini and Hochberg 1995;
/// Benjamini and Yekutieli 2001). Segments compared with "the rest" are mildly dependent; the A/A
/// test in the analytics tests measures the rate Loudou gets on its own kind of data.
/// </remarks>
public static class BenjaminiHochberg
{
    /// <summary>q_i = min over p_(k) ≥ p_i of min(1, m · p_(k) / k), in the input's order.</summary>
    public static double[] QValues(ReadOnlySpan<double> pValues)
    {
        var m = pValues.Length;
        var order = new int[m];
        for (var i = 0; i < m; i++)
        {
            order[i] = i;
        }
        var p = pValues.ToArray();
        Array.Sort(order, (a, b) => p[a].CompareTo(p[b]));
        var q = new double[m];
        var running = 1.0;
        // From the largest p down, so each q is the minimum over the ranks at and above its own.
        for (var rank = m; rank >= 1; rank--)
        {
            var index = order[rank - 1];
            running = Math.Min(running, m * p[index] / rank);
            q[index] = running;
        }
        return q;
    }
}
