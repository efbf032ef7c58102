namespace Loudou.Core.Analytics;

/// <summary>One distinct time of a Kaplan–Meier curve: who was at risk, how many ended, how many were censored there.</summary>
/// <param name="Survival">S(t) just after <paramref name="Days"/>: the estimated share still in (not yet ended) beyond it.</param>
public sealed record SurvivalStep(double Days, long AtRisk, long Ended, long Censored, double Survival)
{
    /// <summary>
    /// Aalen–Johansen cumulative incidence of each way of ending (index cause − 1) just after <see cref="Days"/>:
    /// the estimated share that had ended that way by then. They add up to 1 − <see cref="Survival"/>.
    /// </summary>
    public IReadOnlyList<double> Incidence { get; init; } = [];
}

/// <summary>A Kaplan–Meier survival curve: the product-limit estimate of how long a stay lasts when some stays have not ended.</summary>
/// <remarks>
/// Steps are at every distinct time with an end or a censoring (censorings only mark the curve for
/// charts; S changes only at ends). At a time with both, ends count first: a stay censored at t was
/// at risk of ending at t, the usual convention.
/// </remarks>
public sealed record SurvivalCurve(IReadOnlyList<SurvivalStep> Steps, long Count, long Ended, long Censored)
{
    /// <summary>The empty curve: no stays.</summary>
    public static SurvivalCurve Empty { get; } = new([], 0, 0, 0);

    /// <summary>
    /// The q-quantile of the stay: the smallest time t with S(t) ≤ 1 − q. Null when there are no stays
    /// or the curve never falls that low (too many stays still running to say).
    /// </summary>
    /// <remarks>
    /// Without censoring this is the inverse of the empirical distribution (Hyndman–Fan type 1), so it
    /// can differ from the type 7 naive quantile by up to one gap between neighbouring stays. A relative
    /// tolerance of 1e-9 absorbs the rounding of the running product (so S = 1/2 reached exactly counts).
    /// </remarks>
    public double? Quantile(double q)
    {
        var threshold = 1 - q + 1e-9;
        foreach (var step in Steps)
        {
            if (step.Ended > 0 && step.Survival <= threshold)
            {
                return step.Days;
            }
        }
        return null;
    }

    /// <summary>
    /// A confidence interval for the q-quantile (Brookmeyer and Crowley): the times at which S(t) is
    /// within z standard errors (Greenwood) of 1 − q. Low: the first end time with S(t) ≤ 1 − q + z·se(t);
    /// high: the first with S(t) ≤ 1 − q − z·se(t), null when the curve never gets there.
    /// </summary>
    public (double? Low, double? High) QuantileInterval(double q, double z = Wilson.Z95)
    {
        double? low = null, high = null;
        var greenwood = 0.0;
        foreach (var step in Steps)
        {
            if (step.Ended == 0)
            {
                continue;
            }
            // Greenwood's sum; at S = 0 (everyone left ended here) the term is infinite and S is exactly 0.
            greenwood += step.AtRisk > step.Ended ? (double)step.Ended / (step.AtRisk * (step.AtRisk - step.Ended)) : 0;
            var se = step.Survival * Math.Sqrt(greenwood);
            low ??= step.Survival <= 1 - q + z * se + 1e-9 ? step.Days : null;
            if (step.Survival <= 1 - q - z * se + 1e-9)
            {
                high = step.Days;
                break;
            }
        }
        return (low, high);
    }
}

/// <summary>A Kaplan–Meier curve's counts and some of its quantiles, without its steps (<see cref="KaplanMeier.Quantiles"/>).</summary>
/// <param name="Quantiles">In the order they were asked for; null where the curve never falls that low.</param>
public sealed record SurvivalSummary(long Count, long Ended, IReadOnlyList<double?> Quantiles)
{
    public long Censored => Count - Ended;
}

/// <summary>The Kaplan–Meier (product-limit) estimator over stays that ended or were still running.</summary>
public static class KaplanMeier
{
    /// <summary>Estimates the curve from each stay's length in days and whether it ended (false: still running, censored).</summary>
    /// <remarks>O(n log n): one sort, one pass. Negative lengths (a clock going backwards in imported data) count as 0.</remarks>
    public static SurvivalCurve Estimate(ReadOnlySpan<double> days, ReadOnlySpan<bool> ended)
    {
        if (days.Length != ended.Length)
        {
            throw new ArgumentException("days and ended must have the same length.", nameof(ended));
        }
        var causes = new int[ended.Length];
        for (var i = 0; i < causes.Length; i++)
        {
            causes[i] = ended[i] ? 1 : 0;
        }
        return Estimate(days, causes, 1);
    }

    /// <summary>
    /// The q-quantiles of the curve <see cref="Estimate(ReadOnlySpan{double}, ReadOnlySpan{int}, int)"/> would give
    /// (<see cref="SurvivalCurve.Quantile"/> of each q), without building it: two radix-sorted key arrays and one
    /// pass, no step per distinct time. For a dashboard that shows medians and p90s, not curves.
    /// </summary>
    /// <param name="causes">0 for a stay still running, any other value for one that ended.</param>
    /// <returns>The curve's counts and the quantiles in the order of <paramref name="qs"/>, null where the curve never falls that low.</returns>
    public static SurvivalSummary Quantiles(ReadOnlySpan<double> days, ReadOnlySpan<int> causes, ReadOnlySpan<double> qs)
    {
        var (ends, censorings) = SortedKeys(days, causes, out _);
        return QuantilesOfSorted(ends, censorings, qs);
    }

