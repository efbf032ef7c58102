using System.Globalization;
using Loudou.Core.Pipelines;

namespace Loudou.Core.Analytics;

/// <summary>The columnar path's per-deal facts and drill-down: the same definitions as the plain path's, read from columns.</summary>
public static partial class FunnelEngine
{
    /// <summary>Every selected deal's facts, as <see cref="Facts(FunnelSnapshot, FunnelQuery, DateTimeOffset)"/> makes them, from columns.</summary>
    internal static FunnelFacts Facts(ColumnarSnapshot snapshot, FunnelQuery query, DateTimeOffset now, int threads = 0)
    {
        var plan = new ColumnarPlan(snapshot, query, now, Threads(threads));
        var rows = snapshot.Rows;
        var selected = new List<int>();
        for (var d = 0; d < snapshot.Slots; d++)
        {
            if (plan.Outcome[d] != ColumnarSnapshot.Excluded && plan.Selected(d))
            {
                selected.Add(d);
            }
        }
        var views = new FactView[selected.Count];
        ColumnarSnapshot.Chunks(selected.Count, plan.Threads, (from, to) =>
        {
            Span<bool> entered = stackalloc bool[rows.Count];
            for (var i = from; i < to; i++)
            {
                views[i] = View(plan, i, selected[i], entered);
            }
        });
        var blank = (IReadOnlyList<string>)[""];
        IReadOnlyList<string> Values(FactView view, string dimension)
        {
            var d = selected[view.Index];
            if (dimension == "cohort")
            {
                var day = plan.CohortDays[d];
                return day == ColumnarSnapshot.UnknownDay ? [] : [DateOnly.FromDayNumber(day).ToString("yyyy-MM", CultureInfo.InvariantCulture)];
            }
            if (snapshot.ColumnOf(dimension) is not { } column)
            {
                return blank;
            }
            var single = 0;
            var codes = column.CodesOf(d, ref single);
            var values = new string[codes.Length];
            for (var c = 0; c < codes.Length; c++)
            {
                values[c] = column.Value(codes[c]);
            }
            return values;
        }
        return new FunnelFacts(snapshot.Pipeline.Key, snapshot.Calendar, plan.AsOf, rows, views, Values)
        {
            Targets = snapshot.Targets,
            Work = view => snapshot.WorkOf(selected[view.Index]),
        };
    }

    /// <summary>The ids of the deals behind one cell, as <see cref="DealIds(FunnelSnapshot, FunnelQuery, DateTimeOffset, string, FunnelMeasure, string?)"/> finds them, in snapshot order.</summary>
    /// <param name="lossReason">Keep only the deals whose loss reason is this ("" : none recorded), as <see cref="LossPareto"/> counts them; null keeps all.</param>
    public static IReadOnlyList<long> DealIds(
        ColumnarSnapshot snapshot, FunnelQuery query, DateTimeOffset now, string stage, FunnelMeasure measure, string? group = null, int threads = 0, string? lossReason = null)
    {
        var plan = new ColumnarPlan(snapshot, query, now, Threads(threads));
        var row = snapshot.Rows.FindIndex(s => s.Key == stage);
        if (row < 0)
        {
            Guard.Throw("stage", $"stage '{stage}' is not a row of pipeline '{snapshot.Pipeline.Key}'; rows: {string.Join(", ", snapshot.Rows.Select(s => s.Key))}.");
        }
        var reasons = snapshot.LossReasons;
        var reason = lossReason is null ? -1 : lossReason.Length == 0 ? DimensionColumn.Blank : reasons.CodeOf(lossReason) ?? -2;
        if (reason == -2)
        {
            return [];
        }
        var entered = new bool[snapshot.Rows.Count];
        return Matching(plan, group, d =>
        {
            if (reason >= 0 && (reasons.Codes is { } codes ? codes[d] : DimensionColumn.Blank) != reason)
            {
                return false;
            }
            Entered(plan, d, entered);
            return Counts(plan, d, entered, row, measure);
        });
    }

    /// <summary>The ids of the deals behind a total (docs/metrics.md "Totals"): every deal, or those whose outcome is <paramref name="outcome"/>, in snapshot order.</summary>
    /// <remarks>A total is not a stage row's figure: a deal won and re-opened entered the Won row but counts open here, as <c>won</c> counts it.</remarks>
    public static IReadOnlyList<long> TotalDealIds(ColumnarSnapshot snapshot, FunnelQuery query, DateTimeOffset now, StageKind? outcome, string? group = null, int threads = 0)
    {
        var plan = new ColumnarPlan(snapshot, query, now, Threads(threads));
        return Matching(plan, group, d => outcome is null || (StageKind)plan.Outcome[d] == outcome);
    }

