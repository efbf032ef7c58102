namespace Loudou.Core.Analytics;

/// <summary>What one stage's improvement would bring: its conversion raised by some points, everything else equal.</summary>
/// <param name="Conversion">The stage's exit-based conversion now: advanced ÷ (advanced + lost).</param>
/// <param name="NewConversion">Raised by the points, capped at 1.</param>
/// <param name="ExtraWon">Expected extra won deals: entered × (new − now) × the product of the later stages' conversions.</param>
/// <param name="ExtraWonAmount">Extra won deals × the mean known amount of a won deal; null when no won deal has an amount.</param>
public sealed record WhatIfRow(string Stage, string Name, long Entered, double? Conversion, double? NewConversion, double ExtraWon, decimal? ExtraWonAmount);

/// <summary>The what-if of docs/metrics.md: for each Open stage, the extra won deals and amount; rows ranked, largest first.</summary>
public sealed record WhatIfReport(string Pipeline, DateTimeOffset AsOf, double Points, long Won, decimal WonAmount, decimal? MeanWonAmount, IReadOnlyList<WhatIfRow> Rows);

/// <summary>Which stage's improvement yields the most won revenue (the monthly review's what-if).</summary>
/// <remarks>
/// A deterministic projection on the funnel's own rates, not a forecast: it assumes the later stages
/// keep converting as they do and the extra deals are worth what a won deal is worth on average.
/// Conversions are exit-based so that deals still open do not pull the later rates down.
/// </remarks>
public static class WhatIf
{
    public const double DefaultPoints = 5;

    /// <summary>The what-if over the deals the query selects.</summary>
    public static WhatIfReport Compute(FunnelSnapshot snapshot, FunnelQuery query, DateTimeOffset now, double points = DefaultPoints)
    {
        FunnelQueryChecks.Points(points);
        return Compute(FunnelEngine.Compute(snapshot, query with { By = null }, now), points);
    }

    /// <summary>The same what-if over the columnar snapshot a host keeps.</summary>
    public static WhatIfReport Compute(ColumnarSnapshot snapshot, FunnelQuery query, DateTimeOffset now, double points = DefaultPoints, int threads = 0)
    {
        FunnelQueryChecks.Points(points);
        return Compute(FunnelEngine.Compute(snapshot, query with { By = null }, now, threads), points);
    }

    private static WhatIfReport Compute(FunnelReport report, double points)
    {
        var total = report.Total;
        decimal? mean = total.WonWithAmount == 0 ? null : total.WonAmount / total.WonWithAmount;
        return new WhatIfReport(report.Pipeline, report.AsOf, points, total.Won, total.WonAmount, mean, Rows(total.Stages, points, mean));
    }

    /// <summary>The rows for given funnel rows (Open stages, then Won), ranked by extra won deals, then in stage order.</summary>
    public static IReadOnlyList<WhatIfRow> Rows(IReadOnlyList<FunnelStageRow> stages, double points, decimal? meanWonAmount)
    {
        FunnelQueryChecks.Points(points);
        var open = stages.Where(s => s.Advanced is not null).ToList();
        var conversions = open.Select(s => s.Advanced + s.Lost is > 0 ? (double)s.Advanced!.Value / (s.Advanced.Value + s.Lost!.Value) : (double?)null).ToList();
        var rows = new List<WhatIfRow>(open.Count);
        for (var k = 0; k < open.Count; k++)
        {
            if (conversions[k] is not { } now)
            {
                rows.Add(new WhatIfRow(open[k].Stage, open[k].Name, open[k].Entered, null, null, 0, meanWonAmount is null ? null : 0));
                continue;
            }
            var raised = Math.Min(1, now + points / 100);
            // A later stage with no exits yet passes nobody on: its rate is unknown, so the gain is 0, not a guess.
            var downstream = conversions.Skip(k + 1).Aggregate(1.0, (product, c) => product * (c ?? 0));
            var extra = open[k].Entered * (raised - now) * downstream;
            rows.Add(new WhatIfRow(open[k].Stage, open[k].Name, open[k].Entered, now, raised, extra, meanWonAmount * (decimal)extra));
        }
        return [.. rows.Select((r, i) => (r, i)).OrderByDescending(x => x.r.ExtraWon).ThenBy(x => x.i).Select(x => x.r)];
    }
}
