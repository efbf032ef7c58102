using Loudou.Core.Analytics;
using Loudou.Core.Pipelines;
using Loudou.Core.Workspace;

namespace Loudou.Core.Tests.Analytics;

/// <summary>Team execution on a small hand-made month, every figure worked out by hand, and the refusals of bad input.</summary>
public class TeamExecutionTests
{
    private static readonly DateTimeOffset Jan = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    internal static readonly DateTimeOffset AsOf = new(2026, 2, 10, 0, 0, 0, TimeSpan.Zero);
    private static readonly Pipeline Pipeline = Builders.SavedPipeline(BuiltinPipelines.Default);

    internal static readonly TeamRoster Roster = new(
    [
        new(1, "ann", "Ann", UserRole.Rep, "A"),
        new(2, "bob", "Bob", UserRole.Rep, "A"),
        new(3, "cat", "Cat", UserRole.Rep, "B"),
        new(4, "mgr", "Manager", UserRole.Manager, "A"),
        new(5, "dan", "Dan", UserRole.Rep, "B"),
    ]);

    // Every stage of the default pipeline has three standard actions (won and lost none); the lead stage's first response is due within 24 hours.
    internal static readonly FunnelSnapshot Snapshot = new(Pipeline,
    [
        // ann: created and worked through to won in January; 2 of lead's, 1 of nurturing's, all 3 of needs' actions done.
        Deal(1, "ann", 1000m, ["lead@1", "nurturing@4", "needs@9", "proposal@19", "won@27"], [At(1, 2), At(5), At(11), At(14)],
            [("lead", 0, At(1, 3)), ("lead", 1, At(2)), ("nurturing", 0, At(6)), ("needs", 0, At(10)), ("needs", 1, At(12)), ("needs", 2, At(15))]),
        // ann: created 10 Jan, never answered, lost at the lead stage on 20 Jan.
        Deal(2, "ann", 500m, ["lead@9", "lost@19"], [], []),
        // ann: created in December, sits in nurturing; touched once in January (handled, but entered no stage in January).
        Deal(3, "ann", null, ["lead@-12", "nurturing@-4"], [At(-12, 5), At(2)], []),
        // bob: answered 24 hours after creation (band 24-72h, yet within the 24-hour deadline), now in nurturing.
        Deal(4, "bob", null, ["lead@14", "nurturing@17"], [At(15)], [("lead", 0, At(14))]),
        // cat: answered in half an hour, every lead action done, lost on 6 Jan.
        Deal(5, "cat", 2000m, ["lead@2", "lost@5"], [At(2, 0.5)], [("lead", 0, At(2, 0.1)), ("lead", 1, At(3)), ("lead", 2, At(4))]),
        // The manager's deal is nobody's in the ranking.
        Deal(6, "mgr", 9999m, ["lead@4", "nurturing@5", "needs@6", "proposal@7", "closing@8", "won@24"], [At(4, 1)], []),
    ], WorkspaceSettings.Create("UTC", "CNY").Calendar);

    internal static readonly FollowUpTask[] Tasks =
    [
        new(1, 1, At(4), At(3)) { Id = 101 }, // ann, done a day early: on time
        new(2, 1, At(12), At(13)) { Id = 102 }, // ann, done a day late
        new(3, 1, At(33), null) { Id = 103 }, // ann, due in February: not in the period
        new(1, 1, At(24), null) { Id = 104 }, // ann, never done: late
        new(5, 3, At(3), At(3)) { Id = 105 }, // cat, done at the due moment: on time
        new(5, null, At(3), null) { Id = 106 }, // nobody's
        new(99, 3, At(3), null) { Id = 107 }, // a deal not in the pipeline
    ];

    private static readonly TeamReport January = Compute(new TeamQuery { AsOf = AsOf, Month = new DateOnly(2026, 1, 1) });

