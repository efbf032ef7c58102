namespace Loudou.Core.Analytics;

/// <summary>How one group's step conversion at one stage stands against everyone's (docs/metrics.md, "Breakdowns").</summary>
/// <param name="Difference">The group's conversion − the whole's; null when either is null.</param>
/// <param name="PValue">Two-sided two-proportion test of the group against the rest (the deals not in it); null when either side has fewer than the minimum n.</param>
/// <param name="QValue">Benjamini–Hochberg over every tested cell of the breakdown.</param>
/// <param name="Significant">q ≤ 0.05.</param>
public sealed record GroupContrast(double? Difference, double? PValue, double? QValue, bool Significant);

/// <summary>Tells the cells of a breakdown (group × stage) that differ from the whole from those that may be noise: the heat map's colours.</summary>
/// <remarks>
/// The rest of a group is the whole minus the group, in counts: each deal counts once in the whole and
/// once in a group it belongs to, so the difference is exactly the deals outside it, for a deal with
/// several values (tags) too. The test is the rest against the group, not the whole, because the group
/// is part of the whole and the two are not independent samples.
/// </remarks>
public static class BreakdownContrast
{
    /// <summary>Per group key, per stage key of its Open rows: the contrast, tested when both sides reach the report's minimum n. Empty without a breakdown.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyDictionary<string, GroupContrast>> Of(FunnelReport report)
    {
        var minN = report.MinN;
        if (report.Groups is not { } groups)
        {
            return new Dictionary<string, IReadOnlyDictionary<string, GroupContrast>>();
        }
        var whole = report.Total.Stages.ToDictionary(s => s.Stage, StringComparer.Ordinal);
        var cells = new List<(string Group, string Stage, double? Difference, double? P)>();
        foreach (var group in groups)
        {
            foreach (var row in group.Figures.Stages)
            {
                if (row.Advanced is not { } advanced || !whole.TryGetValue(row.Stage, out var all) || all.Advanced is not { } allAdvanced)
                {
                    continue;
                }
                var (restAdvanced, restEntered) = (allAdvanced - advanced, all.Entered - row.Entered);
                double? difference = row.Conversion is { } c && all.Conversion is { } w ? c - w : null;
                double? p = row.Entered < minN || restEntered < minN ? null : ProportionTest.TwoSample(advanced, row.Entered, restAdvanced, restEntered).PTwoSided;
                cells.Add((group.Key, row.Stage, difference, p));
            }
        }
        var tested = cells.Where(c => c.P is not null).Select(c => c.P!.Value).ToArray();
        var q = BenjaminiHochberg.QValues(tested);
        var result = new Dictionary<string, IReadOnlyDictionary<string, GroupContrast>>(StringComparer.Ordinal);
        var t = 0;
        foreach (var cell in cells)
        {
            double? qValue = cell.P is null ? null : q[t++];
            if (!result.TryGetValue(cell.Group, out var stages))
            {
                result[cell.Group] = stages = new Dictionary<string, GroupContrast>(StringComparer.Ordinal);
            }
            ((Dictionary<string, GroupContrast>)stages)[cell.Stage] = new GroupContrast(cell.Difference, cell.P, qValue, qValue <= 0.05);
        }
        return result;
    }
}
