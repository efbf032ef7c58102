using System.Globalization;
using System.Numerics;
using Loudou.Core.Pipelines;
using Loudou.Core.Workspace;

namespace Loudou.Core.Analytics;

/// <summary>
/// Team execution (docs/metrics.md, "Team execution"): per rep, per team and for the whole group, the process
/// (standard-action completion, on-time follow-ups, first response, touches) and the results (deals, win rate, won
/// amount) of a period, the monthly ranking built from them, and follow-up efficiency.
/// </summary>
/// <remarks>
/// One pass over the columnar snapshot's deals and one over the tasks; no allocation per deal. The snapshot holds
/// neither people nor tasks, so the caller loads them: the roster (every user with login, role and team name, and
/// the workspace's team names) and the follow-up tasks of the pipeline's deals.
/// </remarks>
public static partial class TeamExecution
{
    /// <summary>Bands of activities during a stay, from its start to the exit, both included.</summary>
    public static IReadOnlyList<string> TouchBands { get; } = ["0", "1", "2", "3-4", "5+"];

    /// <summary>Bands of hours from creation to the first activity; "none": no activity by the exit.</summary>
    public static IReadOnlyList<string> FirstResponseBands { get; } = ["<1h", "1-4h", "4-24h", "24-72h", ">72h", "none"];

    /// <summary>The team execution of a period over the columnar snapshot a host keeps.</summary>
    /// <param name="roster">The workspace's users (login as the owner dimension holds it, role, team name) and team names.</param>
    /// <param name="tasks">The follow-up tasks of the snapshot's deals; tasks of other deals are ignored.</param>
    /// <param name="now">The clock's now, for the default as-of moment.</param>
    /// <exception cref="DomainRuleException">
    /// A bad query: a month with a from/to as well, a period that starts after the as-of moment, a team that does not exist,
    /// a weight outside 0..1, a minimum n below 1; a pipeline without deals, as every analysis refuses it.
    /// </exception>
    public static TeamReport Compute(ColumnarSnapshot snapshot, TeamRoster roster, IReadOnlyList<FollowUpTask> tasks, TeamQuery query, DateTimeOffset now)
    {
        var pass = Begin(snapshot, roster, query, now);
        var tallies = new Tallies(pass.Reps.Length, snapshot.Rows.Count);
        Deals(pass, query.FirstResponseSlaHours, tallies);
        Tasks(pass, tasks, tallies);
        return Assemble(pass.Plan, query, pass.Reps, tallies.Reps, tallies.Efficiency, pass.From, pass.ToExcl);
    }

    /// <summary>What both passes read: the plan, the reps of the query (by login) and the period.</summary>
    private sealed record Pass(ColumnarPlan Plan, TeamMember[] Reps, DateTimeOffset? From, DateTimeOffset ToExcl)
    {
        public Window Window { get; } = new(From?.UtcTicks ?? long.MinValue + 1, ToExcl.UtcTicks);
    }

    /// <summary>Checks the query and sets up the passes, as <see cref="Compute"/> and the drill-downs share them.</summary>
    private static Pass Begin(ColumnarSnapshot snapshot, TeamRoster roster, TeamQuery query, DateTimeOffset now)
    {
        Check(roster, query);
        var plan = new ColumnarPlan(snapshot, new FunnelQuery { AsOf = query.AsOf, Scope = query.Scope, Language = query.Language }, now, 1);
        var (from, toExcl) = Period(snapshot.Calendar, query, plan.AsOf);
        var reps = roster.Members
            .Where(m => m.Role == UserRole.Rep && (query.Team is null || m.Team == query.Team))
            .DistinctBy(m => m.Login, StringComparer.Ordinal)
            .OrderBy(m => m.Login, StringComparer.Ordinal)
            .ToArray();
        return new Pass(plan, reps, from, toExcl);
    }

    /// <summary>What the passes tell their visitor: each handled deal of a rep of the query, and each task that counts for one.</summary>
    private interface IPassVisitor
    {
        void Deal(HandledDeal deal);

        void Task(int rep, int task, bool onTime);
    }

    /// <summary>The visitor of <see cref="Compute"/>: each rep's tally and the efficiency curves.</summary>
    private sealed class Tallies(int reps, int rows) : IPassVisitor
    {
        public readonly Tally[] Reps = [.. Enumerable.Range(0, reps).Select(_ => new Tally())];
        public readonly EfficiencyTally Efficiency = new(rows);