    [Fact]
    public void Each_rep_figure_equals_the_hand_count()
    {
        var ann = January.Reps.Single(r => r.Login == "ann").Figures;
        // Deals 1, 2 (created) and 3 (touched); touches in January: 4 on deal 1, 1 on deal 3.
        Assert.Equal((3L, 5L), (ann.Deals, ann.Touches));
        Assert.Equal(5.0 / 3, ann.TouchesPerDeal!.Value, 12);
        // Stages entered in January: deal 1 lead, nurturing, needs, proposal (12 actions; 2 + 1 + 3 done), deal 2 lead (3, none).
        Assert.Equal((15L, 6L, 0.4), (ann.Actions, ann.ActionsCompleted, ann.CompletionRate!.Value));
        // Tasks due in January: 3, of which 1 done by its due moment.
        Assert.Equal((3L, 1L), (ann.TasksDue, ann.TasksOnTime));
        // First response: deal 1 after 2 h, deal 2 never (censored at its loss after 240 h): S falls to 1/2 at 2 h.
        Assert.Equal((2L, 1L, 2.0), (ann.DealsCreated, ann.Answered, ann.MedianFirstResponseHours!.Value));
        Assert.Equal((2L, 1L), (ann.SlaDue, ann.AnsweredInSla));
        // Closed in January: deal 1 won (1,000), deal 2 lost.
        Assert.Equal((2L, 1L, 0.5, 1000m), (ann.Closed, ann.Won, ann.WinRate!.Value, ann.WonAmount));
        Assert.Equal(Wilson.Interval(1, 2), ann.WinRateInterval);

        var bob = January.Reps.Single(r => r.Login == "bob").Figures;
        Assert.Equal((1L, 1L, 6L, 1L, 24.0, 1L, 1L), (bob.Deals, bob.Touches, bob.Actions, bob.ActionsCompleted, bob.MedianFirstResponseHours!.Value, bob.SlaDue, bob.AnsweredInSla));
        Assert.Null(bob.WinRate);
        Assert.Equal(TeamReasons.NoDealsClosed, bob.WinRateReason);
        Assert.Null(bob.OnTimeRate);
        Assert.Equal(TeamReasons.NoTasksDue, bob.OnTimeRateReason);

        var cat = January.Reps.Single(r => r.Login == "cat").Figures;
        Assert.Equal((1.0, 1.0, 0.5, 0.0), (cat.CompletionRate!.Value, cat.OnTimeRate!.Value, cat.MedianFirstResponseHours!.Value, cat.WinRate!.Value));
    }

    [Fact]
    public void The_ranking_shows_its_parts_and_ranks_by_score()
    {
        // Ranked: ann, bob, cat (dan handled no deal; the manager is not a rep). Best win rate 0.5 (ann), highest won amount 1,000 (ann).
        Assert.Equal(["ann", "cat", "bob"], January.Reps.Select(r => r.Login));
        Assert.Equal(new TeamBest(0.5, 1000m), January.Best);
        var ann = January.Reps[0].Score;
        // Results: (100 + 100) / 2. Process: completion 40 weighs 2, on time 33.3 and in time 50 weigh 1: (80 + 33.3 + 50) / 4.
        Assert.Equal(100, ann.Results!.Value, 9);
        Assert.Equal(((2 * 40) + (100.0 / 3) + 50) / 4, ann.Process!.Value, 9);
        Assert.Equal((0.6 * 100) + (0.4 * ann.Process.Value), ann.Score!.Value, 9);
        var cat = January.Reps[1].Score;
        // Win rate 0 of the best 0.5, no amount: results 0; every process component 100.
        Assert.Equal((0.0, 0.0, 100.0, 40.0), (cat.WinRate!.Value, cat.WonAmount!.Value, cat.Process!.Value, cat.Score!.Value));
        var bob = January.Reps[2].Score;
        // No win rate (left out), no amount: results 0; process: completion 1/6 weighs 2, no tasks (left out), in time 100 weighs 1.
        Assert.Null(bob.WinRate);
        Assert.Equal(((2 * 100.0 / 6) + 100) / 3, bob.Process!.Value, 9);
        Assert.Equal(0.4 * bob.Process.Value, bob.Score!.Value, 9);
        Assert.Equal([1, 2, 3], January.Reps.Select(r => r.Score.Rank!.Value));
    }

    [Fact]
    public void Teams_pool_their_reps_and_a_team_filter_ranks_within_the_team()
    {
        var a = January.Teams.Single(t => t.Team == "A");
        // ann and bob pooled: first responses at 2 h and 24 h and one censored at 240 h, so S = 2/3, then 1/3 at 24 h.
        Assert.Equal((2, 4L, 21L, 7L, 24.0, 0.5), (a.Reps, a.Figures.Deals, a.Figures.Actions, a.Figures.ActionsCompleted, a.Figures.MedianFirstResponseHours!.Value, a.Figures.WinRate!.Value));
        Assert.Equal(["A", "B"], January.Teams.Select(t => t.Team));
        Assert.Equal(5L, January.Total.Deals);

        var b = Compute(new TeamQuery { AsOf = AsOf, Month = new DateOnly(2026, 1, 1), Team = "B" });
        Assert.Equal(["cat"], b.Reps.Select(r => r.Login));
        // Alone, cat is the best of the group: win rate 0 of a best of 0 and no amount leave no results part; the score is the process part.
        Assert.Equal((null, 100.0, 100.0, 1), (b.Reps[0].Score.Results, b.Reps[0].Score.Process!.Value, b.Reps[0].Score.Score!.Value, b.Reps[0].Score.Rank!.Value));
        Assert.Equal(TeamReasons.NoResults, b.Reps[0].Score.ResultsReason);
    }

