using Loudou.Core.Pipelines;
using Loudou.Core.Workspace;

namespace Loudou.Core.Analytics;

/// <summary>Which period a chosen period is compared with.</summary>
public enum CompareWith
{
    /// <summary>The period just before: the previous calendar month for a calendar month, else as many days just before.</summary>
    PreviousPeriod,

    /// <summary>The same dates a year earlier.</summary>
    PreviousYear,
}

/// <summary>A rate in two periods: advanced (or won) of exits (or closes) in each, the difference and its test.</summary>
/// <param name="Difference">Rate − other rate, in the chosen period's favour; null when either has no exits.</param>
/// <param name="PValue">Two-sided two-proportion test; null when either side has fewer than the minimum n.</param>
/// <param name="QValue">Benjamini–Hochberg over every comparison of the report.</param>
public sealed record RateComparison(long Successes, long N, double? Rate, long OtherSuccesses, long OtherN, double? OtherRate, double? Difference, double? PValue, double? QValue, bool Significant);

/// <summary>One set of figures compared: exit-based win rate overall, and exit-based conversion per Open stage (keyed by stage key).</summary>
public sealed record ComparedFigures(RateComparison WinRate, IReadOnlyDictionary<string, RateComparison> Stages);

/// <summary>The comparison of docs/metrics.md ("Period comparison"): the periods, the total and each group.</summary>
/// <param name="From">First local day of the chosen period.</param>
/// <param name="To">Last local day of the chosen period, inclusive.</param>
public sealed record FunnelComparison(CompareWith With, DateOnly From, DateOnly To, DateOnly OtherFrom, DateOnly OtherTo, ComparedFigures Total, IReadOnlyDictionary<string, ComparedFigures>? Groups);

/// <summary>Compares a period with the one before or a year earlier, on exit-based rates.</summary>
/// <remarks>
/// Exit-based, because a recent creation cohort has not finished: its step conversion is pulled down by
/// deals still open, and would show a drop that is only time. A deal counts in a period when it left
/// the stage (or closed, for the win rate) in it, whenever it was created; the query's creation range
/// is not applied.
/// </remarks>
public static class PeriodComparison
{
    public const double Alpha = 0.05;

    /// <summary>Compares the period [from, to] (default: the last full month before the as-of moment) with the other.</summary>
    /// <remarks>Over the plain snapshot: the reference the columnar path is tested against.</remarks>
    public static FunnelComparison Compute(FunnelSnapshot snapshot, FunnelQuery query, DateTimeOffset now, CompareWith with, DateOnly? from = null, DateOnly? to = null) =>
        Compute(FunnelEngine.Facts(snapshot, query with { From = null, To = null }, now), query, with, from, to);

    /// <summary>The same comparison over the columnar snapshot a host keeps.</summary>
    public static FunnelComparison Compute(ColumnarSnapshot snapshot, FunnelQuery query, DateTimeOffset now, CompareWith with, DateOnly? from = null, DateOnly? to = null, int threads = 0) =>
        Compute(FunnelEngine.Facts(snapshot, query with { From = null, To = null }, now, threads), query, with, from, to);

