namespace Loudou.Core.Analytics;

/// <summary>Least-significant-digit radix sort of unsigned keys: what the Kaplan–Meier summaries sort a million stays with.</summary>
/// <remarks>
/// Eleven bits a pass, and a pass whose digit is the same for every key is skipped, so stays in days (whose
/// top bits, sign and exponent, vary little) take four or five passes; several times faster than a comparison
/// sort at that size. Below a few thousand keys the comparison sort wins and is used.
/// </remarks>
internal static class RadixSort
{
    private const int Bits = 11;
    private const int Buckets = 1 << Bits;
    private const int SortBelow = 4096;

    /// <summary>Sorts the keys ascending, in place.</summary>
    public static void Sort(ulong[] keys)
    {
        if (keys.Length < SortBelow)
        {
            Array.Sort(keys);
            return;
        }
        var passes = (64 + Bits - 1) / Bits;
        var counts = new int[passes * Buckets];
        foreach (var key in keys)
        {
            for (var p = 0; p < passes; p++)
            {
                counts[(p * Buckets) + (int)((key >> (p * Bits)) & (Buckets - 1))]++;
            }
        }
        var (from, to) = (keys, new ulong[keys.Length]);
        for (var p = 0; p < passes; p++)
        {
            var digit = counts.AsSpan(p * Buckets, Buckets);
            if (digit.Contains(keys.Length))
            {
                continue;
            }
            var offset = 0;
            for (var b = 0; b < Buckets; b++)
            {
                (digit[b], offset) = (offset, offset + digit[b]);
            }
            var shift = p * Bits;
            foreach (var key in from)
            {
                to[digit[(int)((key >> shift) & (Buckets - 1))]++] = key;
            }
            (from, to) = (to, from);
        }
        if (!ReferenceEquals(from, keys))
        {
            from.CopyTo(keys, 0);
        }
    }
}
