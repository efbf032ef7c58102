using Loudou.Core.Pipelines;

namespace Loudou.Core.Analytics;

/// <summary>The drill-down behind every number of the team report: the deals or tasks a figure counts.</summary>
public static partial class TeamExecution
{
    /// <summary>The figures <see cref="DealIds"/> lists the deals of (docs/metrics.md, "Team execution", drill-down).</summary>
    public static IReadOnlyList<string> DealFigures { get; } =
    [
        "handled", "closed", "won", "lost", "created", "answered", "unanswered", "slaDue", "slaMet", "slaMissed", "actionsMissed",
        "exits", "exitsAdvanced", "touchBand", "touchBandAdvanced", "responseBand", "responseBandAdvanced",
    ];

    /// <summary>The figures <see cref="TaskIds"/> lists the tasks of: tasksDue, tasksOnTime and the rest of tasksDue.</summary>
    public static IReadOnlyList<string> TaskFigures { get; } = ["due", "onTime", "late"];

    /// <summary>The ids of the deals behind one figure of one row of the team report, in snapshot order.</summary>
    /// <remarks>
    /// The report's own pass decides each deal, so the list's length is the report's number: handled = <c>deals</c>,
    /// closed, won, lost = closed − won, created = <c>dealsCreated</c>, answered, unanswered = dealsCreated − answered, slaDue,
    /// slaMet = <c>answeredInSla</c>, slaMissed = slaDue − answeredInSla; actionsMissed, the deals that entered a stage in the
    /// period with a standard action not done by the as-of moment (no number of the report, the deals behind its shortfall).
    /// Efficiency, per open <paramref name="stage"/>: exits and exitsAdvanced (the curve's <c>left</c> and <c>advanced</c>),
    /// touchBand and responseBand with a <paramref name="band"/> of <see cref="TouchBands"/> or <see cref="FirstResponseBands"/>
    /// (the band's <c>left</c>), and their …Advanced (its <c>advanced</c>). The report's curves pool every ranked rep, which is
    /// the total row; a rep or a team narrows them to its own exits.
    /// </remarks>
    /// <param name="figure">One of <see cref="DealFigures"/>.</param>
    /// <param name="login">A ranked rep's row; with neither this nor <paramref name="team"/>, the total row.</param>
    /// <param name="team">A team's row of the report.</param>
    /// <param name="stage">The open stage of an efficiency figure (its key); given only with one.</param>
    /// <param name="band">The band of a touchBand or responseBand figure; given only with one.</param>
    /// <exception cref="DomainRuleException">
    /// A bad query as <see cref="Compute"/> refuses it; an unknown figure, stage or band, or one given to a figure without it;
    /// a login that is not a ranked rep of the query, a team without a row, or both a login and a team.
    /// </exception>
    public static IReadOnlyList<long> DealIds(
        ColumnarSnapshot snapshot, TeamRoster roster, TeamQuery query, DateTimeOffset now,
        string figure, string? login = null, string? team = null, string? stage = null, string? band = null) =>
        Drilled(snapshot, roster, null, query, now, login, team, DealTarget(snapshot, figure, stage, band));

    /// <summary>The ids (<see cref="FollowUpTask.Id"/>) of the follow-up tasks behind a row's tasksDue, tasksOnTime or the late rest, in the given order.</summary>
    /// <param name="figure">One of <see cref="TaskFigures"/>.</param>
    /// <param name="login">A ranked rep's row; with neither this nor <paramref name="team"/>, the total row.</param>
    /// <param name="team">A team's row of the report.</param>
    /// <exception cref="DomainRuleException">As <see cref="DealIds"/> refuses its query and row; an unknown figure.</exception>
    public static IReadOnlyList<long> TaskIds(
        ColumnarSnapshot snapshot, TeamRoster roster, IReadOnlyList<FollowUpTask> tasks, TeamQuery query, DateTimeOffset now,
        string figure, string? login = null, string? team = null)
    {
        var index = IndexOf(TaskFigures, figure);
        if (index < 0)
        {
            Guard.Throw("figure", $"{new FieldName("figure")} '{figure}' is not a task figure; figures: {string.Join(", ", TaskFigures)}.");
        }
        return Drilled(snapshot, roster, tasks, query, now, login, team, new Target(Figure.Due + index));
    }

