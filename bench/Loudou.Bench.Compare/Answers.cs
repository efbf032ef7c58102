namespace Loudou.Bench.Compare;

/// <summary>The three reports' answers in one shape for both engines, so they can be compared cell by cell.</summary>
/// <param name="R1">Deals entered per (channel, stage 0..5).</param>
/// <param name="R2">Deals entered per (cohort month "yyyy-MM", stage 0..5).</param>
/// <param name="R3">Naive median and p90 days per stage over completed stays.</param>
public sealed record Answers(
    IReadOnlyDictionary<(string Key, int Stage), long>? R1,
    IReadOnlyDictionary<(string Key, int Stage), long>? R2,
    IReadOnlyDictionary<int, (double Median, double P90)>? R3)
{
    public const double Tolerance = 1e-9;

    /// <summary>Every difference between two answers: counts must match exactly, quantiles within <see cref="Tolerance"/>.</summary>
    public static IEnumerable<string> Differences(string what, Answers loudou, Answers duckdb)
    {
        foreach (var line in Counts($"{what} R1", loudou.R1, duckdb.R1).Concat(Counts($"{what} R2", loudou.R2, duckdb.R2)))
        {
            yield return line;
        }
        if (loudou.R3 is null || duckdb.R3 is null)
        {
            yield break;
        }
        foreach (var stage in loudou.R3.Keys.Union(duckdb.R3.Keys).Order())
        {
            if (!loudou.R3.TryGetValue(stage, out var a) || !duckdb.R3.TryGetValue(stage, out var b))
            {
                yield return $"{what} R3 stage {stage}: only one engine has it";
            }
            else if (Math.Abs(a.Median - b.Median) > Tolerance || Math.Abs(a.P90 - b.P90) > Tolerance)
            {
                yield return $"{what} R3 stage {stage}: loudou {a.Median:R}/{a.P90:R}, duckdb {b.Median:R}/{b.P90:R}";
            }
        }
    }

    /// <summary>The largest quantile difference between two R3 answers.</summary>
    public static double MaxQuantileGap(Answers a, Answers b) =>
        a.R3!.Keys.Intersect(b.R3!.Keys).Select(s => Math.Max(Math.Abs(a.R3[s].Median - b.R3[s].Median), Math.Abs(a.R3[s].P90 - b.R3[s].P90))).DefaultIfEmpty(0).Max();

    private static IEnumerable<string> Counts(string what, IReadOnlyDictionary<(string Key, int Stage), long>? a, IReadOnlyDictionary<(string Key, int Stage), long>? b)
    {
        if (a is null || b is null)
        {
            yield break;
        }
        foreach (var cell in a.Keys.Union(b.Keys).OrderBy(k => k.Key, StringComparer.Ordinal).ThenBy(k => k.Stage))
        {
            var (x, y) = (a.GetValueOrDefault(cell, -1), b.GetValueOrDefault(cell, -1));
            if (x != y)
            {
                yield return $"{what} {cell.Key} stage {cell.Stage}: loudou {x}, duckdb {y} (-1: missing)";
            }
        }
    }
}
