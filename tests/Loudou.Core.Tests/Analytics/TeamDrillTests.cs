using Loudou.Core.Analytics;
using Loudou.Core.Pipelines;

namespace Loudou.Core.Tests.Analytics;

/// <summary>
/// The team report's drill-down: the deals and tasks behind each figure are the hand-worked ones on the small month, and on
/// the seeded random funnels every rep's, team's and the total's lists are as long as the report's numbers.
/// </summary>
public class TeamDrillTests
{
    private static readonly TeamQuery January = new() { AsOf = TeamExecutionTests.AsOf, Month = new DateOnly(2026, 1, 1) };

    [Fact]
    public void Each_rep_figure_lists_the_hand_worked_deals()
    {
        // ann: deals 1 (won), 2 (created, never answered, lost) and 3 (only touched); both created deals missed a lead action.
        Assert.Equal([1L, 2, 3], Deals("handled", "ann"));
        Assert.Equal([1L, 2], Deals("closed", "ann"));
        Assert.Equal([1L], Deals("won", "ann"));
        Assert.Equal([2L], Deals("lost", "ann"));
        Assert.Equal([1L, 2], Deals("created", "ann"));
        Assert.Equal([1L], Deals("answered", "ann"));
        Assert.Equal([2L], Deals("unanswered", "ann"));
        Assert.Equal([1L, 2], Deals("slaDue", "ann"));
        Assert.Equal([1L], Deals("slaMet", "ann"));
        Assert.Equal([2L], Deals("slaMissed", "ann"));
        Assert.Equal([1L, 2], Deals("actionsMissed", "ann"));
        // bob did one of the lead's three actions on deal 4; cat did every action of the one stage deal 5 entered.
        Assert.Equal([4L], Deals("actionsMissed", "bob"));
        Assert.Empty(Deals("actionsMissed", "cat"));
        Assert.Equal([5L], Deals("lost", "cat"));
    }

    [Fact]
    public void A_team_row_and_the_total_row_list_their_ranked_reps_deals()
    {
        Assert.Equal([1L, 2, 3, 4], Deals("handled", team: "A"));
        Assert.Equal([5L], Deals("handled", team: "B"));
        // The manager's deal 6 is in no row.
        Assert.Equal([1L, 2, 3, 4, 5], Deals("handled"));
        Assert.Equal([1L, 2, 5], Deals("closed"));
        // Narrowed to team B, the answer's rows are cat's, B's and the total.
        var b = January with { Team = "B" };
        Assert.Equal([5L], TeamExecution.DealIds(Columnar, TeamExecutionTests.Roster, b, TeamExecutionTests.AsOf, "handled"));
        Assert.Equal([5L], TeamExecution.DealIds(Columnar, TeamExecutionTests.Roster, b, TeamExecutionTests.AsOf, "handled", team: "B"));
    }

    [Fact]
    public void Efficiency_lists_the_exits_of_a_stage_and_band()
    {
        // Lead exits in January: 1 (advanced, 1 touch, answered after 2 h), 2 (lost, 0, none), 4 (advanced, 1, 24 h), 5 (lost, 1, half an hour).
        Assert.Equal([1L, 2, 4, 5], Deals("exits", stage: "lead"));
        Assert.Equal([1L, 4], Deals("exitsAdvanced", stage: "lead"));
        Assert.Equal([2L], Deals("touchBand", stage: "lead", band: "0"));
        Assert.Equal([1L, 4, 5], Deals("touchBand", stage: "lead", band: "1"));
        Assert.Equal([1L, 4], Deals("touchBandAdvanced", stage: "lead", band: "1"));
        Assert.Equal([5L], Deals("responseBand", stage: "lead", band: "<1h"));
        Assert.Equal([1L], Deals("responseBand", stage: "lead", band: "1-4h"));
        Assert.Equal([4L], Deals("responseBandAdvanced", stage: "lead", band: "24-72h"));
        Assert.Equal([2L], Deals("responseBand", stage: "lead", band: "none"));
        Assert.Equal([1L], Deals("touchBand", stage: "needs", band: "2"));
        // A rep's row narrows the curve to the rep's own exits.
        Assert.Equal([1L, 2], Deals("exits", "ann", stage: "lead"));
    }

    [Fact]
    public void Tasks_list_those_due_on_time_and_late()
    {
        Assert.Equal([101L, 102, 104], Tasks("due", "ann"));
        Assert.Equal([101L], Tasks("onTime", "ann"));
        Assert.Equal([102L, 104], Tasks("late", "ann"));
        Assert.Equal([105L], Tasks("onTime", "cat"));
        Assert.Empty(Tasks("due", "bob"));
        Assert.Equal([101L, 102, 104, 105], Tasks("due"));
        Assert.Equal([101L, 102, 104], Tasks("due", team: "A"));
    }

