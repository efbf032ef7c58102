namespace Loudou.Core.Analytics;

/// <summary>The log-rank test: do two groups of stays, some still running, end at the same pace?</summary>
/// <remarks>
/// Mantel's form: at each time with ends, the first group's expected ends are its share of those at
/// risk; z = (observed − expected) / √(hypergeometric variance summed over times). A negative z means
/// the first group ends more slowly than the second. Valid when censoring does not depend on how long
/// a stay would last, which holds for stays cut off by the as-of moment.
/// </remarks>
public static class LogRank
{
    private const byte Ended = 1;
    private const byte First = 2;

    public static ZTest Test(ReadOnlySpan<double> days1, ReadOnlySpan<bool> ended1, ReadOnlySpan<double> days2, ReadOnlySpan<bool> ended2)
    {
        if (days1.Length != ended1.Length || days2.Length != ended2.Length)
        {
            throw new ArgumentException("Each group needs as many end flags as stays.");
        }
        // Times as keys and (ended, first group) as two bits beside them: a primitive sort, several times faster than
        // one of tuples through a comparer; within a time only counts matter, so the order there does not.
        var times = new double[days1.Length + days2.Length];
        var flags = new byte[times.Length];
        for (var i = 0; i < days1.Length; i++)
        {
            (times[i], flags[i]) = (Math.Max(0, days1[i]), (byte)((ended1[i] ? Ended : 0) | First));
        }
        for (var i = 0; i < days2.Length; i++)
        {
            (times[days1.Length + i], flags[days1.Length + i]) = (Math.Max(0, days2[i]), (byte)(ended2[i] ? Ended : 0));
        }
        Array.Sort(times, flags);
        double atRisk1 = days1.Length, atRisk = times.Length, observed = 0, expected = 0, variance = 0;
        for (var i = 0; i < times.Length;)
        {
            var t = times[i];
            double ends = 0, ends1 = 0, leave1 = 0, leave = 0;
            for (; i < times.Length && times[i] == t; i++)
            {
                var first = (flags[i] & First) != 0;
                leave++;
                leave1 += first ? 1 : 0;
                if ((flags[i] & Ended) != 0)
                {
                    ends++;
                    ends1 += first ? 1 : 0;
                }
            }
            if (ends > 0)
            {
                var share = atRisk1 / atRisk;
                observed += ends1;
                expected += ends * share;
                if (atRisk > 1)
                {
                    variance += ends * share * (1 - share) * (atRisk - ends) / (atRisk - 1);
                }
            }
            atRisk -= leave;
            atRisk1 -= leave1;
        }
        if (variance <= 0)
        {
            return new ZTest(0, 1, 1);
        }
        var z = (observed - expected) / Math.Sqrt(variance);
        return new ZTest(z, Math.Min(1, 2 * Normal.UpperTail(Math.Abs(z))), Normal.Cdf(z));
    }
}