    [Fact]
    public void Efficiency_bands_each_exit_by_touches_in_the_stay_and_by_first_response()
    {
        var lead = January.Efficiency.ByTouches.Single(c => c.Stage == "lead");
        // Lead exits in January by reps' deals: 1 (advanced, 1 touch), 2 (lost, 0), 4 (advanced, 1), 5 (lost, 1).
        Assert.Equal((4L, 2L), (lead.Left, lead.Advanced));
        Assert.Equal([(1L, 0L), (3L, 2L), (0L, 0L), (0L, 0L), (0L, 0L)], lead.Bands.Select(b => (b.Left, b.Advanced)));
        Assert.Equal(Wilson.Interval(2, 3), (lead.Bands[1].Low, lead.Bands[1].High));
        Assert.True(lead.Bands[1].TooFew);
        var response = January.Efficiency.ByFirstResponse.Single(c => c.Stage == "lead");
        Assert.Equal(["<1h", "1-4h", "4-24h", "24-72h", ">72h", "none"], response.Bands.Select(b => b.Band));
        Assert.Equal([(1L, 0L), (1L, 1L), (0L, 0L), (1L, 1L), (0L, 0L), (1L, 0L)], response.Bands.Select(b => (b.Left, b.Advanced)));
        // Deal 1 left nurturing (1 touch), needs (2) and proposal (0) in January too.
        Assert.Equal([0L, 1L, 0L, 0L, 0L], January.Efficiency.ByTouches.Single(c => c.Stage == "nurturing").Bands.Select(b => b.Left));
        Assert.Equal([0L, 0L, 1L, 0L, 0L], January.Efficiency.ByTouches.Single(c => c.Stage == "needs").Bands.Select(b => b.Left));
        Assert.Equal([1L, 0L, 0L, 0L, 0L], January.Efficiency.ByTouches.Single(c => c.Stage == "proposal").Bands.Select(b => b.Left));
    }

    [Fact]
    public void The_json_has_the_contract_fields_with_rates_as_fractions_and_reasons_beside_nulls()
    {
        var json = TeamJson.Write(January, TimeZoneInfo.Utc);
        Assert.Equal("2026-01", (string?)json["month"]);
        var ann = json["reps"]![0]!;
        string[] contract = ["login", "displayName", "team", "completionRate", "onTimeRate", "medianFirstResponseHours", "touchesPerDeal", "deals",
            "winRate", "winRateLow", "winRateHigh", "wonAmount", "resultsScore", "processScore", "score", "rank"];
        Assert.All(contract, field => Assert.True(ann.AsObject().ContainsKey(field), field));
        Assert.Equal(0.4, (double)ann["completionRate"]!);
        Assert.Equal(1, (int)ann["rank"]!);
        var bob = json["reps"]![2]!;
        Assert.Null(bob["winRate"]);
        Assert.Equal("noDealsClosed", (string?)bob["winRateReason"]);
        Assert.Equal("A", (string?)json["teams"]![0]!["team"]);
        Assert.Equal(4, (long)json["efficiency"]!["byTouches"]![0]!["left"]!);
        Assert.Equal("none", (string?)json["efficiency"]!["byFirstResponse"]![0]!["bands"]![5]!["band"]);
    }

    [Fact]
    public void A_month_without_deals_says_so_with_an_empty_ranking()
    {
        var report = Compute(new TeamQuery { AsOf = AsOf, Month = new DateOnly(2025, 6, 1) });

        Assert.Empty(report.Reps);
        Assert.Equal(TeamReasons.NoDealsHandled, report.Note);
        Assert.Equal("no deal was created, moved or touched in the period", TeamReasons.Text(report.Note!, "en"));
        Assert.Null(report.Total.WinRate);
        Assert.Equal(TeamReasons.NoDealsHandled, report.Total.TouchesPerDealReason);
    }