    /// <summary>The stays as sorted keys: the ended ones and the censored ones apart, each length's bits (negative lengths as 0).</summary>
    /// <param name="negativeEnded">Whether some ended stay was negative, so the ended keys are not the ended lengths themselves.</param>
    internal static (ulong[] Ends, ulong[] Censorings) SortedKeys(ReadOnlySpan<double> days, ReadOnlySpan<int> causes, out bool negativeEnded)
    {
        if (days.Length != causes.Length)
        {
            throw new ArgumentException("days and causes must have the same length.", nameof(causes));
        }
        var endedCount = days.Length - causes.Count(0);
        var (ends, censorings) = (new ulong[endedCount], new ulong[days.Length - endedCount]);
        var (e, c) = (0, 0);
        negativeEnded = false;
        for (var i = 0; i < days.Length; i++)
        {
            // A non-negative double's bits order as the double does; negative lengths count as 0, as in Estimate.
            var key = days[i] > 0 ? (ulong)BitConverter.DoubleToInt64Bits(days[i]) : 0UL;
            if (causes[i] != 0)
            {
                negativeEnded |= days[i] < 0;
                ends[e++] = key;
            }
            else
            {
                censorings[c++] = key;
            }
        }
        RadixSort.Sort(ends);
        RadixSort.Sort(censorings);
        return (ends, censorings);
    }

    /// <summary>The quantiles of the curve over sorted keys (<see cref="SortedKeys"/>).</summary>
    internal static SurvivalSummary QuantilesOfSorted(ulong[] ends, ulong[] censorings, ReadOnlySpan<double> qs)
    {
        var answers = new double?[qs.Length];
        var open = qs.Length;
        long atRisk = ends.Length + censorings.Length;
        var survival = 1.0;
        var (e, c) = (0, 0);
        // The same product, in the same order of operations, as Estimate's loop: equal times first grouped, then S updated.
        while (open > 0 && (e < ends.Length || c < censorings.Length))
        {
            var t = e < ends.Length && (c == censorings.Length || ends[e] <= censorings[c]) ? ends[e] : censorings[c];
            long endedHere = 0, censoredHere = 0;
            for (; e < ends.Length && ends[e] == t; e++)
            {
                endedHere++;
            }
            for (; c < censorings.Length && censorings[c] == t; c++)
            {
                censoredHere++;
            }
            if (endedHere > 0)
            {
                survival *= 1 - (double)endedHere / atRisk;
                for (var k = 0; k < qs.Length; k++)
                {
                    if (answers[k] is null && survival <= 1 - qs[k] + 1e-9)
                    {
                        answers[k] = BitConverter.Int64BitsToDouble((long)t);
                        open--;
                    }
                }
            }
            atRisk -= endedHere + censoredHere;
        }
        return new SurvivalSummary(ends.Length + censorings.Length, ends.Length, answers);
    }

    /// <summary>
    /// The curve when a stay can end in several ways (competing outcomes): <paramref name="causes"/> holds
    /// 0 for a stay still running and 1..<paramref name="causeCount"/> for how it ended. S(t) counts any
    /// end; each step also carries the Aalen–Johansen cumulative incidence of every cause.
    /// </summary>
    public static SurvivalCurve Estimate(ReadOnlySpan<double> days, ReadOnlySpan<int> causes, int causeCount)
    {
        if (days.Length != causes.Length)
        {
            throw new ArgumentException("days and causes must have the same length.", nameof(causes));
        }
        if (days.Length == 0)
        {
            return SurvivalCurve.Empty;
        }
        var times = new double[days.Length];
        var ends = new int[days.Length];
        for (var i = 0; i < times.Length; i++)
        {
            if (causes[i] < 0 || causes[i] > causeCount)
            {
                throw new ArgumentOutOfRangeException(nameof(causes), $"cause {causes[i]} is outside 0..{causeCount}.");
            }
            (times[i], ends[i]) = (Math.Max(0, days[i]), causes[i]);
        }
        // Keys and items sorted as two arrays: the primitive sort is several times faster than a comparer over pairs.
        Array.Sort(times, ends);
        var steps = new List<SurvivalStep>();
        long atRisk = times.Length;
        long totalEnded = 0;
        var survival = 1.0;
        var incidence = new double[causeCount];
        var endedBy = new long[causeCount];
        for (var i = 0; i < times.Length;)
        {
            var t = times[i];
            long endedHere = 0, censoredHere = 0;
            Array.Clear(endedBy);
            for (; i < times.Length && times[i] == t; i++)
            {
                if (ends[i] > 0)
                {
                    endedHere++;
                    endedBy[ends[i] - 1]++;
                }
                else
                {
                    censoredHere++;
                }
            }
            if (endedHere > 0)
            {
                // Aalen–Johansen: still in just before t, times the share ending this way at t.
                for (var c = 0; c < causeCount; c++)
                {
                    incidence[c] += survival * endedBy[c] / atRisk;
                }
                survival *= 1 - (double)endedHere / atRisk;
            }
            steps.Add(new SurvivalStep(t, atRisk, endedHere, censoredHere, survival) { Incidence = [.. incidence] });
            atRisk -= endedHere + censoredHere;
            totalEnded += endedHere;
        }
        return new SurvivalCurve(steps, times.Length, totalEnded, times.Length - totalEnded);
    }
}
