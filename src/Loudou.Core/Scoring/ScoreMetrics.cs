namespace Loudou.Core.Scoring;

/// <summary>One bin of a calibration table: the mean predicted probability of its rows, the share of them won, and how many.</summary>
public sealed record CalibrationBin(double Predicted, double Observed, int N);

/// <summary>The quality figures of a scoring model's predictions against outcomes (docs/metrics.md, "Scoring quality").</summary>
/// <remarks>
/// Pure functions over arrays: the report, the tests and the benchmark compute them the same way. A label is true for a
/// won deal. Scores and outcomes are arrays of the same length.
/// </remarks>
public static class ScoreMetrics
{
    /// <summary>The area under the ROC curve: the chance that a won row scores above a lost one, ties counting one half.</summary>
    /// <returns>Null when either outcome is missing, since the figure is then undefined.</returns>
    /// <remarks>By ranks (Mann–Whitney U): rows sorted by score, tied scores sharing their mean rank; O(n log n).</remarks>
    public static double? Auc(ReadOnlySpan<double> scores, ReadOnlySpan<bool> won)
    {
        CheckLengths(scores.Length, won.Length);
        var order = new int[scores.Length];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }
        var keys = scores.ToArray();
        Array.Sort(keys, order);
        double rankSum = 0;
        long positives = 0;
        for (var start = 0; start < order.Length;)
        {
            var end = start;
            while (end + 1 < order.Length && keys[end + 1] == keys[start])
            {
                end++;
            }
            // Ranks are 1-based; a run of ties from start to end shares the mean of its ranks.
            var meanRank = (start + end) / 2.0 + 1;
            for (var k = start; k <= end; k++)
            {
                if (won[order[k]])
                {
                    rankSum += meanRank;
                    positives++;
                }
            }
            start = end + 1;
        }
        long negatives = scores.Length - positives;
        if (positives == 0 || negatives == 0)
        {
            return null;
        }
        return (rankSum - positives * (positives + 1) / 2.0) / ((double)positives * negatives);
    }

    /// <summary>The Brier score: the mean squared difference between the predicted probability and the outcome (1 won, 0 lost).</summary>
    /// <returns>Null for no rows.</returns>
    public static double? Brier(ReadOnlySpan<double> probabilities, ReadOnlySpan<bool> won)
    {
        CheckLengths(probabilities.Length, won.Length);
        if (probabilities.Length == 0)
        {
            return null;
        }
        double sum = 0;
        for (var i = 0; i < probabilities.Length; i++)
        {
            var error = probabilities[i] - (won[i] ? 1 : 0);
            sum += error * error;
        }
        return sum / probabilities.Length;
    }

    /// <summary>The calibration table: rows grouped by predicted probability in equal-width bins [0, 0.1), [0.1, 0.2) … [0.9, 1].</summary>
    /// <returns>Every bin, empty ones included with 0 rows and NaN-free zeros, so that tables of two models line up.</returns>
    public static IReadOnlyList<CalibrationBin> Calibration(ReadOnlySpan<double> probabilities, ReadOnlySpan<bool> won, int bins = 10)
    {
        CheckLengths(probabilities.Length, won.Length);
        if (bins < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(bins), bins, "at least one bin.");
        }
        var sums = new double[bins];
        var wins = new int[bins];
        var counts = new int[bins];
        for (var i = 0; i < probabilities.Length; i++)
        {
            // A probability of exactly 1 belongs to the last bin, which is closed on the right.
            var bin = Math.Clamp((int)(probabilities[i] * bins), 0, bins - 1);
            sums[bin] += probabilities[i];
            counts[bin]++;
            wins[bin] += won[i] ? 1 : 0;
        }
        var table = new CalibrationBin[bins];
        for (var b = 0; b < bins; b++)
        {
            table[b] = counts[b] == 0 ? new CalibrationBin(0, 0, 0) : new CalibrationBin(sums[b] / counts[b], (double)wins[b] / counts[b], counts[b]);
        }
        return table;
    }

    /// <summary>Lift at a top fraction: the win rate among the best-scored rows divided by the win rate of all rows.</summary>
    /// <param name="fraction">The share taken from the top, such as 0.1; the count is rounded up to whole rows.</param>
    /// <returns>Null when there are no rows or none won.</returns>
    /// <remarks>Rows tied with the last one taken count in proportion, so that the figure does not depend on the order of ties.</remarks>
    public static double? Lift(ReadOnlySpan<double> scores, ReadOnlySpan<bool> won, double fraction)
    {
        CheckLengths(scores.Length, won.Length);
        if (fraction is <= 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "a share in (0, 1].");
        }
        var total = 0;
        foreach (var w in won)
        {
            total += w ? 1 : 0;
        }
        if (scores.Length == 0 || total == 0)
        {
            return null;
        }
        var take = (int)Math.Ceiling(fraction * scores.Length);
        var sorted = scores.ToArray();
        Array.Sort(sorted);
        var threshold = sorted[scores.Length - take];
        // Rows above the threshold are all in; the rows at it fill the remaining places in proportion.
        int above = 0, aboveWon = 0, at = 0, atWon = 0;
        for (var i = 0; i < scores.Length; i++)
        {
            if (scores[i] > threshold)
            {
                above++;
                aboveWon += won[i] ? 1 : 0;
            }
            else if (scores[i] == threshold)
            {
                at++;
                atWon += won[i] ? 1 : 0;
            }
        }
        var topWon = aboveWon + (double)(take - above) * atWon / at;
        return topWon / take / ((double)total / scores.Length);
    }

    private static void CheckLengths(int scores, int labels)
    {
        if (scores != labels)
        {
            throw new ArgumentException($"{scores} scores but {labels} outcomes.");
        }
    }
}