    [Fact]
    public void Bad_input_is_refused_naming_its_field()
    {
        var late = Assert.Throws<DomainRuleException>(() => Compute(new TeamQuery { AsOf = AsOf, Month = new DateOnly(2027, 1, 1) }));
        Assert.Equal(("month", "month 2027-01 starts after the as-of moment 2026-02-10."), (late.Field, late.Message));
        var team = Assert.Throws<DomainRuleException>(() => Compute(new TeamQuery { AsOf = AsOf, Team = "C" }));
        Assert.Equal(("team", "team 'C' does not exist; teams: A, B."), (team.Field, team.Message));
        var both = Assert.Throws<DomainRuleException>(() => Compute(new TeamQuery { AsOf = AsOf, Month = new DateOnly(2026, 1, 1), From = new DateOnly(2026, 1, 1) }));
        Assert.Equal("month", both.Field);
        Assert.Equal("resultsWeight", Assert.Throws<DomainRuleException>(() => Compute(new TeamQuery { AsOf = AsOf, ResultsWeight = 1.5 })).Field);
        Assert.Equal("from", Assert.Throws<DomainRuleException>(() => Compute(new TeamQuery { AsOf = AsOf, From = new DateOnly(2026, 3, 1) })).Field);
        // A team with no reps exists: an empty answer, not a refusal.
        var empty = TeamExecution.Compute(ColumnarSnapshot.From(Snapshot), Roster with { Teams = ["C"] }, Tasks, new TeamQuery { AsOf = AsOf, Team = "C" }, AsOf);
        Assert.Equal((TeamReasons.NoDealsHandled, "C"), (empty.Note, empty.Teams.Single().Team));
    }

    [Fact]
    public void A_month_is_read_as_the_cli_and_the_api_take_it()
    {
        Assert.Equal(new DateOnly(2026, 11, 1), AnalysisText.Month("2026-11"));
        Assert.Null(AnalysisText.Month(null));
        foreach (var bad in new[] { "2026-13", "2026-1", "2026-11-01", "Nov" })
        {
            var refused = Assert.Throws<DomainRuleException>(() => AnalysisText.Month(bad));
            Assert.Equal(("month", $"month '{bad}' is not a month like 2026-11."), (refused.Field, refused.Message));
        }
    }

    [Fact]
    public void An_earlier_as_of_sees_only_what_had_happened_by_then()
    {
        // As of 14 Jan 12:00: deal 1 is in needs, deal 2 open in lead, deal 4 not yet created.
        var mid = Compute(new TeamQuery { AsOf = Jan.AddDays(13.5), Month = new DateOnly(2026, 1, 1) });
        var ann = mid.Reps.Single(r => r.Login == "ann").Figures;
        // Touches so far: 3 on deal 1, 1 on deal 3; tasks due by then: the one done early and the one done late (on 14 Jan).
        Assert.Equal((0L, 4L, 2L, 1L), (ann.Closed, ann.Touches, ann.TasksDue, ann.TasksOnTime));
        // Deal 2, created 10 Jan and unanswered, is censored at the as-of moment; its 24-hour deadline has passed.
        Assert.Equal((2L, 1L, 2L, 1L), (ann.DealsCreated, ann.Answered, ann.SlaDue, ann.AnsweredInSla));
        Assert.DoesNotContain(mid.Reps, r => r.Login == "bob");
    }

    internal static TeamReport Compute(TeamQuery query) => TeamExecution.Compute(ColumnarSnapshot.From(Snapshot), Roster, Tasks, query, AsOf);

    private static DateTimeOffset At(double day, double hours = 0) => Jan.AddDays(day).AddHours(hours);

    private static FunnelDeal Deal(long id, string owner, decimal? amount, string[] path, DateTimeOffset[] touches, (string Stage, int Action, DateTimeOffset At)[] done)
    {
        var history = path.Select(p => p.Split('@')).Select(p => (Pipeline.FindStage(p[0])!.Id, (DateTimeOffset?)At(double.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture)))).ToList();
        var team = Roster.Members.Single(m => m.Login == owner).Team!;
        return new FunnelDeal(id, history[0].Item2, history, new Dictionary<string, IReadOnlyList<string>> { ["owner"] = [owner], ["team"] = [team] })
        {
            Amount = amount,
            Touches = touches,
            Completions = [.. done.Select(c => (Pipeline.FindStage(c.Stage)!.Actions[c.Action].Id, c.At))],
        };
    }
}
