using System.Runtime.InteropServices;
using Loudou.Core.Pipelines;

namespace Loudou.Core.Analytics;

/// <summary>The funnel engine over a <see cref="ColumnarSnapshot"/>: the same answers as over a <see cref="FunnelSnapshot"/>, from columns.</summary>
/// <remarks>
/// <see cref="Compute(ColumnarSnapshot, FunnelQuery, DateTimeOffset, int)"/> gives the whole report. A dashboard that redraws on
/// every filter change asks for less: <see cref="Count"/> (the counts of every row and group) and
/// <see cref="NaiveTimeInStage"/> / <see cref="TimeInStage"/> (one stage's time without the rest), each a
/// parallel pass over the columns. <c>threads</c> caps the parallelism (the host's cores by default).
/// </remarks>
public static partial class FunnelEngine
{
    public static FunnelReport Compute(ColumnarSnapshot snapshot, FunnelQuery query, DateTimeOffset now, int threads = 0)
    {
        var plan = new ColumnarPlan(snapshot, query, now, Threads(threads));
        var rows = snapshot.Rows;
        // Each thread fills parts of its own for its range of deals; they are joined afterwards.
        var grouped = query.By is not null;
        var disjoint = grouped && plan.HasDisjointGroups;
        // Per thread: the total, or with disjoint groups the deals in no group (the total is then joined from the groups).
        var partials = new List<(FigureParts TotalOrNone, FigureParts?[] Groups)>();
        ColumnarSnapshot.Chunks(snapshot.Slots, plan.Threads, (from, to) =>
        {
            var total = new FigureParts(rows.Count);
            // Without a breakdown there are no groups to fill (the plan's one group is everyone: the total).
            var groups = new FigureParts?[grouped ? plan.GroupCount : 0];
            Span<bool> entered = stackalloc bool[rows.Count];
            for (var d = from; d < to; d++)
            {
                if (plan.Outcome[d] == ColumnarSnapshot.Excluded || !plan.Selected(d))
                {
                    continue;
                }
                Entered(plan, d, entered);
                var single = 0;
                var codes = grouped ? plan.GroupsOf(d, ref single) : [];
                if (!disjoint || codes.IsEmpty)
                {
                    AddDeal(plan, d, entered, total, query.Times);
                }
                foreach (var g in codes)
                {
                    AddDeal(plan, d, entered, groups[g] ??= new FigureParts(rows.Count), query.Times);
                }
            }
            lock (partials)
            {
                partials.Add((total, groups));
            }
        });
        var byCode = Enumerable.Range(0, grouped ? plan.GroupCount : 0).Select(g =>
        {
            var parts = partials.Select(p => p.Groups[g]).OfType<FigureParts>().ToList();
            return parts.Count switch
            {
                0 => null,
                1 => parts[0],
                _ => FigureParts.Join(parts, rows.Count),
            };
        }).ToList();
        // Every deal is in one disjoint group at most, so the total is the groups joined: each deal counted once, not twice.
        IReadOnlyList<FigureParts> totals = [.. partials.Select(p => p.TotalOrNone), .. disjoint ? byCode.OfType<FigureParts>() : []];
        var joined = totals.Count == 1 ? totals[0] : FigureParts.Join(totals, rows.Count);
        // The times (a sort per stage and group) are most of the cost: computed in parallel, then assembled.
        var lists = query.Times ? byCode.OfType<FigureParts>().Prepend(joined).SelectMany(p => p.StayLists).ToList() : [];
        Parallel.ForEach(lists, new ParallelOptions { MaxDegreeOfParallelism = plan.Threads }, list => list.Durations(query.Curves));
        IReadOnlyList<FunnelGroup>? byGroup = !grouped ? null
            : [.. byCode.Select((parts, g) => (parts, Key: plan.GroupKey(g)))
                .Where(x => x.parts is not null)
                .OrderBy(x => x.Key, StringComparer.Ordinal)
                .Select(x => new FunnelGroup(x.Key, x.parts!.Assemble(rows, query)))];
        return FunnelTargets.Attach(new FunnelReport(snapshot.Pipeline.Key, plan.AsOf, joined.Assemble(rows, query), query.By, byGroup) { MinN = query.MinN },
            snapshot.Targets, rows, query, snapshot.Calendar);
    }

