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

    /// <summary>The same q-quantile without a full sort: selection (introselect) puts the two ranks needed in place, O(n) on average.</summary>
    /// <remarks>Reorders <paramref name="values"/>; asking for several quantiles of one span in rising order reuses the work.</remarks>
    public static double? Selected(Span<double> values, double q)
    {
        if (values.Length == 0)
        {
            return null;
        }
        var h = (values.Length - 1) * q;
        var lower = (int)Math.Floor(h);
        var low = Select(values, lower);
        if (lower + 1 >= values.Length)
        {
            return low;
        }
        // After selection everything past `lower` is at least values[lower]; the next rank is their minimum.
        var high = double.PositiveInfinity;
        foreach (var v in values[(lower + 1)..])
        {
            high = Math.Min(high, v);
        }
        return low + (h - lower) * (high - low);
    }

    /// <summary>Moves the k-th smallest value to index k, smaller ones before it and larger ones after.</summary>
    private static double Select(Span<double> values, int k)
    {
        var budget = 2 * (int)Math.Log2(values.Length + 1) + 8;
        while (values.Length > 16)
        {
            if (budget-- == 0)
            {
                // Bad pivots too often: sort the rest, O(n log n) at worst.
                values.Sort();
                return values[k];
            }
            // Median of three as pivot, Hoare partition.
            var mid = values.Length / 2;
            var pivot = Median(values[0], values[mid], values[^1]);
            int i = 0, j = values.Length - 1;
            while (i <= j)
            {
                while (values[i] < pivot)
                {
                    i++;
                }
                while (values[j] > pivot)
                {
                    j--;
                }
                if (i <= j)
                {
                    (values[i], values[j]) = (values[j], values[i]);
                    i++;
                    j--;
                }
            }
            if (k <= j)
            {
                values = values[..(j + 1)];
            }
            else if (k >= i)
            {
                values = values[i..];
                k -= i;
            }
            else
            {
                return values[k];
            }
        }
        values.Sort();
        return values[k];
    }

    private static double Median(double a, double b, double c) => Math.Max(Math.Min(a, b), Math.Min(Math.Max(a, b), c));
}
