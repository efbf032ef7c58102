using Loudou.Core.Pipelines;
using Loudou.Core.Workspace;

namespace Loudou.Core.Analytics;

/// <summary>
/// A pipeline's deals as columns (struct of arrays) with the funnel engine's per-deal facts precomputed:
/// what <see cref="FunnelEngine"/> runs on when a host keeps the funnel in memory.
/// </summary>
/// <remarks>
/// <para>Per deal: id, creation, local creation day, amount, dimension codes (<see cref="DimensionColumn"/>),
/// the slice of its history, its furthest row and its outcome, and (for drivers) its activity times and completed
/// actions as small arrays of their own. Per history row: its stage (7 bits) and whether it starts the stay that
/// time in stage counts (1 bit) in one byte, and its time in UTC ticks. About 9 bytes a row plus 66 a deal, and
/// 8 an activity and 16 a completion; see <see cref="MemoryBytes"/>.</para>
/// <para>The facts are those as of any moment at or after <see cref="LatestTicks"/>, which is the usual query
/// (now, or the latest event); an earlier as-of derives them again from the rows, in one pass.</para>
/// <para>History must be in <see cref="Deals.StageHistory.Order"/>'s order (unknown times first, then by time), as
/// <see cref="FunnelDeal.History"/> is; <see cref="FromColumns"/> sorts its rows that way itself. Deal ids are unique.</para>
/// <para>Not thread-safe for writes: <see cref="Apply"/> must not run while a query reads; a host serializes them
/// (a reader-writer lock) or applies changes to its own copy.</para>
/// </remarks>
public sealed class ColumnarSnapshot
{
    /// <summary>An unknown time (or creation) in the tick columns.</summary>
    public const long UnknownTime = long.MinValue;

    /// <summary>The outcome code of a deal the funnel leaves out: no history (as of the moment), created later, or removed.</summary>
    internal const byte Excluded = 255;

    internal const byte StageMask = 0x7F;

    /// <summary>The bit of a history row that starts the stay of its stage counted by time in stage.</summary>
    internal const byte CountedStay = 0x80;

    internal const int UnknownDay = int.MinValue;

    private readonly Dictionary<int, byte> _stageIndexById;
    private readonly LocalDays _localDays;
    private Dictionary<long, int>? _index;
    private int _deadEvents;

    private ColumnarSnapshot(Pipeline pipeline, WorkspaceCalendar calendar, int dealCapacity, int eventCapacity)
    {
        Pipeline = pipeline;
        Calendar = calendar;
        Stages = [.. pipeline.Stages];
        if (Stages.Length > StageMask)
        {
            Guard.Throw("pipeline", $"pipeline '{pipeline.Key}' has {Stages.Length} stages; the columnar snapshot holds at most {StageMask}.");
        }
        Rows = [.. Stages.Where(s => s.Kind != StageKind.Lost)];
        KindOf = [.. Stages.Select(s => s.Kind)];
        RowOf = [.. Stages.Select(s => Rows.IndexOf(s))];
        _stageIndexById = Stages.Select((s, i) => (s.Id, (byte)i)).DistinctBy(s => s.Id).ToDictionary(s => s.Id, s => s.Item2);
        _localDays = new LocalDays(calendar.Zone);
        ResizeDeals(Math.Max(dealCapacity, 16));
        EventStages = new byte[Math.Max(eventCapacity, 16)];
        EventTicks = new long[EventStages.Length];
    }

    public Pipeline Pipeline { get; }

    public WorkspaceCalendar Calendar { get; }

    /// <summary>The plain snapshot's <see cref="FunnelSnapshot.PipelinesWithDeals"/>, for the same refusal on both paths.</summary>
    public IReadOnlyList<PipelineDealCount>? PipelinesWithDeals { get; private set; }

    /// <summary>The pipeline's conversion targets, as <see cref="FunnelSnapshot.Targets"/>: what bottlenecks test against.</summary>
    public IReadOnlyList<StageTarget> Targets { get; private init; } = [];