        public void Deal(HandledDeal deal)
        {
            Reps[deal.Rep].Add(deal);
            Efficiency.Add(deal);
        }

        public void Task(int rep, int task, bool onTime)
        {
            Reps[rep].TasksDue++;
            Reps[rep].TasksOnTime += onTime ? 1 : 0;
        }
    }

    /// <summary>Refuses a bad query before any work.</summary>
    private static void Check(TeamRoster roster, TeamQuery query)
    {
        FunnelQueryChecks.MinN(query.MinN);
        if (!(query.ResultsWeight is >= 0 and <= 1))
        {
            Guard.Throw("resultsWeight", $"{new FieldName("resultsWeight")} must be between 0 and 1 (the process part gets the rest), was {query.ResultsWeight.ToString(CultureInfo.InvariantCulture)}.");
        }
        if (query.Month is { } month && (query.From is not null || query.To is not null))
        {
            Guard.Throw("month", $"{new FieldName("month")} {month:yyyy-MM} and {new FieldName("from")}/{new FieldName("to")} both choose the period; give one.");
        }
        FunnelQueryChecks.Range(query.From, query.To);
        if (query.Team is { } team)
        {
            TeamExists(roster, team);
        }
    }

    /// <summary>Refuses a team name the workspace does not have, with the teams it has.</summary>
    private static void TeamExists(TeamRoster roster, string team)
    {
        var teams = roster.Teams.Concat(roster.Members.Select(m => m.Team).OfType<string>()).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (!teams.Contains(team, StringComparer.Ordinal))
        {
            Guard.Throw("team", teams.Count == 0
                ? $"{new FieldName("team")} '{team}' does not exist; the workspace has no teams."
                : $"{new FieldName("team")} '{team}' does not exist; teams: {string.Join(", ", teams)}.");
        }
    }

    /// <summary>The period as moments: its start (null: unbounded) and its exclusive end, never past the as-of moment.</summary>
    private static (DateTimeOffset? From, DateTimeOffset ToExcl) Period(WorkspaceCalendar calendar, TeamQuery query, DateTimeOffset asOf)
    {
        var first = query.Month is { } month ? new DateOnly(month.Year, month.Month, 1) : query.From;
        var last = query.Month is not null ? first!.Value.AddMonths(1).AddDays(-1) : query.To;
        DateTimeOffset? from = first is { } f ? calendar.StartOf(f) : null;
        var asOfDay = calendar.DateOf(asOf).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        if (from > asOf)
        {
            Guard.Throw(query.Month is null ? "from" : "month", query.Month is null
                ? $"{new FieldName("from")} {first:yyyy-MM-dd} is after the as-of moment {asOfDay}."
                : $"{new FieldName("month")} {first:yyyy-MM} starts after the as-of moment {asOfDay}.");
        }
        var end = last is { } l ? calendar.StartOf(l.AddDays(1)) : DateTimeOffset.MaxValue;
        var afterAsOf = asOf.AddTicks(1);
        return (from, end < afterAsOf ? end : afterAsOf);
    }

    /// <summary>The half-open window [From, ToExcl) in UTC ticks; an unknown time is never in it.</summary>
    private readonly record struct Window(long From, long ToExcl)
    {
        public bool Holds(long ticks) => ticks >= From && ticks < ToExcl;
    }