    private static FunnelComparison Compute(FunnelFacts facts, FunnelQuery query, CompareWith with, DateOnly? from, DateOnly? to)
    {
        var calendar = facts.Calendar;
        var (periodFrom, periodTo) = Period(calendar, facts.AsOf, from, to);
        var (otherFrom, otherTo) = Other(with, periodFrom, periodTo);
        var window = (calendar.StartOf(periodFrom), calendar.StartOf(periodTo.AddDays(1)));
        var otherWindow = (calendar.StartOf(otherFrom), calendar.StartOf(otherTo.AddDays(1)));
        var pending = new List<Pending>();
        var total = Figures(facts, facts.Deals, window, otherWindow, query.MinN, pending);
        Dictionary<string, ComparedFigures>? groups = null;
        if (query.By is { } by)
        {
            groups = facts.Deals.SelectMany(d => facts.Values(d, by).Select(v => (Key: v, Deal: d)))
                .GroupBy(x => x.Key, x => x.Deal, StringComparer.Ordinal)
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => Figures(facts, [.. g], window, otherWindow, query.MinN, pending), StringComparer.Ordinal);
        }
        // One correction over every comparison of the report; then each placeholder gets its q.
        var q = BenjaminiHochberg.QValues([.. pending.Select(p => p.PValue)]);
        var resolved = new Dictionary<RateComparison, double>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < pending.Count; i++)
        {
            resolved[pending[i].Id] = q[i];
        }
        ComparedFigures Resolve(ComparedFigures f) => new(Apply(f.WinRate), f.Stages.ToDictionary(s => s.Key, s => Apply(s.Value)));
        RateComparison Apply(RateComparison c) => c.PValue is null ? c : c with { QValue = resolved[c], Significant = resolved[c] <= Alpha };
        return new FunnelComparison(with, periodFrom, periodTo, otherFrom, otherTo, Resolve(total),
            groups?.ToDictionary(g => g.Key, g => Resolve(g.Value), StringComparer.Ordinal));
    }

    /// <summary>The chosen period: the given days, or the last calendar month that ended by the as-of moment.</summary>
    public static (DateOnly From, DateOnly To) Period(WorkspaceCalendar calendar, DateTimeOffset asOf, DateOnly? from, DateOnly? to)
    {
        if (from is { } f && to is { } t)
        {
            return (f, t);
        }
        if (from is not null || to is not null)
        {
            Guard.Throw("from", $"{new FieldName("compare")} needs both {new FieldName("from")} and {new FieldName("to")}, or neither (the last full month before the as-of moment).");
        }
        var month = calendar.MonthOf(asOf);
        // A month is full when its end is at or before the as-of moment (1 µs slack: an as-of date means its last stored moment).
        if (calendar.StartOf(month.AddMonths(1)) > asOf.AddTicks(TimeSpan.TicksPerMicrosecond))
        {
            month = month.AddMonths(-1);
        }
        return (month, month.AddMonths(1).AddDays(-1));
    }

    private static (DateOnly From, DateOnly To) Other(CompareWith with, DateOnly from, DateOnly to)
    {
        if (with == CompareWith.PreviousYear)
        {
            return (from.AddYears(-1), to.AddYears(-1));
        }
        var calendarMonth = from.Day == 1 && to == from.AddMonths(1).AddDays(-1);
        if (calendarMonth)
        {
            return (from.AddMonths(-1), from.AddDays(-1));
        }
        var days = to.DayNumber - from.DayNumber + 1;
        return (from.AddDays(-days), from.AddDays(-1));
    }

    private static ComparedFigures Figures(FunnelFacts facts, IReadOnlyList<FactView> deals, (DateTimeOffset, DateTimeOffset) window, (DateTimeOffset, DateTimeOffset) other, int minN, List<Pending> pending)
    {
        static (long Won, long N) Closes(IReadOnlyList<FactView> deals, (DateTimeOffset From, DateTimeOffset ToExcl) w)
        {
            var closed = deals.Where(d => d.ClosedAt is { } at && at >= w.From && at < w.ToExcl).ToList();
            return (closed.LongCount(d => d.Outcome == StageKind.Won), closed.Count);
        }
        static (long Advanced, long N) Exits(IReadOnlyList<FactView> deals, int row, (DateTimeOffset From, DateTimeOffset ToExcl) w)
        {
            var exits = deals.Where(d => d.Exits[row] is { } e && e.At >= w.From && e.At < w.ToExcl).ToList();
            return (exits.LongCount(d => d.Exits[row]!.Value.Advanced), exits.Count);
        }
        var stages = new Dictionary<string, RateComparison>(StringComparer.Ordinal);
        for (var row = 0; row < facts.Rows.Count; row++)
        {
            if (facts.Rows[row].Kind == StageKind.Open)
            {
                stages[facts.Rows[row].Key] = Compare(Exits(deals, row, window), Exits(deals, row, other), minN, pending);
            }
        }
        return new ComparedFigures(Compare(Closes(deals, window), Closes(deals, other), minN, pending), stages);
    }

    private static RateComparison Compare((long X, long N) a, (long X, long N) b, int minN, List<Pending> pending)
    {
        double? Rate((long X, long N) s) => s.N == 0 ? null : (double)s.X / s.N;
        var (rate, otherRate) = (Rate(a), Rate(b));
        double? p = a.N >= minN && b.N >= minN ? ProportionTest.TwoSample(a.X, a.N, b.X, b.N).PTwoSided : null;
        var comparison = new RateComparison(a.X, a.N, rate, b.X, b.N, otherRate, rate - otherRate, p, null, false);
        if (p is { } value)
        {
            pending.Add(new Pending(comparison, value));
        }
        return comparison;
    }

    /// <summary>A comparison waiting for its q-value, found again by reference.</summary>
    private sealed record Pending(RateComparison Id, double PValue);
}