    /// <summary>Live deals (removed and replaced versions not counted).</summary>
    public int DealCount { get; private set; }

    /// <summary>History rows of live deals.</summary>
    public long EventCount { get; private set; }

    /// <summary>The highest id of a live deal; 0 when there is none. A host takes deals above it as the new ones.</summary>
    public long MaxDealId
    {
        get
        {
            var max = 0L;
            for (var d = 0; d < Slots; d++)
            {
                if (EventStart[d] >= 0 && DealIds[d] > max)
                {
                    max = DealIds[d];
                }
            }
            return max;
        }
    }

    /// <summary>The latest creation or history time of a live deal, in UTC ticks; <see cref="UnknownTime"/> when none.</summary>
    public long LatestTicks { get; private set; } = UnknownTime;

    /// <summary>Bytes held by the columns and dictionaries (capacity, not just use).</summary>
    public long MemoryBytes =>
        (DealIds.Length * (8L + 8 + 4 + 16 + 1 + 4 + 4 + 1 + 1))
        + (EventStages.Length * (1L + 8))
        + Dimensions.Values.Sum(d => d.MemoryBytes)
        + LossReasons.MemoryBytes
        + (DealIds.Length * 16L) + TouchTicks.Sum(t => t is null ? 0 : 24L + (t.Length * 8L)) + Completions.Sum(c => c is null ? 0 : 24L + (c.Length * 16L))
        + (_index is null ? 0 : _index.Count * 24L);

    internal Stage[] Stages { get; }

    /// <summary>The funnel rows: Open stages in order, then Won.</summary>
    internal List<Stage> Rows { get; }

    internal StageKind[] KindOf { get; }

    /// <summary>Per stage index its funnel row, -1 for Lost stages.</summary>
    internal int[] RowOf { get; }

    /// <summary>Deal slots in use, live or dead; every per-deal loop runs to here.</summary>
    internal int Slots { get; private set; }

    internal long[] DealIds { get; private set; } = [];

    internal long[] CreatedTicks { get; private set; } = [];

    internal int[] CohortDays { get; private set; } = [];

    internal decimal[] Amounts { get; private set; } = [];

    internal bool[] HasAmount { get; private set; } = [];

    /// <summary>Start of each deal's history slice; -1 for a removed deal.</summary>
    internal int[] EventStart { get; private set; } = [];

    internal int[] EventLength { get; private set; } = [];

    /// <summary>Furthest funnel row reached (Open or Won), as of <see cref="LatestTicks"/>.</summary>
    internal byte[] Furthest { get; private set; } = [];

    /// <summary>The <see cref="StageKind"/> of the last history row, or <see cref="Excluded"/>.</summary>
    internal byte[] Outcome { get; private set; } = [];

    internal int EventEnd { get; private set; }

    internal byte[] EventStages { get; private set; }

    internal long[] EventTicks { get; private set; }

    internal Dictionary<string, DimensionColumn> Dimensions { get; } = new(StringComparer.Ordinal);

    /// <summary>Per deal its activity times, ascending (null: none); each array is never changed once set, so copies share it.</summary>
    internal long[]?[] TouchTicks { get; private set; } = [];

    /// <summary>Per deal its completed standard actions, ascending by time (null: none); shared by copies as <see cref="TouchTicks"/> is.</summary>
    internal (int Action, long Ticks)[]?[] Completions { get; private set; } = [];

    internal DealWork WorkOf(int d) => new(TouchTicks[d], Completions[d], CreatedTicks[d]);

    /// <summary>Each deal's loss reason key (blank: none); not a dimension, so no query filters or groups by it.</summary>
    internal DimensionColumn LossReasons { get; private set; } = new();

    /// <summary>Builds the columns from the plain snapshot that storage loads.</summary>
    public static ColumnarSnapshot From(FunnelSnapshot snapshot)
    {
        var columnar = new ColumnarSnapshot(snapshot.Pipeline, snapshot.Calendar, snapshot.Deals.Count, snapshot.Deals.Sum(d => d.History.Count))
        {
            PipelinesWithDeals = snapshot.PipelinesWithDeals,
            Targets = snapshot.Targets,
        };
        foreach (var deal in snapshot.Deals)
        {
            columnar.Append(deal);
        }
        columnar.RefreshLatest();
        return columnar;
    }