    /// <summary>The counts of every row, in total and per group of <see cref="FunnelQuery.By"/>: the report without rates or times.</summary>
    public static FunnelCounts Count(ColumnarSnapshot snapshot, FunnelQuery query, DateTimeOffset now, int threads = 0)
    {
        var plan = new ColumnarPlan(snapshot, query, now, Threads(threads));
        if (query.Strict)
        {
            return StrictCount(plan);
        }
        var rowCount = snapshot.Rows.Count;
        var groupCount = plan.GroupCount + 1;
        // Cumulative counts depend only on (furthest row, outcome), so one pass fills a histogram of those per
        // group (the total is the last group) and every measure is a sum over it afterwards.
        var width = rowCount * 3;
        var histogram = new long[groupCount * width];
        var sync = new Lock();
        ColumnarSnapshot.Chunks(snapshot.Slots, plan.Threads, (from, to) =>
        {
            var local = new long[histogram.Length];
            var totalAt = plan.GroupCount * width;
            for (var d = from; d < to; d++)
            {
                var outcome = plan.Outcome[d];
                if (outcome == ColumnarSnapshot.Excluded || !plan.Selected(d))
                {
                    continue;
                }
                var cell = (plan.Furthest[d] * 3) + outcome;
                local[totalAt + cell]++;
                var single = 0;
                foreach (var g in plan.GroupsOf(d, ref single))
                {
                    local[(g * width) + cell]++;
                }
            }
            lock (sync)
            {
                for (var i = 0; i < local.Length; i++)
                {
                    histogram[i] += local[i];
                }
            }
        });
        var won = snapshot.Rows.Select(s => s.Kind == StageKind.Won).ToArray();
        FunnelCountRow Row(int g, string key)
        {
            var h = histogram.AsSpan(g * width, width);
            long[] entered = new long[rowCount], advanced = new long[rowCount], lost = new long[rowCount], open = new long[rowCount];
            long deals = 0, wonDeals = 0, lostDeals = 0;
            for (var f = 0; f < rowCount; f++)
            {
                var reached = h[f * 3] + h[(f * 3) + 1] + h[(f * 3) + 2];
                deals += reached;
                wonDeals += h[(f * 3) + (int)StageKind.Won];
                lostDeals += h[(f * 3) + (int)StageKind.Lost];
                for (var r = 0; r <= f; r++)
                {
                    entered[r] += reached;
                    if (!won[r] && r < f)
                    {
                        advanced[r] += reached;
                    }
                }
                if (!won[f])
                {
                    lost[f] += h[(f * 3) + (int)StageKind.Lost];
                    open[f] += h[(f * 3) + (int)StageKind.Open];
                }
            }
            return new FunnelCountRow(key, deals, wonDeals, lostDeals, entered, advanced, lost, open);
        }
        var groups = query.By is null ? null
            : Enumerable.Range(0, plan.GroupCount)
                .Where(g => histogram.AsSpan(g * width, width).ContainsAnyExcept(0))
                .Select(g => Row(g, plan.GroupKey(g)))
                .OrderBy(r => r.Key, StringComparer.Ordinal)
                .ToList();
        return new FunnelCounts(plan.AsOf, [.. snapshot.Rows.Select(s => s.Key)], Row(plan.GroupCount, ""), groups);
    }

    /// <summary>Naive median and p90 of the ended stays in each Open stage (Won has no stay): one pass, then radix buckets, not a sort.</summary>
    public static IReadOnlyList<StayQuantiles> NaiveTimeInStage(ColumnarSnapshot snapshot, FunnelQuery query, DateTimeOffset now, int threads = 0) =>
        PerOpenStage(snapshot, query, now, threads, endedOnly: true, (stage, days, _) =>
        {
            var quantiles = new double?[2];
            Quantile.Continuous(days, [0.5, 0.9], quantiles);
            return new StayQuantiles(stage, days.Length, quantiles[0], quantiles[1]);
        });

    /// <summary>The Kaplan–Meier curve of time in each Open stage (stays still running censored at the as-of moment).</summary>
    public static IReadOnlyList<(string Stage, SurvivalCurve Curve)> TimeInStage(ColumnarSnapshot snapshot, FunnelQuery query, DateTimeOffset now, int threads = 0) =>
        PerOpenStage(snapshot, query, now, threads, endedOnly: false, (stage, days, causes) => (stage, KaplanMeier.Estimate(days, causes, 3)));

    /// <summary>The Kaplan–Meier median and p90 of time in each Open stage, as <see cref="TimeInStage"/>'s curves give them, without the curves.</summary>
    /// <remarks>What a dashboard shows; the curves cost a step per distinct stay length (millions at scale), these two sorts of keys and a pass.</remarks>
    public static IReadOnlyList<StayQuantiles> TimeInStageQuantiles(ColumnarSnapshot snapshot, FunnelQuery query, DateTimeOffset now, int threads = 0) =>
        PerOpenStage(snapshot, query, now, threads, endedOnly: false, (stage, days, causes) =>
        {
            var summary = KaplanMeier.Quantiles(days, causes, [0.5, 0.9]);
            return new StayQuantiles(stage, summary.Ended, summary.Quantiles[0], summary.Quantiles[1]);
        });