    /// <summary>
    /// The pass over the deals: each live deal owned by a rep of the query, in its scope and handled in the period is
    /// described once to the visitor, with what it adds to each figure and its exits.
    /// </summary>
    /// <remarks>
    /// Hot loop: no allocation per deal (the per-stay, per-action and per-deal scratch is reused, so a visitor must copy
    /// what it keeps); a deal's rows, touches and completions are each read once or twice. Definitions as docs/metrics.md
    /// states them, row for row.
    /// </remarks>
    private static void Deals(Pass pass, int defaultSlaHours, IPassVisitor visitor)
    {
        var (plan, reps, w) = (pass.Plan, pass.Reps, pass.Window);
        var s = plan.Snapshot;
        if (s.ColumnOf("owner") is not { Codes: { } ownerCodes } owners)
        {
            return;
        }
        var repOfOwner = new int[owners.Count];
        Array.Fill(repOfOwner, -1);
        for (var r = 0; r < reps.Length; r++)
        {
            if (owners.CodeOf(reps[r].Login) is { } code)
            {
                repOfOwner[code] = r;
            }
        }
        // Standard actions: a dense index per action id, its stage, and each stage's count.
        var actionIndex = new Dictionary<int, int>();
        var actionStage = new List<int>();
        var actionsOfStage = new int[s.Stages.Length];
        for (var st = 0; st < s.Stages.Length; st++)
        {
            foreach (var action in s.Stages[st].Actions)
            {
                if (actionIndex.TryAdd(action.Id, actionStage.Count))
                {
                    actionStage.Add(st);
                    actionsOfStage[st]++;
                }
            }
        }
        var seen = new bool[actionStage.Count];
        var slaTicks = s.Stages.Select(st => (st.FirstResponseSlaHours ?? defaultSlaHours) * TimeSpan.TicksPerHour).ToArray();
        var rows = s.Rows;
        var stayFrom = new long[rows.Count];
        var asOf = plan.AsOf.UtcTicks;
        var deal = new HandledDeal(rows.Count);
        for (var d = 0; d < s.Slots; d++)
        {
            if (plan.Outcome[d] == ColumnarSnapshot.Excluded)
            {
                continue;
            }
            var code = ownerCodes[d];
            if (code == DimensionColumn.Several)
            {
                var single = 0;
                var several = owners.CodesOf(d, ref single);
                code = several.Length > 0 ? several[0] : DimensionColumn.Blank;
            }
            var rep = code < repOfOwner.Length ? repOfOwner[code] : -1;
            if (rep < 0 || !plan.Selected(d))
            {
                continue;
            }
            var start = s.EventStart[d];
            var end = start + plan.Visible[d];
            ulong enteredLow = 0, enteredHigh = 0;
            var moved = false;
            Array.Fill(stayFrom, ColumnarSnapshot.UnknownTime);
            for (var e = start; e < end; e++)
            {
                var stage = plan.Stages[e] & ColumnarSnapshot.StageMask;
                if (w.Holds(s.EventTicks[e]))
                {
                    moved = true;
                    if (stage < 64)
                    {
                        enteredLow |= 1UL << stage;
                    }
                    else
                    {
                        enteredHigh |= 1UL << (stage - 64);
                    }
                }
                if ((plan.Stages[e] & ColumnarSnapshot.CountedStay) != 0 && s.RowOf[stage] >= 0)
                {
                    stayFrom[s.RowOf[stage]] = s.EventTicks[e];
                }
            }
            var touches = s.TouchTicks[d];
            var touched = Between(touches, w.From, w.ToExcl);
            var created = s.CreatedTicks[d];
            var createdIn = created != ColumnarSnapshot.UnknownTime && w.Holds(created);
            if (!moved && touched == 0 && !createdIn)
            {
                continue;
            }
            deal.Start(rep, d, touched);

            var outcome = (StageKind)plan.Outcome[d];
            var closedAt = outcome == StageKind.Open ? ColumnarSnapshot.UnknownTime : s.EventTicks[end - 1];
            if (w.Holds(closedAt))
            {
                deal.Closed = true;
                if (outcome == StageKind.Won)
                {
                    deal.Won = true;
                    deal.WonAmount = s.HasAmount[d] ? s.Amounts[d] : 0;
                }
            }

            // Completion: each stage entered in the period once, with its actions done on the deal by the as-of moment.
            for (var bits = enteredLow; bits != 0; bits &= bits - 1)
            {
                deal.Actions += actionsOfStage[BitOperations.TrailingZeroCount(bits)];
            }
            for (var bits = enteredHigh; bits != 0; bits &= bits - 1)
            {
                deal.Actions += actionsOfStage[64 + BitOperations.TrailingZeroCount(bits)];
            }
            if ((enteredLow | enteredHigh) != 0 && s.Completions[d] is { } completions)
            {
                foreach (var (action, at) in completions)
                {
                    if (at > asOf)
                    {
                        break;
                    }
                    if (actionIndex.TryGetValue(action, out var a) && !seen[a] && Entered(enteredLow, enteredHigh, actionStage[a]))
                    {
                        seen[a] = true;
                        deal.ActionsCompleted++;
                    }
                }
                foreach (var (action, _) in completions)
                {
                    if (actionIndex.TryGetValue(action, out var a))
                    {
                        seen[a] = false;
                    }
                }
            }

            // First response of a deal created in the period: answered, or censored at its close or the as-of moment;
            // in time when answered within the deadline of the stage it was created in, late once that deadline passed.
            var firstTouch = touches is { Length: > 0 } && touches[0] <= asOf ? touches[0] : ColumnarSnapshot.UnknownTime;
            if (createdIn)
            {
                deal.Created = true;
                var sla = slaTicks[plan.Stages[start] & ColumnarSnapshot.StageMask];
                deal.Answered = firstTouch != ColumnarSnapshot.UnknownTime;
                deal.AnsweredInSla = deal.Answered && firstTouch - created <= sla;
                deal.SlaDue = deal.AnsweredInSla || created + sla <= asOf;
                deal.Hours = Hours((deal.Answered ? firstTouch : closedAt == ColumnarSnapshot.UnknownTime ? asOf : closedAt) - created);
            }

            // Efficiency: the exits from each open row in the period (advanced at the first row beyond it, or lost there).
            var furthest = plan.Furthest[d];
            for (var r = 0; r <= furthest && r < rows.Count; r++)
            {
                if (rows[r].Kind != StageKind.Open)
                {
                    continue;
                }
                var exitAt = ColumnarSnapshot.UnknownTime;
                var advanced = furthest > r;
                if (advanced)
                {
                    for (var e = start; e < end; e++)
                    {
                        if (s.RowOf[plan.Stages[e] & ColumnarSnapshot.StageMask] > r)
                        {
                            exitAt = s.EventTicks[e];
                            break;
                        }
                    }
                }
                else if (outcome == StageKind.Lost)
                {
                    exitAt = s.EventTicks[end - 1];
                }
                if (!w.Holds(exitAt))
                {
                    continue;
                }
                var touchBand = stayFrom[r] == ColumnarSnapshot.UnknownTime ? -1 : TouchBand(Between(touches, stayFrom[r], exitAt + 1));
                var responseBand = created == ColumnarSnapshot.UnknownTime ? -1
                    : touches is { Length: > 0 } && touches[0] <= exitAt ? ResponseBand(Hours(touches[0] - created))
                    : FirstResponseBands.Count - 1;
                deal.Exit(r, advanced, touchBand, responseBand);
            }
            visitor.Deal(deal);
        }
    }