    /// <summary>Builds the columns from a bulk reader's columns, deriving each deal's facts on up to <paramref name="threads"/> threads.</summary>
    /// <remarks>Events may come in any order; each deal's rows are ordered by time (unknown first), then stage position, then input order.</remarks>
    /// <param name="targets">The pipeline's conversion targets.</param>
    /// <param name="pipelinesWithDeals">As <see cref="FunnelSnapshot.PipelinesWithDeals"/>: set when the pipeline was the default one and holds no deals.</param>
    /// <param name="work">The deals' activities and completions; null when none are loaded.</param>
    public static ColumnarSnapshot FromColumns(
        Pipeline pipeline, WorkspaceCalendar calendar, DealColumns deals, EventColumns events, int threads,
        IReadOnlyList<StageTarget>? targets = null, IReadOnlyList<PipelineDealCount>? pipelinesWithDeals = null, WorkColumns? work = null)
    {
        var s = new ColumnarSnapshot(pipeline, calendar, 0, 0) { Targets = targets ?? [], PipelinesWithDeals = pipelinesWithDeals };
        var n = deals.Count;
        s.DealIds = deals.Ids;
        s.CreatedTicks = deals.CreatedUtcTicks;
        s.Amounts = deals.Amounts ?? new decimal[deals.Ids.Length];
        s.HasAmount = deals.HasAmount ?? new bool[deals.Ids.Length];
        if (deals.Amounts is not null && deals.HasAmount is null)
        {
            Array.Fill(s.HasAmount, true);
        }
        var capacity = deals.Ids.Length;
        s.CohortDays = new int[capacity];
        s.EventStart = new int[capacity];
        s.EventLength = new int[capacity];
        s.Furthest = new byte[capacity];
        s.Outcome = new byte[capacity];
        s.TouchTicks = new long[]?[capacity];
        s.Completions = new (int, long)[]?[capacity];
        s.Slots = n;
        foreach (var (name, (values, codes)) in deals.Dimensions)
        {
            s.Column(name).SetAll(values, codes, n, capacity);
        }
        foreach (var (name, pairs) in deals.SeveralValued)
        {
            s.Column(name).SetPairs(pairs, n, capacity);
        }
        if (deals.LossReasons is var (reasonValues, reasonCodes))
        {
            s.LossReasons.SetAll(reasonValues, reasonCodes, n, capacity);
        }
        var index = new DealIdIndex(deals.Ids, n);
        if (work is not null)
        {
            s.SetWork(index, work);
        }
        var slot = DealSlots(index, events);
        // Counting sort of the rows by deal, stable, so equal times keep input order.
        for (var e = 0; e < events.Count; e++)
        {
            s.EventLength[slot[e]]++;
        }
        var start = 0;
        for (var d = 0; d < n; d++)
        {
            s.EventStart[d] = start;
            start += s.EventLength[d];
        }
        s.EventStages = new byte[Math.Max(events.Count, 16)];
        s.EventTicks = new long[s.EventStages.Length];
        var next = s.EventStart[..n];
        for (var e = 0; e < events.Count; e++)
        {
            var at = next[slot[e]]++;
            if (events.StageIndexes[e] >= s.Stages.Length)
            {
                Guard.Throw("stage", $"event {e + 1}: stage index {events.StageIndexes[e]} is not a stage of pipeline '{pipeline.Key}'.");
            }
            s.EventStages[at] = events.StageIndexes[e];
            s.EventTicks[at] = events.UtcTicks[e];
        }
        s.EventEnd = events.Count;
        Chunks(n, threads, (from, to) =>
        {
            var days = new LocalDays(calendar.Zone);
            for (var d = from; d < to; d++)
            {
                s.SortHistory(d);
                s.CohortDays[d] = s.CreatedTicks[d] == UnknownTime ? UnknownDay : days.DayOf(s.CreatedTicks[d]);
                s.Derive(d, long.MaxValue, s.EventStages, s.Furthest, s.Outcome, null);
            }
        });
        s.DealCount = n;
        s.EventCount = events.Count;
        s.RefreshLatest();
        return s;
    }