    /// <summary>The ids of the selected deals of a group (all groups when null) that pass <paramref name="counts"/>.</summary>
    private static List<long> Matching(ColumnarPlan plan, string? group, Func<int, bool> counts)
    {
        var snapshot = plan.Snapshot;
        var groupCode = -1;
        if (group is not null && plan.Query.By is not null)
        {
            groupCode = Enumerable.Range(0, plan.GroupCount).FirstOrDefault(g => plan.GroupKey(g) == group, -2);
            if (groupCode == -2)
            {
                return [];
            }
        }
        var ids = new List<long>();
        for (var d = 0; d < snapshot.Slots; d++)
        {
            if (plan.Outcome[d] == ColumnarSnapshot.Excluded || !plan.Selected(d))
            {
                continue;
            }
            if (groupCode >= 0)
            {
                var single = 0;
                if (!plan.GroupsOf(d, ref single).Contains(groupCode))
                {
                    continue;
                }
            }
            if (counts(d))
            {
                ids.Add(snapshot.DealIds[d]);
            }
        }
        return ids;
    }

    /// <summary>Whether a deal counts in a row's measure: the columnar form of the plain path's one definition.</summary>
    private static bool Counts(ColumnarPlan plan, int d, ReadOnlySpan<bool> entered, int row, FunnelMeasure measure)
    {
        var outcome = (StageKind)plan.Outcome[d];
        var furthest = plan.Furthest[d];
        // The Won row shows only who entered it, as on the plain path.
        return entered[row] && (measure == FunnelMeasure.Entered || plan.Snapshot.Rows[row].Kind != StageKind.Won) && measure switch
        {
            FunnelMeasure.Entered => true,
            FunnelMeasure.Advanced => furthest > row,
            FunnelMeasure.Lost => outcome == StageKind.Lost && furthest == row,
            FunnelMeasure.Open => outcome == StageKind.Open && furthest == row,
            _ => false,
        };
    }

    private static FactView View(ColumnarPlan plan, int index, int d, Span<bool> entered)
    {
        var snapshot = plan.Snapshot;
        var rows = snapshot.Rows;
        var n = rows.Count;
        Entered(plan, d, entered);
        var outcome = (StageKind)plan.Outcome[d];
        var furthest = plan.Furthest[d];
        var start = snapshot.EventStart[d];
        var end = start + plan.Visible[d];
        var (open, lost, exits) = (new bool[n], new bool[n], new StageExit?[n]);
        for (var r = 0; r < n; r++)
        {
            open[r] = Counts(plan, d, entered, r, FunnelMeasure.Open);
            lost[r] = Counts(plan, d, entered, r, FunnelMeasure.Lost);
            if (rows[r].Kind != StageKind.Open || !entered[r])
            {
                continue;
            }
            // Advanced at its first row beyond the stage that is not a loss; lost there at its last row.
            if (furthest > r)
            {
                for (var e = start; e < end; e++)
                {
                    if (snapshot.RowOf[plan.Stages[e] & ColumnarSnapshot.StageMask] > r)
                    {
                        exits[r] = Moment(snapshot.EventTicks[e]) is { } at ? new StageExit(at, true) : null;
                        break;
                    }
                }
            }
            else if (lost[r] && Moment(snapshot.EventTicks[end - 1]) is { } lostAt)
            {
                exits[r] = new StageExit(lostAt, false);
            }
        }
        var (days, ended, began) = (new double?[n], new bool[n], new DateTimeOffset?[n]);
        var asOf = plan.AsOf.UtcTicks;
        for (var e = start; e < end; e++)
        {
            var row = snapshot.RowOf[plan.Stages[e] & ColumnarSnapshot.StageMask];
            if ((plan.Stages[e] & ColumnarSnapshot.CountedStay) == 0 || row < 0)
            {
                continue;
            }
            var last = e == end - 1;
            days[row] = TimeSpan.FromTicks((last ? asOf : snapshot.EventTicks[e + 1]) - snapshot.EventTicks[e]).TotalDays;
            ended[row] = !last;
            began[row] = Moment(snapshot.EventTicks[e]);
        }
        var reason = snapshot.LossReasons.Codes is { } codes ? codes[d] : DimensionColumn.Blank;
        return new FactView(
            index,
            snapshot.DealIds[d],
            snapshot.HasAmount[d] ? snapshot.Amounts[d] : null,
            reason == DimensionColumn.Blank ? null : snapshot.LossReasons.Value(reason),
            outcome,
            open,
            lost,
            exits,
            days,
            ended)
        {
            StayFrom = began,
            ClosedAt = outcome != StageKind.Open ? Moment(snapshot.EventTicks[end - 1]) : null,
        };
    }

    private static DateTimeOffset? Moment(long ticks) => ticks == ColumnarSnapshot.UnknownTime ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
}