    /// <summary>The report's passes with a visitor that keeps the ids of the row's deals or tasks that count in the target.</summary>
    private static List<long> Drilled(
        ColumnarSnapshot snapshot, TeamRoster roster, IReadOnlyList<FollowUpTask>? tasks, TeamQuery query, DateTimeOffset now, string? login, string? team, Target target)
    {
        if (login is not null && team is not null)
        {
            Guard.Throw("team", $"{new FieldName("login")} and {new FieldName("team")} both choose the row; give one, or neither for the total.");
        }
        if (team is not null)
        {
            TeamExists(roster, team);
        }
        var pass = Begin(snapshot, roster, query, now);
        var rep = login is null ? -1 : Array.FindIndex(pass.Reps, m => m.Login == login);
        if (login is not null && rep < 0)
        {
            Guard.Throw("login", query.Team is null
                ? $"{new FieldName("login")} '{login}' is not a rep of the workspace."
                : $"{new FieldName("login")} '{login}' is not a rep of team '{query.Team}'.");
        }
        bool[] row = [.. pass.Reps.Select((m, r) => login is null ? team is null || m.Team == team : r == rep)];
        var drill = new Drill(snapshot, tasks, row, target);
        Deals(pass, query.FirstResponseSlaHours, drill);
        if (tasks is not null)
        {
            Tasks(pass, tasks, drill);
        }
        // A row of the report: a ranked rep, a team of ranked reps or the one asked for, or the total.
        if (login is not null && !drill.Handled[rep])
        {
            Guard.Throw("login", $"{new FieldName("login")} '{login}' handled no deal in the period, so has no row.");
        }
        if (team is not null && team != query.Team && !pass.Reps.Where((m, r) => drill.Handled[r] && m.Team == team).Any())
        {
            Guard.Throw("team", query.Team is null
                ? $"{new FieldName("team")} '{team}' has no row: none of its reps handled a deal in the period."
                : $"{new FieldName("team")} '{team}' has no row: the answer is narrowed to team '{query.Team}'.");
        }
        return drill.Ids;
    }

    /// <summary>Reads a deal figure with its stage and band, refusing what it does not take.</summary>
    private static Target DealTarget(ColumnarSnapshot snapshot, string figure, string? stage, string? band)
    {
        var f = (Figure)IndexOf(DealFigures, figure);
        if (f < 0)
        {
            Guard.Throw("figure", $"{new FieldName("figure")} '{figure}' is not a team figure with deals behind it; figures: {string.Join(", ", DealFigures)}.");
        }
        var efficiency = DealFigures.Skip((int)Figure.Exits);
        if (f < Figure.Exits)
        {
            if (stage is not null)
            {
                Guard.Throw("stage", $"{new FieldName("figure")} '{figure}' takes no {new FieldName("stage")}; only {string.Join(", ", efficiency)} do.");
            }
            if (band is not null)
            {
                Guard.Throw("band", $"{new FieldName("figure")} '{figure}' takes no {new FieldName("band")}; only {string.Join(", ", efficiency.Skip(2))} do.");
            }
            return new Target(f);
        }
        var rows = snapshot.Rows;
        var open = rows.Where(r => r.Kind == StageKind.Open).Select(r => r.Key).ToList();
        if (stage is null)
        {
            Guard.Throw("stage", $"{new FieldName("figure")} '{figure}' needs a {new FieldName("stage")}: one of {string.Join(", ", open)}.");
        }
        var row = rows.FindIndex(r => r.Key == stage && r.Kind == StageKind.Open);
        if (row < 0)
        {
            Guard.Throw("stage", $"{new FieldName("stage")} '{stage}' is not an open stage of pipeline '{snapshot.Pipeline.Key}'; open stages: {string.Join(", ", open)}.");
        }
        if (f < Figure.TouchBand)
        {
            if (band is not null)
            {
                Guard.Throw("band", $"{new FieldName("figure")} '{figure}' takes no {new FieldName("band")}; only {string.Join(", ", efficiency.Skip(2))} do.");
            }
            return new Target(f, row);
        }
        var (bands, curve) = f < Figure.ResponseBand ? (TouchBands, "touches") : (FirstResponseBands, "first response");
        var b = IndexOf(bands, band);
        if (b < 0)
        {
            Guard.Throw("band", band is null
                ? $"{new FieldName("figure")} '{figure}' needs a {new FieldName("band")}: one of {string.Join(", ", bands)}."
                : $"{new FieldName("band")} '{band}' is not a band of {curve}; bands: {string.Join(", ", bands)}.");
        }
        return new Target(f, row, b);
    }