    /// <summary>A copy that shares nothing that <see cref="Apply"/> changes: the way to refresh a snapshot others are reading.</summary>
    /// <remarks>The host copies, applies the changed deals to the copy and swaps it in (copy-on-write), so a reader never waits and never sees half a change.</remarks>
    public ColumnarSnapshot Clone()
    {
        var copy = new ColumnarSnapshot(Pipeline, Calendar, 0, 0)
        {
            Slots = Slots,
            DealCount = DealCount,
            EventCount = EventCount,
            LatestTicks = LatestTicks,
            DealIds = (long[])DealIds.Clone(),
            CreatedTicks = (long[])CreatedTicks.Clone(),
            CohortDays = (int[])CohortDays.Clone(),
            Amounts = (decimal[])Amounts.Clone(),
            HasAmount = (bool[])HasAmount.Clone(),
            EventStart = (int[])EventStart.Clone(),
            EventLength = (int[])EventLength.Clone(),
            Furthest = (byte[])Furthest.Clone(),
            Outcome = (byte[])Outcome.Clone(),
            TouchTicks = (long[]?[])TouchTicks.Clone(),
            Completions = ((int, long)[]?[])Completions.Clone(),
            EventEnd = EventEnd,
            EventStages = (byte[])EventStages.Clone(),
            EventTicks = (long[])EventTicks.Clone(),
            PipelinesWithDeals = PipelinesWithDeals,
            Targets = Targets,
            LossReasons = LossReasons.Clone(),
        };
        copy._index = _index is null ? null : new Dictionary<long, int>(_index);
        copy._deadEvents = _deadEvents;
        foreach (var (name, column) in Dimensions)
        {
            copy.Dimensions[name] = column.Clone();
        }
        return copy;
    }

    /// <summary>A copy that names other counts of the pipelines with deals: an empty default pipeline's refusal, counted in a caller's scope.</summary>
    public ColumnarSnapshot WithPipelinesWithDeals(IReadOnlyList<PipelineDealCount> counts)
    {
        var copy = Clone();
        copy.PipelinesWithDeals = counts;
        return copy;
    }

    /// <summary>Refreshes changed deals in place: each replaces the deal with its id (or is added), and removed ids go.</summary>
    /// <remarks>
    /// A replaced deal's old rows become dead space and its new version is appended; when dead rows outnumber
    /// live ones the columns are compacted, so a long-running host stays within about twice its live size.
    /// The answers equal those of a snapshot built afresh from the same deals.
    /// </remarks>
    public void Apply(IEnumerable<FunnelDeal> changed, IEnumerable<long>? removed = null)
    {
        var index = Index();
        foreach (var id in removed ?? [])
        {
            if (index.Remove(id, out var slot))
            {
                Kill(slot);
            }
        }
        foreach (var deal in changed)
        {
            if (index.TryGetValue(deal.Id, out var slot))
            {
                Kill(slot);
            }
            index[deal.Id] = Append(deal);
        }
        if (_deadEvents > EventCount || Slots > 2 * DealCount + 16)
        {
            Compact();
        }
        RefreshLatest();
    }