    /// <summary>One answer per Open stage from its counted stays (days, and causes unless <paramref name="endedOnly"/>), the stages in parallel.</summary>
    private static T[] PerOpenStage<T>(ColumnarSnapshot snapshot, FunnelQuery query, DateTimeOffset now, int threads, bool endedOnly, Func<string, double[], int[], T> answer)
    {
        var plan = new ColumnarPlan(snapshot, query with { By = null }, now, Threads(threads));
        var stays = Stays(plan, endedOnly);
        var open = OpenRows(snapshot);
        var answers = new T[open.Length];
        Parallel.For(0, open.Length, new ParallelOptions { MaxDegreeOfParallelism = plan.Threads }, i =>
            answers[i] = answer(snapshot.Rows[open[i]].Key, stays[open[i]].Days, stays[open[i]].Causes));
        return answers;
    }

    /// <summary>Counts of a strict funnel, where entering a row depends on the rows shown, not on the furthest alone: one plain pass.</summary>
    private static FunnelCounts StrictCount(ColumnarPlan plan)
    {
        var snapshot = plan.Snapshot;
        var rowCount = snapshot.Rows.Count;
        var total = new FigureParts(rowCount);
        var groups = new FigureParts?[plan.GroupCount];
        Span<bool> entered = stackalloc bool[rowCount];
        for (var d = 0; d < snapshot.Slots; d++)
        {
            if (plan.Outcome[d] == ColumnarSnapshot.Excluded || !plan.Selected(d))
            {
                continue;
            }
            Entered(plan, d, entered);
            AddDeal(plan, d, entered, total, times: false);
            var single = 0;
            foreach (var g in plan.GroupsOf(d, ref single))
            {
                AddDeal(plan, d, entered, groups[g] ??= new FigureParts(rowCount), times: false);
            }
        }
        static FunnelCountRow Row(FigureParts p, string key) => new(key, p.Deals, p.Won, p.LostDeals, p.Entered, p.Advanced, p.Lost, p.Open);
        var byGroup = plan.Query.By is null ? null
            : groups.Select((p, g) => (p, g)).Where(x => x.p is not null)
                .Select(x => Row(x.p!, plan.GroupKey(x.g))).OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
        return new FunnelCounts(plan.AsOf, [.. snapshot.Rows.Select(s => s.Key)], Row(total, ""), byGroup);
    }

    /// <summary>The funnel rows that have a time in stage: every row but Won.</summary>
    private static int[] OpenRows(ColumnarSnapshot snapshot) =>
        [.. Enumerable.Range(0, snapshot.Rows.Count).Where(r => snapshot.Rows[r].Kind != StageKind.Won)];

    private static int Threads(int threads) => threads > 0 ? threads : Environment.ProcessorCount;

    /// <summary>Per funnel row, the counted stays of the selected deals: days and causes, gathered per thread and joined.</summary>
    private static (double[] Days, int[] Causes)[] Stays(ColumnarPlan plan, bool endedOnly)
    {
        var snapshot = plan.Snapshot;
        var rowCount = snapshot.Rows.Count;
        var parts = new List<(List<double>[] Days, List<int>[] Causes)>();
        var asOf = plan.AsOf.UtcTicks;
        ColumnarSnapshot.Chunks(snapshot.Slots, plan.Threads, (from, to) =>
        {
            // A deal has at most one counted stay per stage, so a list per row the size of the range never grows.
            var days = Enumerable.Range(0, rowCount).Select(_ => new List<double>(to - from)).ToArray();
            var causes = Enumerable.Range(0, rowCount).Select(_ => new List<int>(endedOnly ? 0 : to - from)).ToArray();
            for (var d = from; d < to; d++)
            {
                if (plan.Outcome[d] == ColumnarSnapshot.Excluded || !plan.Selected(d))
                {
                    continue;
                }
                var start = snapshot.EventStart[d];
                // Ended stays only: the last visible row's stay is still running, so it is not looked at.
                var end = start + plan.Visible[d];
                for (var e = start; e < (endedOnly ? end - 1 : end); e++)
                {
                    if ((plan.Stages[e] & ColumnarSnapshot.CountedStay) != 0 && StayOf(plan, e, end, asOf) is var (row, length, cause))
                    {
                        days[row].Add(length);
                        if (!endedOnly)
                        {
                            causes[row].Add(cause);
                        }
                    }
                }
            }
            lock (parts)
            {
                parts.Add((days, causes));
            }
        });
        var joined = new (double[] Days, int[] Causes)[rowCount];
        for (var r = 0; r < rowCount; r++)
        {
            var size = parts.Sum(p => p.Days[r].Count);
            var (days, causes) = (GC.AllocateUninitializedArray<double>(size), endedOnly ? [] : GC.AllocateUninitializedArray<int>(size));
            var at = 0;
            foreach (var part in parts)
            {
                CollectionsMarshal.AsSpan(part.Days[r]).CopyTo(days.AsSpan(at));
                CollectionsMarshal.AsSpan(part.Causes[r]).CopyTo(causes.AsSpan(Math.Min(at, causes.Length)));
                at += part.Days[r].Count;
            }
            joined[r] = (days, causes);
        }
        return joined;
    }