    private static int IndexOf(IReadOnlyList<string> names, string? name)
    {
        for (var i = 0; i < names.Count; i++)
        {
            if (names[i] == name)
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary><see cref="DealFigures"/>, then <see cref="TaskFigures"/>, in their order.</summary>
    private enum Figure
    {
        Handled, Closed, Won, Lost, Created, Answered, Unanswered, SlaDue, SlaMet, SlaMissed, ActionsMissed,
        Exits, ExitsAdvanced, TouchBand, TouchBandAdvanced, ResponseBand, ResponseBandAdvanced,
        Due, OnTime, Late,
    }

    /// <summary>A figure, with the open row and the band index of an efficiency figure.</summary>
    private readonly record struct Target(Figure Figure, int Row = -1, int Band = -1)
    {
        /// <summary>Whether a handled deal counts in the figure, read from what the pass told the tallies.</summary>
        public bool Counts(HandledDeal deal) => Figure switch
        {
            Figure.Handled => true,
            Figure.Closed => deal.Closed,
            Figure.Won => deal.Won,
            Figure.Lost => deal.Closed && !deal.Won,
            Figure.Created => deal.Created,
            Figure.Answered => deal.Answered,
            Figure.Unanswered => deal.Created && !deal.Answered,
            Figure.SlaDue => deal.SlaDue,
            Figure.SlaMet => deal.AnsweredInSla,
            Figure.SlaMissed => deal.SlaDue && !deal.AnsweredInSla,
            Figure.ActionsMissed => deal.ActionsCompleted < deal.Actions,
            >= Figure.Exits and < Figure.Due => Exited(deal),
            _ => false,
        };

        public bool Counts(bool onTime) => Figure switch
        {
            Figure.Due => true,
            Figure.OnTime => onTime,
            Figure.Late => !onTime,
            _ => false,
        };

        /// <summary>The deal left the row in the period (at most once), advancing if asked, in the band if one is asked.</summary>
        private bool Exited(HandledDeal deal)
        {
            for (var e = 0; e < deal.Exits; e++)
            {
                if (deal.ExitRow[e] != Row)
                {
                    continue;
                }
                var advanced = Figure is Figure.ExitsAdvanced or Figure.TouchBandAdvanced or Figure.ResponseBandAdvanced;
                return (!advanced || deal.ExitAdvanced[e]) && Figure switch
                {
                    Figure.TouchBand or Figure.TouchBandAdvanced => deal.TouchBand[e] == Band,
                    Figure.ResponseBand or Figure.ResponseBandAdvanced => deal.ResponseBand[e] == Band,
                    _ => true,
                };
            }
            return false;
        }
    }

    /// <summary>The visitor of a drill-down: the ids of the row's deals or tasks that count in the target, and which reps are ranked.</summary>
    /// <remarks>The task pass follows the deal pass, so a rep's tasks count only once the rep is known to be ranked, as the report's rows count them.</remarks>
    private sealed class Drill(ColumnarSnapshot snapshot, IReadOnlyList<FollowUpTask>? tasks, bool[] row, Target target) : IPassVisitor
    {
        public readonly bool[] Handled = new bool[row.Length];
        public readonly List<long> Ids = [];

        public void Deal(HandledDeal deal)
        {
            Handled[deal.Rep] = true;
            if (row[deal.Rep] && target.Counts(deal))
            {
                Ids.Add(snapshot.DealIds[deal.Slot]);
            }
        }

        public void Task(int rep, int task, bool onTime)
        {
            if (row[rep] && Handled[rep] && target.Counts(onTime))
            {
                Ids.Add(tasks![task].Id);
            }
        }
    }
}