    /// <summary>The pass over the tasks: each assigned to a rep of the query, due in the period, on a deal in its scope.</summary>
    private static void Tasks(Pass pass, IReadOnlyList<FollowUpTask> tasks, IPassVisitor visitor)
    {
        var (plan, reps, w) = (pass.Plan, pass.Reps, pass.Window);
        if (tasks.Count == 0 || reps.Length == 0)
        {
            return;
        }
        var s = plan.Snapshot;
        var repOfUser = new Dictionary<int, int>();
        for (var r = 0; r < reps.Length; r++)
        {
            repOfUser.TryAdd(reps[r].UserId, r);
        }
        var slotOf = new Dictionary<long, int>(s.DealCount);
        for (var d = 0; d < s.Slots; d++)
        {
            if (s.EventStart[d] >= 0)
            {
                slotOf[s.DealIds[d]] = d;
            }
        }
        var asOf = plan.AsOf.UtcTicks;
        for (var i = 0; i < tasks.Count; i++)
        {
            var task = tasks[i];
            if (task.AssigneeId is not { } assignee || !repOfUser.TryGetValue(assignee, out var rep)
                || task.Due is not { } due || !w.Holds(due.UtcTicks)
                || !slotOf.TryGetValue(task.DealId, out var d) || plan.Outcome[d] == ColumnarSnapshot.Excluded || !plan.Selected(d))
            {
                continue;
            }
            visitor.Task(rep, i, task.DoneAt is { } done && done <= due && done.UtcTicks <= asOf);
        }
    }

    private static bool Entered(ulong low, ulong high, int stage) => ((stage < 64 ? low >> stage : high >> (stage - 64)) & 1) != 0;

    private static double Hours(long ticks) => (double)ticks / TimeSpan.TicksPerHour;

    /// <summary>Activities at or after <paramref name="from"/> and before <paramref name="toExcl"/>, in ascending times.</summary>
    private static int Between(long[]? ticks, long from, long toExcl)
    {
        if (ticks is null)
        {
            return 0;
        }
        var count = 0;
        foreach (var at in ticks)
        {
            if (at >= toExcl)
            {
                break;
            }
            count += at >= from ? 1 : 0;
        }
        return count;
    }

    private static int TouchBand(int touches) => touches switch { 0 => 0, 1 => 1, 2 => 2, < 5 => 3, _ => 4 };

