namespace Loudou.Core.Analytics;

/// <summary>Quantiles by linear interpolation between closest ranks (Hyndman–Fan type 7).</summary>
/// <remarks>The definition of R's default, NumPy's "linear" and DuckDB's <c>quantile_cont</c>, so figures can be checked against them.</remarks>
public static class Quantile
{
    private const int SortBelow = 16_384;

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

    /// <summary>The q-quantile of n values already in order, read through <paramref name="at"/> (rank → value); null when n is 0.</summary>
    /// <remarks>The same arithmetic as <see cref="Continuous(Span{double}, double)"/>, so the answers are equal to the last bit.</remarks>
    public static double? OfSorted(Func<long, double> at, long n, double q)
    {
        if (n == 0)
        {
            return null;
        }
        var h = (n - 1) * q;
        var lower = (long)Math.Floor(h);
        var upper = Math.Min(lower + 1, n - 1);
        return at(lower) + (h - lower) * (at(upper) - at(lower));
    }

    /// <summary>Several q-quantiles of the same values without sorting them all: a radix histogram finds the ranks' buckets, and only those are sorted.</summary>
    /// <remarks>
    /// Two passes over the values (count by the top 16 bits of their order-preserving bit pattern, then copy out the
    /// few buckets that hold a wanted rank) instead of O(n log n); the answers are the same type 7 quantiles as
    /// <see cref="Continuous(Span{double}, double)"/>'s. Leaves the values untouched. NaN is not a value here.
    /// </remarks>
    public static void Continuous(ReadOnlySpan<double> values, ReadOnlySpan<double> qs, Span<double?> answers)
    {
        if (values.Length == 0)
        {
            answers[..qs.Length].Clear();
            return;
        }
        if (values.Length < SortBelow)
        {
            // Below this the histogram's fixed cost (65,536 buckets) exceeds sorting a copy.
            var copy = values.ToArray();
            for (var i = 0; i < qs.Length; i++)
            {
                answers[i] = Continuous(copy, qs[i]);
            }
            return;
        }
        var counts = new int[1 << 16];
        foreach (var v in values)
        {
            counts[Bucket(v)]++;
        }
        // The ranks wanted: for each q, its lower and upper neighbour.
        var ranks = new long[qs.Length * 2];
        for (var i = 0; i < qs.Length; i++)
        {
            var lower = (long)Math.Floor((values.Length - 1) * qs[i]);
            (ranks[2 * i], ranks[(2 * i) + 1]) = (lower, Math.Min(lower + 1, values.Length - 1));
        }
        var first = new long[counts.Length];
        var wanted = new bool[counts.Length];
        long seen = 0;
        for (var b = 0; b < counts.Length; b++)
        {
            first[b] = seen;
            seen += counts[b];
            foreach (var rank in ranks)
            {
                wanted[b] |= rank >= first[b] && rank < seen;
            }
        }
        var buckets = new Dictionary<int, List<double>>();
        foreach (var v in values)
        {
            var b = Bucket(v);
            if (wanted[b])
            {
                (buckets.TryGetValue(b, out var list) ? list : buckets[b] = new List<double>(counts[b])).Add(v);
            }
        }
        foreach (var list in buckets.Values)
        {
            list.Sort();
        }
        double At(long rank)
        {
            var b = buckets.Keys.First(k => rank >= first[k] && rank < first[k] + counts[k]);
            return buckets[b][(int)(rank - first[b])];
        }
        for (var i = 0; i < qs.Length; i++)
        {
            var (low, high) = (At(ranks[2 * i]), At(ranks[(2 * i) + 1]));
            var h = (values.Length - 1) * qs[i];
            answers[i] = low + (h - Math.Floor(h)) * (high - low);
        }
    }

    /// <summary>The top 16 bits of a double's order-preserving pattern (negatives flipped whole, positives their sign bit).</summary>
    private static int Bucket(double value)
    {
        var bits = BitConverter.DoubleToInt64Bits(value);
        var key = (ulong)(bits ^ ((bits >> 63) | long.MinValue));
        return (int)(key >> 48);
    }
}
