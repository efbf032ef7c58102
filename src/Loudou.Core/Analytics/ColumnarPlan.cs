using System.Globalization;

namespace Loudou.Core.Analytics;

/// <summary>One query against a <see cref="ColumnarSnapshot"/>: the facts as of its moment, its filters as codes, and its groups.</summary>
/// <remarks>Checks the query with <see cref="FunnelQueryChecks"/>, as the plain path does, so both refuse the same queries with the same message.</remarks>
internal sealed class ColumnarPlan
{
    private readonly (DimensionColumn Column, int Code)[] _where;
    private readonly int _dayFrom = int.MinValue;
    private readonly int _dayTo = int.MaxValue;
    private readonly bool _dayFilter;
    private readonly DimensionColumn? _ownerColumn;
    private readonly DimensionColumn? _teamColumn;
    private readonly int _scopeOwner = -1;
    private readonly int _scopeTeam = -1;

    public ColumnarPlan(ColumnarSnapshot snapshot, FunnelQuery query, DateTimeOffset now, int threads)
    {
        Snapshot = snapshot;
        Query = query;
        Threads = threads;
        var pipeline = snapshot.Pipeline;
        var (cohortStage, cohortMonths) = FunnelQueryChecks.Query(pipeline, snapshot.DealCount, query, custom => snapshot.ColumnOf(custom) is not null, snapshot.PipelinesWithDeals);
        AsOf = query.AsOf ?? FunnelEngine.DefaultAsOf(snapshot.LatestTicks == ColumnarSnapshot.UnknownTime ? null : new DateTimeOffset(snapshot.LatestTicks, TimeSpan.Zero), now);
        var where = new List<(DimensionColumn, int)>();
        foreach (var (dimension, value) in query.Where.Where(w => w.Dimension != "cohort"))
        {
            if (!snapshot.Holds(dimension, value))
            {
                FunnelQueryChecks.NoDealHas(dimension, value);
            }
            if (snapshot.ColumnOf(dimension) is { } column)
            {
                where.Add((column, column.CodeOf(value)!.Value));
            }
        }
        _where = [.. where];

        // Cohort range: From/To and every cohort month must all hold, so they narrow one day range.
        if (query.From is not null || query.To is not null || cohortMonths.Count > 0)
        {
            _dayFilter = true;
            _dayFrom = query.From?.DayNumber ?? int.MinValue;
            _dayTo = query.To?.DayNumber ?? int.MaxValue;
            foreach (var first in cohortMonths)
            {
                _dayFrom = Math.Max(_dayFrom, first.DayNumber);
                _dayTo = Math.Min(_dayTo, first.AddMonths(1).DayNumber - 1);
            }
        }

        var asOfTicks = AsOf.UtcTicks;
        if (asOfTicks >= snapshot.LatestTicks)
        {
            (Stages, Furthest, Outcome, Visible) = (snapshot.EventStages, snapshot.Furthest, snapshot.Outcome, snapshot.EventLength);
        }
        else
        {
            // An earlier moment: the same per-deal facts, derived again over the rows up to it.
            (Stages, Furthest, Outcome, Visible) = ((byte[])snapshot.EventStages.Clone(), new byte[snapshot.Slots], new byte[snapshot.Slots], new int[snapshot.Slots]);
            ColumnarSnapshot.Chunks(snapshot.Slots, threads, (from, to) =>
            {
                for (var d = from; d < to; d++)
                {
                    snapshot.Derive(d, asOfTicks, Stages, Furthest, Outcome, Visible);
                }
            });
        }
        CohortDays = cohortStage is null ? snapshot.CohortDays : StageEntryDays(Array.IndexOf(snapshot.Stages, cohortStage));
        if (query.Scope is { } scope)
        {
            (_ownerColumn, _teamColumn) = (snapshot.ColumnOf("owner"), snapshot.ColumnOf("team"));
            _scopeOwner = scope.Owner is not null && _ownerColumn?.CodeOf(scope.Owner) is { } owner ? owner : -1;
            _scopeTeam = scope.Team is not null && _teamColumn?.CodeOf(scope.Team) is { } team ? team : -1;
        }
        (GroupCount, GroupKey, GroupCodes, GroupColumn) = Groups();
    }

    public ColumnarSnapshot Snapshot { get; }

    public FunnelQuery Query { get; }

    public int Threads { get; }

    public DateTimeOffset AsOf { get; }

    public byte[] Stages { get; }

    public byte[] Furthest { get; }

    public byte[] Outcome { get; }

    public int[] Visible { get; }

    /// <summary>Per deal its cohort's local day (creation, or entry into the cohort stage), or <see cref="ColumnarSnapshot.UnknownDay"/>.</summary>
    public int[] CohortDays { get; }