    [Fact]
    public void Bad_drill_downs_are_refused_naming_their_field()
    {
        var figure = Refused(() => Deals("wins"));
        Assert.Equal(("figure", "figure 'wins' is not a team figure with deals behind it; figures: " + string.Join(", ", TeamExecution.DealFigures) + "."), (figure.Field, figure.Message));
        Assert.Equal(("figure", "figure 'handled' is not a task figure; figures: due, onTime, late."), Field(() => Tasks("handled")));
        Assert.Equal(("login", "login 'mgr' is not a rep of the workspace."), Field(() => Deals("won", "mgr")));
        Assert.Equal(("login", "login 'nobody' is not a rep of the workspace."), Field(() => Tasks("due", "nobody")));
        Assert.Equal(("login", "login 'dan' handled no deal in the period, so has no row."), Field(() => Deals("won", "dan")));
        Assert.Equal(("login", "login 'ann' is not a rep of team 'B'."),
            Field(() => TeamExecution.DealIds(Columnar, TeamExecutionTests.Roster, January with { Team = "B" }, TeamExecutionTests.AsOf, "won", "ann")));
        Assert.Equal(("team", "team 'A' has no row: the answer is narrowed to team 'B'."),
            Field(() => TeamExecution.DealIds(Columnar, TeamExecutionTests.Roster, January with { Team = "B" }, TeamExecutionTests.AsOf, "won", team: "A")));
        Assert.Equal(("team", "team 'C' does not exist; teams: A, B."), Field(() => Deals("won", team: "C")));
        Assert.Equal("team", Field(() => Deals("won", "ann", "A")).Field);
        Assert.Equal(("stage", "stage 'won' is not an open stage of pipeline 'default'; open stages: lead, nurturing, needs, proposal, closing."),
            Field(() => Deals("exits", stage: "won")));
        Assert.Equal("stage", Field(() => Deals("touchBand", band: "1")).Field);
        Assert.Equal("stage", Field(() => Deals("won", stage: "lead")).Field);
        Assert.Equal(("band", "band '6+' is not a band of touches; bands: 0, 1, 2, 3-4, 5+."), Field(() => Deals("touchBand", stage: "lead", band: "6+")));
        Assert.Equal(("band", "figure 'responseBand' needs a band: one of <1h, 1-4h, 4-24h, 24-72h, >72h, none."), Field(() => Deals("responseBand", stage: "lead")));
        Assert.Equal("band", Field(() => Deals("exits", stage: "lead", band: "1")).Field);
        Assert.Equal("band", Field(() => Deals("won", band: "1")).Field);
        // The query is refused as the report refuses it.
        Assert.Equal("month", Refused(() => TeamExecution.DealIds(Columnar, TeamExecutionTests.Roster, January with { Month = new DateOnly(2027, 1, 1) }, TeamExecutionTests.AsOf, "won")).Field);
    }

