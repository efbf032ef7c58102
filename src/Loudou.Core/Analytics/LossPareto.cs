namespace Loudou.Core.Analytics;

/// <summary>One loss reason of a stage: how many deals it lost, its share of the stage's losses and the running share down the Pareto.</summary>
/// <param name="Reason">The loss reason's key; "" for losses recorded without a reason.</param>
public sealed record LossReasonShare(string Reason, long Count, double Share, double CumulativeShare);

/// <summary>The losses of one Open stage (the funnel's <c>lost</c>), by reason, most frequent first.</summary>
public sealed record StageLosses(string Stage, string Name, long Lost, IReadOnlyList<LossReasonShare> Reasons);

/// <summary>Loss reasons by stage, as <c>loudou losses</c> shows them.</summary>
public sealed record LossReport(string Pipeline, DateTimeOffset AsOf, IReadOnlyList<StageLosses> Stages);

/// <summary>Loss reasons per stage as a Pareto (docs/metrics.md, "Losses").</summary>
public static class LossPareto
{
    /// <summary>For each Open stage, the deals the funnel counts lost there, grouped by their loss reason.</summary>
    /// <remarks>Reasons are ordered by count, then by key; a blank reason is a group of its own, so the counts add up to the stage's lost.</remarks>
    public static LossReport Compute(FunnelSnapshot snapshot, FunnelQuery query, DateTimeOffset now) =>
        Compute(FunnelEngine.Facts(snapshot, query with { By = null }, now), query);

    /// <summary>The same Pareto over the columnar snapshot a host keeps.</summary>
    public static LossReport Compute(ColumnarSnapshot snapshot, FunnelQuery query, DateTimeOffset now, int threads = 0) =>
        Compute(FunnelEngine.Facts(snapshot, query with { By = null }, now, threads), query);

    private static LossReport Compute(FunnelFacts facts, FunnelQuery query)
    {
        var stages = new List<StageLosses>();
        for (var row = 0; row < facts.Rows.Count; row++)
        {
            var stage = facts.Rows[row];
            if (stage.Kind != Pipelines.StageKind.Open)
            {
                continue;
            }
            var lost = facts.Deals.Where(d => d.LostAt[row]).ToList();
            var cumulative = 0L;
            var reasons = lost.GroupBy(d => d.LossReason ?? "", StringComparer.Ordinal)
                .Select(g => (Reason: g.Key, Count: (long)g.Count()))
                .OrderByDescending(g => g.Count).ThenBy(g => g.Reason, StringComparer.Ordinal)
                .Select(g =>
                {
                    cumulative += g.Count;
                    return new LossReasonShare(g.Reason, g.Count, (double)g.Count / lost.Count, (double)cumulative / lost.Count);
                })
                .ToList();
            stages.Add(new StageLosses(stage.Key, stage.Name.For(query.Language), lost.Count, reasons));
        }
        return new LossReport(facts.Pipeline, facts.AsOf, stages);
    }
}