    /// <summary>The stay a counted row starts: its funnel row (none for Lost and Won), its days, and how it ended (0 still running).</summary>
    private static (int Row, double Days, int Cause)? StayOf(ColumnarPlan plan, int e, int end, long asOf)
    {
        var snapshot = plan.Snapshot;
        var stage = plan.Stages[e] & ColumnarSnapshot.StageMask;
        var row = snapshot.RowOf[stage];
        if (row < 0 || snapshot.KindOf[stage] == StageKind.Won)
        {
            return null;
        }
        var from = snapshot.EventTicks[e];
        if (e == end - 1)
        {
            return (row, TimeSpan.FromTicks(asOf - from).TotalDays, 0);
        }
        var next = plan.Stages[e + 1] & ColumnarSnapshot.StageMask;
        var cause = snapshot.KindOf[next] == StageKind.Lost ? 2 : snapshot.Stages[next].Position > snapshot.Stages[stage].Position ? 1 : 3;
        return (row, TimeSpan.FromTicks(snapshot.EventTicks[e + 1] - from).TotalDays, cause);
    }

    /// <summary>Which rows a deal counts as entered: up to its furthest row, or (strict) the rows its history shows.</summary>
    private static void Entered(ColumnarPlan plan, int d, Span<bool> entered)
    {
        if (!plan.Query.Strict)
        {
            for (var r = 0; r < entered.Length; r++)
            {
                entered[r] = r <= plan.Furthest[d];
            }
            return;
        }
        entered.Clear();
        var snapshot = plan.Snapshot;
        var start = snapshot.EventStart[d];
        var anyRow = false;
        for (var e = start; e < start + plan.Visible[d]; e++)
        {
            var row = snapshot.RowOf[plan.Stages[e] & ColumnarSnapshot.StageMask];
            if (row >= 0)
            {
                entered[row] = anyRow = true;
            }
        }
        // A history of losses only counts in the first row, as a lead lost at once.
        entered[0] |= !anyRow;
    }

    /// <summary>Adds a selected deal to figure parts: its counts, and unless <paramref name="times"/> is false its stays and time to close.</summary>
    private static void AddDeal(ColumnarPlan plan, int d, ReadOnlySpan<bool> entered, FigureParts parts, bool times = true)
    {
        var snapshot = plan.Snapshot;
        var outcome = (StageKind)plan.Outcome[d];
        var furthest = plan.Furthest[d];
        decimal? amount = snapshot.HasAmount[d] ? snapshot.Amounts[d] : null;
        parts.AddDeal(outcome, amount);
        for (var r = 0; r < entered.Length; r++)
        {
            if (!entered[r])
            {
                continue;
            }
            parts.Entered[r]++;
            if (snapshot.Rows[r].Kind == StageKind.Won)
            {
                continue;
            }
            parts.Advanced[r] += furthest > r ? 1 : 0;
            parts.Lost[r] += outcome == StageKind.Lost && furthest == r ? 1 : 0;
            if (outcome == StageKind.Open && furthest == r)
            {
                parts.Open[r]++;
                parts.OpenAmount[r] += amount ?? 0;
            }
        }
        if (!times)
        {
            return;
        }
        var start = snapshot.EventStart[d];
        var end = start + plan.Visible[d];
        var asOf = plan.AsOf.UtcTicks;
        for (var e = start; e < end; e++)
        {
            if ((plan.Stages[e] & ColumnarSnapshot.CountedStay) != 0 && StayOf(plan, e, end, asOf) is var (row, days, cause))
            {
                parts.Stays[row].Add(days, cause);
            }
        }
        // Time to close: creation (else the first dated row) to the last row when Won or Lost; open deals censored.
        var begin = snapshot.CreatedTicks[d];
        for (var e = start; begin == ColumnarSnapshot.UnknownTime && e < end; e++)
        {
            begin = snapshot.EventTicks[e];
        }
        if (begin == ColumnarSnapshot.UnknownTime)
        {
            return;
        }
        if (outcome == StageKind.Open)
        {
            parts.ToClose.Add(TimeSpan.FromTicks(asOf - begin).TotalDays, 0);
        }
        else if (snapshot.EventTicks[end - 1] != ColumnarSnapshot.UnknownTime)
        {
            parts.ToClose.Add(TimeSpan.FromTicks(snapshot.EventTicks[end - 1] - begin).TotalDays, outcome == StageKind.Won ? 1 : 2);
        }
    }
}