    public static TheoryData<int> Seeds => TeamReferenceTests.Seeds;

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Every_rows_lists_are_as_long_as_the_reports_numbers(int seed)
    {
        var plain = RandomFunnel.Snapshot(seed, 1_500, Builders.SavedPipeline(BuiltinPipelines.Default));
        var columnar = ColumnarSnapshot.From(plain);
        var roster = TeamReferenceTests.Roster;
        var random = new Random(seed + 3000);
        var tasks = TeamReferenceTests.RandomTasks(random, plain);
        var deals = plain.Deals.ToDictionary(d => d.Id);
        var (drilled, missedSome, lateSome) = (0, false, false);
        for (var q = 0; q < 6; q++)
        {
            var query = TeamReferenceTests.RandomQuery(random, q);
            var asOf = query.AsOf!.Value;
            if ((query.Month ?? query.From) is { } first && plain.Calendar.StartOf(first) > asOf)
            {
                continue;
            }
            var report = TeamExecution.Compute(columnar, roster, tasks, query, asOf);
            var seen = FunnelEngine.TotalDealIds(columnar, new FunnelQuery { AsOf = asOf, Scope = query.Scope }, asOf, null).ToHashSet();
            var taskOf = tasks.ToDictionary(t => t.Id);
            var rows = report.Reps.Select(r => (Login: (string?)r.Login, Team: (string?)null, r.Figures))
                .Concat(report.Teams.Select(t => ((string?)null, (string?)t.Team, t.Figures)))
                .Append((null, null, report.Total));
            foreach (var (login, team, f) in rows)
            {
                var logins = report.Reps.Where(r => (login ?? r.Login) == r.Login && (team ?? r.Team) == r.Team).Select(r => r.Login).ToHashSet();
                var users = roster.Members.Where(m => logins.Contains(m.Login)).Select(m => (int?)m.UserId).ToHashSet();
                List<long> Ids(string figure, string? stage = null, string? band = null)
                {
                    var ids = TeamExecution.DealIds(columnar, roster, query, asOf, figure, login, team, stage, band);
                    Assert.Equal(ids.Count, ids.Distinct().Count());
                    Assert.All(ids, id => Assert.True(seen.Contains(id) && logins.Contains(deals[id].Dimensions["owner"][0]), $"{figure} {id}"));
                    return [.. ids];
                }
                List<long> TaskIds(string figure)
                {
                    var ids = TeamExecution.TaskIds(columnar, roster, tasks, query, asOf, figure, login, team);
                    Assert.Equal(ids.Count, ids.Distinct().Count());
                    Assert.All(ids, id => Assert.True(seen.Contains(taskOf[id].DealId) && users.Contains(taskOf[id].AssigneeId), $"{figure} task {id}"));
                    return [.. ids];
                }
                Assert.Equal(f.Deals, Ids("handled").Count);
                var won = Ids("won");
                Assert.Equal((f.Closed, f.Won, f.Closed - f.Won), (Ids("closed").Count, won.Count, Ids("lost").Count));
                Assert.Equal(f.WonAmount, won.Sum(id => deals[id].Amount ?? 0));
                Assert.Equal((f.DealsCreated, f.Answered, f.DealsCreated - f.Answered), (Ids("created").Count, Ids("answered").Count, Ids("unanswered").Count));
                Assert.Equal((f.SlaDue, f.AnsweredInSla, f.SlaDue - f.AnsweredInSla), (Ids("slaDue").Count, Ids("slaMet").Count, Ids("slaMissed").Count));
                // Every action of the stages entered is done exactly when no deal missed one.
                var missed = Ids("actionsMissed");
                Assert.Equal(f.Actions == f.ActionsCompleted, missed.Count == 0);
                Assert.True(missed.Count <= Math.Min(f.Deals, f.Actions - f.ActionsCompleted));
                Assert.Equal((f.TasksDue, f.TasksOnTime, f.TasksDue - f.TasksOnTime), (TaskIds("due").Count, TaskIds("onTime").Count, TaskIds("late").Count));
                (missedSome, lateSome) = (missedSome || missed.Count > 0, lateSome || f.TasksDue > f.TasksOnTime);
                if (login is not null || team is not null)
                {
                    continue;
                }
                // The report's curves are the total row's.
                foreach (var (curve, response) in report.Efficiency.ByTouches.Select(c => (c, false)).Concat(report.Efficiency.ByFirstResponse.Select(c => (c, true))))
                {
                    Assert.Equal((curve.Left, curve.Advanced), (Ids("exits", curve.Stage).Count, Ids("exitsAdvanced", curve.Stage).Count));
                    var figure = response ? "responseBand" : "touchBand";
                    foreach (var band in curve.Bands)
                    {
                        Assert.Equal((band.Left, band.Advanced), (Ids(figure, curve.Stage, band.Band).Count, Ids(figure + "Advanced", curve.Stage, band.Band).Count));
                    }
                }
                drilled++;
            }
        }
        Assert.True(drilled > 0 && missedSome && lateSome);
    }

    private static readonly ColumnarSnapshot Columnar = ColumnarSnapshot.From(TeamExecutionTests.Snapshot);

    private static IReadOnlyList<long> Deals(string figure, string? login = null, string? team = null, string? stage = null, string? band = null) =>
        TeamExecution.DealIds(Columnar, TeamExecutionTests.Roster, January, TeamExecutionTests.AsOf, figure, login, team, stage, band);

    private static IReadOnlyList<long> Tasks(string figure, string? login = null, string? team = null) =>
        TeamExecution.TaskIds(Columnar, TeamExecutionTests.Roster, TeamExecutionTests.Tasks, January, TeamExecutionTests.AsOf, figure, login, team);

    private static DomainRuleException Refused(Func<object> drill) => Assert.Throws<DomainRuleException>(drill);

    private static (string Field, string Message) Field(Func<object> drill)
    {
        var refused = Refused(drill);
        return (refused.Field, refused.Message);
    }
}