    /// <summary>Groups of the breakdown (1 without one).</summary>
    public int GroupCount { get; }

    public Func<int, string> GroupKey { get; }

    /// <summary>Per deal its group, -1 for none (a cohort grouping without a date) or several (see <see cref="GroupColumn"/>); null: group 0 for all.</summary>
    public int[]? GroupCodes { get; }

    /// <summary>The dimension of the breakdown, whose side table holds deals with several values.</summary>
    public DimensionColumn? GroupColumn { get; }

    /// <summary>Whether no deal is in more than one group of the breakdown (a single-valued dimension, or cohort months).</summary>
    public bool HasDisjointGroups => GroupColumn is null || !GroupColumn.HasSeveral;

    /// <summary>Whether a live deal (outcome not excluded) is in the query's scope and passes its filters.</summary>
    public bool Selected(int d)
    {
        if (Query.Scope is not null && !InScope(d))
        {
            return false;
        }
        if (_dayFilter)
        {
            var day = CohortDays[d];
            if (day == ColumnarSnapshot.UnknownDay || day < _dayFrom || day > _dayTo)
            {
                return false;
            }
        }
        foreach (var (column, code) in _where)
        {
            if (!column.Holds(d, code))
            {
                return false;
            }
        }
        return true;
    }

    // The scope's owner and team as codes of their columns; -1 when no deal holds them (nothing of theirs to see).
    private bool InScope(int d) =>
        (_scopeOwner >= 0 && _ownerColumn!.Holds(d, _scopeOwner)) || (_scopeTeam >= 0 && _teamColumn!.Holds(d, _scopeTeam));

    /// <summary>The deal's groups: its one code, or its several; empty when it is in none.</summary>
    public ReadOnlySpan<int> GroupsOf(int d, ref int single)
    {
        single = GroupCodes is null ? 0 : GroupCodes[d];
        if (single >= 0)
        {
            return new ReadOnlySpan<int>(ref single);
        }
        return GroupColumn is null ? [] : GroupColumn.CodesOf(d, ref single);
    }

    private (int Count, Func<int, string> Key, int[]? Codes, DimensionColumn? Column) Groups()
    {
        if (Query.By is null)
        {
            return (1, _ => "", null, null);
        }
        if (Query.By != "cohort")
        {
            var column = Snapshot.ColumnOf(Query.By);
            return column is null ? (1, _ => "", null, null) : (column.Count, column.Value, column.Codes, column);
        }
        // Cohort months: a day-to-month table over the days present, then a month code per deal.
        int min = int.MaxValue, max = int.MinValue;
        for (var d = 0; d < Snapshot.Slots; d++)
        {
            if (CohortDays[d] != ColumnarSnapshot.UnknownDay)
            {
                (min, max) = (Math.Min(min, CohortDays[d]), Math.Max(max, CohortDays[d]));
            }
        }
        if (min > max)
        {
            return (0, _ => "", [.. Enumerable.Repeat(-1, Snapshot.Slots)], null);
        }
        var first = DateOnly.FromDayNumber(min);
        var months = new int[max - min + 1];
        for (var day = min; day <= max; day++)
        {
            var date = DateOnly.FromDayNumber(day);
            months[day - min] = ((date.Year - first.Year) * 12) + date.Month - first.Month;
        }
        var codes = new int[Snapshot.Slots];
        ColumnarSnapshot.Chunks(codes.Length, Threads, (from, to) =>
        {
            for (var d = from; d < to; d++)
            {
                codes[d] = CohortDays[d] == ColumnarSnapshot.UnknownDay ? -1 : months[CohortDays[d] - min];
            }
        });
        var start = new DateOnly(first.Year, first.Month, 1);
        return (months[^1] + 1, g => start.AddMonths(g).ToString("yyyy-MM", CultureInfo.InvariantCulture), codes, null);
    }

    /// <summary>Per deal the local day of its first visible row in a stage (the cohort by stage entry).</summary>
    private int[] StageEntryDays(int stage)
    {
        var snapshot = Snapshot;
        var days = new int[snapshot.Slots];
        ColumnarSnapshot.Chunks(days.Length, Threads, (from, to) =>
        {
            var local = new LocalDays(snapshot.Calendar.Zone);
            for (var d = from; d < to; d++)
            {
                days[d] = ColumnarSnapshot.UnknownDay;
                var start = snapshot.EventStart[d];
                for (var e = start; start >= 0 && e < start + Visible[d]; e++)
                {
                    if ((Stages[e] & ColumnarSnapshot.StageMask) == stage)
                    {
                        days[d] = snapshot.EventTicks[e] == ColumnarSnapshot.UnknownTime ? ColumnarSnapshot.UnknownDay : local.DayOf(snapshot.EventTicks[e]);
                        break;
                    }
                }
            }
        });
        return days;
    }
}