    /// <summary>
    /// Derives a deal's facts as of a moment from its rows: the outcome (or <see cref="Excluded"/>), the furthest
    /// row, which rows start a counted stay, and how many rows are visible (those not after the moment; a prefix,
    /// by the history's order). The same rules as the plain path's per-deal facts.
    /// </summary>
    internal void Derive(int d, long asOf, byte[] stages, byte[] furthest, byte[] outcome, int[]? visible)
    {
        var start = EventStart[d];
        var length = start < 0 ? 0 : EventLength[d];
        var v = 0;
        while (v < length && (EventTicks[start + v] == UnknownTime || EventTicks[start + v] <= asOf))
        {
            v++;
        }
        if (visible is not null)
        {
            visible[d] = v;
        }
        if (v == 0 || (CreatedTicks[d] != UnknownTime && CreatedTicks[d] > asOf))
        {
            outcome[d] = Excluded;
            return;
        }
        // A stage's first dated entry whose end is known (next row dated) or still running (last row);
        // an entry followed by an undated row is skipped so a later dated re-entry counts.
        ulong seenLow = 0, seenHigh = 0;
        var best = 0;
        for (var i = 0; i < v; i++)
        {
            var e = start + i;
            var stage = stages[e] & StageMask;
            stages[e] = (byte)stage;
            if (RowOf[stage] > best)
            {
                best = RowOf[stage];
            }
            ref var seen = ref stage < 64 ? ref seenLow : ref seenHigh;
            var bit = 1UL << (stage & 63);
            if ((seen & bit) != 0 || EventTicks[e] == UnknownTime)
            {
                continue;
            }
            if (i == v - 1 || EventTicks[e + 1] != UnknownTime)
            {
                seen |= bit;
                stages[e] |= CountedStay;
            }
        }
        furthest[d] = (byte)best;
        outcome[d] = (byte)KindOf[stages[start + v - 1] & StageMask];
    }

    internal DimensionColumn? ColumnOf(string dimension) => Dimensions.GetValueOrDefault(dimension);

    /// <summary>The dimensions a query may name here: the standard ones, then each custom.KEY some deal has a value for.</summary>
    public IReadOnlyList<string> DimensionNames =>
        [.. FunnelSnapshot.StandardDimensions, .. Dimensions.Keys.Where(k => k.StartsWith("custom.", StringComparison.Ordinal)).Order(StringComparer.Ordinal)];

    /// <summary>Whether a filter DIM=VALUE (not cohort) names a value some deal holds: the one rule the engine refuses a filter by, and a page checks its address by.</summary>
    /// <remarks>A dimension nobody fills has no column: only blank is held then.</remarks>
    public bool Holds(string dimension, string value) =>
        ColumnOf(dimension) is not { } column ? value.Length == 0 : column.CodeOf(value) is { } code && column.Held(code);