    private static int ResponseBand(double hours) => hours switch { < 1 => 0, < 4 => 1, < 24 => 2, < 72 => 3, _ => 4 };

    /// <summary>One rep's counts in the pass; first-response hours and whether each was answered (1) or censored (0).</summary>
    private sealed class Tally
    {
        public long Deals;
        public long Touches;
        public long Actions;
        public long ActionsCompleted;
        public long TasksDue;
        public long TasksOnTime;
        public long Created;
        public long Answered;
        public long SlaDue;
        public long AnsweredInSla;
        public long Closed;
        public long Won;
        public decimal WonAmount;
        public readonly List<double> Hours = [];
        public readonly List<int> Causes = [];

        public void Add(HandledDeal deal)
        {
            Deals++;
            Touches += deal.Touches;
            Actions += deal.Actions;
            ActionsCompleted += deal.ActionsCompleted;
            Closed += deal.Closed ? 1 : 0;
            Won += deal.Won ? 1 : 0;
            WonAmount += deal.WonAmount;
            if (deal.Created)
            {
                Created++;
                Answered += deal.Answered ? 1 : 0;
                SlaDue += deal.SlaDue ? 1 : 0;
                AnsweredInSla += deal.AnsweredInSla ? 1 : 0;
                Hours.Add(deal.Hours);
                Causes.Add(deal.Answered ? 1 : 0);
            }
        }
    }

    /// <summary>One handled deal as the pass describes it: what it adds to its rep's figures, and its exits in the period.</summary>
    /// <remarks>Scratch reused for every deal of a pass. The first-response fields are set only for a deal created in the period.</remarks>
    private sealed class HandledDeal(int rows)
    {
        public int Rep;
        public int Slot;
        public int Touches;
        public int Actions;
        public int ActionsCompleted;
        public bool Closed;
        public bool Won;
        public decimal WonAmount;
        public bool Created;
        public bool Answered;
        public bool SlaDue;
        public bool AnsweredInSla;
        public double Hours;

        /// <summary>How many open rows the deal left in the period (each at most once), and for each its row, whether it advanced and its bands (-1: none).</summary>
        public int Exits;
        public readonly int[] ExitRow = new int[rows];
        public readonly bool[] ExitAdvanced = new bool[rows];
        public readonly int[] TouchBand = new int[rows];
        public readonly int[] ResponseBand = new int[rows];

        public void Start(int rep, int slot, int touches)
        {
            (Rep, Slot, Touches, Actions, ActionsCompleted, Exits) = (rep, slot, touches, 0, 0, 0);
            (Closed, Won, WonAmount) = (false, false, 0);
            (Created, Answered, SlaDue, AnsweredInSla, Hours) = (false, false, false, false, 0);
        }

        public void Exit(int row, bool advanced, int touchBand, int responseBand)
        {
            (ExitRow[Exits], ExitAdvanced[Exits], TouchBand[Exits], ResponseBand[Exits]) = (row, advanced, touchBand, responseBand);
            Exits++;
        }
    }

    /// <summary>Exits per open row, in total and per band of each curve (row-major).</summary>
    private sealed class EfficiencyTally(int rows)
    {
        public readonly long[] Left = new long[rows];
        public readonly long[] Advanced = new long[rows];
        public readonly long[] TouchLeft = new long[rows * TouchBands.Count];
        public readonly long[] TouchAdvanced = new long[rows * TouchBands.Count];
        public readonly long[] ResponseLeft = new long[rows * FirstResponseBands.Count];
        public readonly long[] ResponseAdvanced = new long[rows * FirstResponseBands.Count];

        public void Add(HandledDeal deal)
        {
            for (var e = 0; e < deal.Exits; e++)
            {
                Add(deal.ExitRow[e], deal.ExitAdvanced[e], deal.TouchBand[e], deal.ResponseBand[e]);
            }
        }

        private void Add(int row, bool advanced, int touchBand, int responseBand)
        {
            var up = advanced ? 1 : 0;
            Left[row]++;
            Advanced[row] += up;
            if (touchBand >= 0)
            {
                TouchLeft[(row * TouchBands.Count) + touchBand]++;
                TouchAdvanced[(row * TouchBands.Count) + touchBand] += up;
            }
            if (responseBand >= 0)
            {
                ResponseLeft[(row * FirstResponseBands.Count) + responseBand]++;
                ResponseAdvanced[(row * FirstResponseBands.Count) + responseBand] += up;
            }
        }
    }
}