    /// <summary>Runs <paramref name="body"/> over [0, n) split into at most <paramref name="threads"/> ranges.</summary>
    internal static void Chunks(int n, int threads, Action<int, int> body)
    {
        var chunks = Math.Max(1, Math.Min(threads, n / 4096));
        if (chunks == 1)
        {
            body(0, n);
            return;
        }
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = chunks }, c => body((int)((long)n * c / chunks), (int)((long)n * (c + 1) / chunks)));
    }

    private static int[] DealSlots(DealIdIndex index, EventColumns events)
    {
        var slot = new int[events.Count];
        for (var e = 0; e < events.Count; e++)
        {
            slot[e] = index.Of(events.DealIds[e]);
            if (slot[e] < 0)
            {
                Guard.Throw("deal_id", $"event {e + 1}: deal {events.DealIds[e]} is not among the deals.");
            }
        }
        return slot;
    }

    /// <summary>Groups the activities and completions by deal and sorts each deal's by time.</summary>
    private void SetWork(DealIdIndex index, WorkColumns work)
    {
        int SlotOf(long deal, int row, string what)
        {
            var d = index.Of(deal);
            if (d < 0)
            {
                Guard.Throw("deal_id", $"{what} {row + 1}: deal {deal} is not among the deals.");
            }
            return d;
        }
        var touches = new List<long>?[Slots];
        for (var i = 0; i < work.TouchCount; i++)
        {
            (touches[SlotOf(work.TouchDeals[i], i, "activity")] ??= []).Add(work.TouchTicks[i]);
        }
        var completions = new List<(int, long)>?[Slots];
        for (var i = 0; i < work.CompletionCount; i++)
        {
            (completions[SlotOf(work.CompletionDeals[i], i, "completion")] ??= []).Add((work.CompletionActions[i], work.CompletionTicks[i]));
        }
        for (var d = 0; d < Slots; d++)
        {
            TouchTicks[d] = touches[d] is { } t ? [.. t.Order()] : null;
            Completions[d] = completions[d] is { } c ? [.. c.OrderBy(x => x.Item2)] : null;
        }
    }

    /// <summary>Insertion sort of one deal's rows (a handful, usually already in order): unknown first, then time, then stage position; stable.</summary>
    private void SortHistory(int d)
    {
        var start = EventStart[d];
        var end = start + EventLength[d];
        for (var i = start + 1; i < end; i++)
        {
            var (stage, ticks) = (EventStages[i], EventTicks[i]);
            var j = i - 1;
            while (j >= start && After(EventStages[j], EventTicks[j], stage, ticks))
            {
                EventStages[j + 1] = EventStages[j];
                EventTicks[j + 1] = EventTicks[j];
                j--;
            }
            EventStages[j + 1] = stage;
            EventTicks[j + 1] = ticks;
        }
    }

    // UnknownTime is long.MinValue, so plain tick order already puts unknown first; stage indexes are in position order.
    private static bool After(byte stageA, long ticksA, byte stageB, long ticksB) =>
        ticksA > ticksB || (ticksA == ticksB && (stageA & StageMask) > (stageB & StageMask));

    private int Append(FunnelDeal deal)
    {
        var d = Slots;
        if (d == DealIds.Length)
        {
            ResizeDeals(d * 2);
        }
        var rows = deal.History.Count;
        if (EventEnd + rows > EventStages.Length)
        {
            var size = Math.Max(EventStages.Length * 2, EventEnd + rows);
            EventStages = Resized(EventStages, size);
            EventTicks = Resized(EventTicks, size);
        }
        DealIds[d] = deal.Id;
        CreatedTicks[d] = deal.CreatedAt?.UtcTicks ?? UnknownTime;
        CohortDays[d] = deal.CreatedAt is { } created ? _localDays.DayOf(created.UtcTicks) : UnknownDay;
        Amounts[d] = deal.Amount ?? 0;
        HasAmount[d] = deal.Amount is not null;
        EventStart[d] = EventEnd;
        EventLength[d] = rows;
        foreach (var (stageId, at) in deal.History)
        {
            if (!_stageIndexById.TryGetValue(stageId, out var stage))
            {
                Guard.Throw("history", $"deal {deal.Id} has a history row in stage id {stageId}, which is not a stage of pipeline '{Pipeline.Key}'.");
            }
            EventStages[EventEnd] = stage;
            EventTicks[EventEnd++] = at?.UtcTicks ?? UnknownTime;
        }
        foreach (var (name, values) in deal.Dimensions)
        {
            Column(name).Set(d, DealIds.Length, values);
        }
        foreach (var (name, column) in Dimensions)
        {
            if (!deal.Dimensions.ContainsKey(name))
            {
                column.Set(d, DealIds.Length, null);
            }
        }
        LossReasons.Set(d, DealIds.Length, deal.LossReason is { Length: > 0 } reason ? [reason] : null);
        (TouchTicks[d], Completions[d], _) = DealWork.Of(deal);
        Derive(d, long.MaxValue, EventStages, Furthest, Outcome, null);
        Slots++;
        DealCount++;
        EventCount += rows;
        return d;
    }

    private void Kill(int d)
    {
        foreach (var column in Dimensions.Values)
        {
            column.Release(d);
        }
        LossReasons.Release(d);
        _deadEvents += EventLength[d];
        EventCount -= EventLength[d];
        DealCount--;
        EventStart[d] = -1;
        EventLength[d] = 0;
        Outcome[d] = Excluded;
        TouchTicks[d] = null;
        Completions[d] = null;
    }

    private DimensionColumn Column(string name)
    {
        if (!Dimensions.TryGetValue(name, out var column))
        {
            column = new DimensionColumn();
            // Every deal already present holds blank in a new dimension.
            for (var d = 0; d < Slots; d++)
            {
                if (EventStart[d] >= 0)
                {
                    column.Set(d, DealIds.Length, null);
                }
            }
            Dimensions[name] = column;
        }
        return column;
    }

    private Dictionary<long, int> Index()
    {
        if (_index is null)
        {
            _index = new Dictionary<long, int>(DealCount);
            for (var d = 0; d < Slots; d++)
            {
                if (EventStart[d] >= 0 && !_index.TryAdd(DealIds[d], d))
                {
                    Guard.Throw("deal_id", $"deal {DealIds[d]} appears twice in the snapshot.");
                }
            }
        }
        return _index;
    }

    /// <summary>Drops dead deals and rows: live deals move down in order, each deal's rows become contiguous again.</summary>
    private void Compact()
    {
        var moves = Enumerable.Range(0, Slots).Where(d => EventStart[d] >= 0).ToArray();
        var stages = new byte[Math.Max(16, EventCount * 2)];
        var ticks = new long[stages.Length];
        var end = 0;
        foreach (var d in moves)
        {
            Array.Copy(EventStages, EventStart[d], stages, end, EventLength[d]);
            Array.Copy(EventTicks, EventStart[d], ticks, end, EventLength[d]);
            EventStart[d] = end;
            end += EventLength[d];
        }
        (EventStages, EventTicks, EventEnd, _deadEvents) = (stages, ticks, end, 0);
        var capacity = Math.Max(16, moves.Length * 2);
        DealIds = Moved(DealIds, moves, capacity);
        CreatedTicks = Moved(CreatedTicks, moves, capacity);
        CohortDays = Moved(CohortDays, moves, capacity);
        Amounts = Moved(Amounts, moves, capacity);
        HasAmount = Moved(HasAmount, moves, capacity);
        EventStart = Moved(EventStart, moves, capacity);
        EventLength = Moved(EventLength, moves, capacity);
        Furthest = Moved(Furthest, moves, capacity);
        Outcome = Moved(Outcome, moves, capacity);
        TouchTicks = Moved(TouchTicks, moves, capacity);
        Completions = Moved(Completions, moves, capacity);
        foreach (var column in Dimensions.Values)
        {
            column.Compact(moves, capacity);
        }
        LossReasons.Compact(moves, capacity);
        Slots = moves.Length;
        _index = null;
    }

    private void RefreshLatest()
    {
        var latest = UnknownTime;
        for (var d = 0; d < Slots; d++)
        {
            if (EventStart[d] < 0)
            {
                continue;
            }
            latest = Math.Max(latest, CreatedTicks[d]);
            for (var e = EventStart[d]; e < EventStart[d] + EventLength[d]; e++)
            {
                latest = Math.Max(latest, EventTicks[e]);
            }
        }
        LatestTicks = latest;
    }

    private void ResizeDeals(int capacity)
    {
        DealIds = Resized(DealIds, capacity);
        CreatedTicks = Resized(CreatedTicks, capacity);
        CohortDays = Resized(CohortDays, capacity);
        Amounts = Resized(Amounts, capacity);
        HasAmount = Resized(HasAmount, capacity);
        EventStart = Resized(EventStart, capacity);
        EventLength = Resized(EventLength, capacity);
        Furthest = Resized(Furthest, capacity);
        Outcome = Resized(Outcome, capacity);
        TouchTicks = Resized(TouchTicks, capacity);
        Completions = Resized(Completions, capacity);
        foreach (var column in Dimensions.Values)
        {
            column.Grow(capacity);
        }
        if (LossReasons.Codes is not null)
        {
            LossReasons.Grow(capacity);
        }
    }

    private static T[] Resized<T>(T[] array, int capacity)
    {
        Array.Resize(ref array, capacity);
        return array;
    }

    private static T[] Moved<T>(T[] array, int[] moves, int capacity)
    {
        var moved = new T[capacity];
        for (var i = 0; i < moves.Length; i++)
        {
            moved[i] = array[moves[i]];
        }
        return moved;
    }
}
