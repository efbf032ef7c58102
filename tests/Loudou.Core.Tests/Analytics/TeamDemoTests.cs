using Loudou.Core.Analytics;
using Loudou.Core.Demo;

namespace Loudou.Core.Tests.Analytics;

/// <summary>
/// Team execution on the documented demo (docs/demo-data.md): the planted effects show where they were planted. zhang.wei
/// (skill 1.4, compliance 0.2) wins most and completes fewest actions; liu.yang (median first response 30 h) answers
/// slowest, and a first response slower than a day costs conversion at the lead stage.
/// </summary>
public class TeamDemoTests
{
    private static readonly DateTimeOffset AsOf = DemoSnapshot.DocumentedAsOf;
    private static readonly ColumnarSnapshot Columnar = ColumnarSnapshot.From(DemoSnapshot.Documented);
    private static readonly TeamReport AllTime = Compute(new TeamQuery { AsOf = AsOf });
    private static readonly TeamReport November = Compute(new TeamQuery { AsOf = AsOf, Month = new DateOnly(2026, 11, 1) });

    [Fact]
    public void Completion_over_all_time_is_the_rate_demo_data_documents()
    {
        var byCompletion = AllTime.Reps.OrderBy(r => r.Figures.CompletionRate).ToList();

        // docs/demo-data.md, effect 3: completions ÷ actions of the stages his deals entered, 19.9%; next lowest 54.3%.
        Assert.Equal((DemoCast.StarRep, 0.199), (byCompletion[0].Login, Math.Round(byCompletion[0].Figures.CompletionRate!.Value, 3)));
        Assert.Equal(0.543, Math.Round(byCompletion[1].Figures.CompletionRate!.Value, 3));
        Assert.Equal(12, AllTime.Reps.Count);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("2026-11")]
    public void The_star_rep_has_the_best_results_and_the_worst_process(string? month)
    {
        var report = month is null ? AllTime : November;
        var star = report.Reps.Single(r => r.Login == DemoCast.StarRep);
        var others = report.Reps.Where(r => r.Login != DemoCast.StarRep).ToList();

        Assert.All(others, r => Assert.True(star.Figures.WinRate > r.Figures.WinRate, $"{r.Login} {r.Figures.WinRate} ≥ {star.Figures.WinRate}"));
        Assert.All(others, r => Assert.True(star.Figures.CompletionRate < r.Figures.CompletionRate));
        // A high results part (the best), the lowest process part: strong results, poor process, shown side by side.
        Assert.All(others, r => Assert.True(star.Score.Results > r.Score.Results));
        Assert.All(others, r => Assert.True(star.Score.Process < r.Score.Process, $"{r.Login} process {r.Score.Process} ≤ {star.Score.Process}"));
        Assert.Equal(100, star.Score.WinRate!.Value, 9);
    }

    [Fact]
    public void The_slow_rep_answers_slowest_and_most_of_his_leads_leave_in_the_slow_bands()
    {
        var liu = AllTime.Reps.Single(r => r.Login == "liu.yang");
        var star = AllTime.Reps.Single(r => r.Login == DemoCast.StarRep);

        Assert.All(AllTime.Reps.Where(r => r != liu), r => Assert.True(liu.Figures.MedianFirstResponseHours > r.Figures.MedianFirstResponseHours));
        Assert.InRange(liu.Figures.MedianFirstResponseHours!.Value, 24, 40);
        Assert.True(liu.Figures.MedianFirstResponseHours > 5 * star.Figures.MedianFirstResponseHours);
        Assert.All(AllTime.Reps.Where(r => r != liu), r => Assert.True(liu.Figures.FirstResponseInSlaRate < r.Figures.FirstResponseInSlaRate));

        // His own curve (his scope): most of his leads left the stage after a first response slower than a day; the star's almost none.
        static double SlowShare(TeamReport report)
        {
            var lead = report.Efficiency.ByFirstResponse.Single(c => c.Stage == "lead");
            return (double)lead.Bands.Where(b => b.Band is "24-72h" or ">72h").Sum(b => b.Left) / lead.Bands.Sum(b => b.Left);
        }
        Assert.True(SlowShare(Compute(new TeamQuery { AsOf = AsOf, Scope = new AnalyticsScope("liu.yang", null) })) > 0.5);
        Assert.True(SlowShare(Compute(new TeamQuery { AsOf = AsOf, Scope = new AnalyticsScope(DemoCast.StarRep, null) })) < 0.05);
    }

    [Fact]
    public void A_first_response_slower_than_a_day_costs_conversion_at_the_lead_stage()
    {
        var lead = AllTime.Efficiency.ByFirstResponse.Single(c => c.Stage == "lead").Bands.ToDictionary(b => b.Band);

        // Planted ×0.7 on the lead step for a response over 24 h: every slow band's interval lies below every fast band's.
        foreach (var fast in new[] { "<1h", "1-4h", "4-24h" })
        {
            foreach (var slow in new[] { "24-72h", ">72h" })
            {
                Assert.True(lead[slow].High < lead[fast].Low, $"{slow} [{lead[slow].Low}, {lead[slow].High}] vs {fast} [{lead[fast].Low}, {lead[fast].High}]");
                Assert.False(lead[slow].TooFew || lead[fast].TooFew);
            }
        }
        Assert.InRange(lead["24-72h"].Rate!.Value / lead["4-24h"].Rate!.Value, 0.55, 0.85);
        // The same exits as drivers counts them (its bands are <1h, 1-4h, 4-24h, >24h, none): the curve is the drivers' table, finer.
        var drivers = Drivers.Find(DemoSnapshot.Documented, new DriverQuery { Stage = "lead", AsOf = AsOf }, AsOf);
        var slowDriver = drivers.Items.Single(d => d.Feature == "firstResponse" && d.Value == ">24h");
        Assert.Equal((slowDriver.WithN, slowDriver.WithAdvanced), (lead["24-72h"].Left + lead[">72h"].Left, lead["24-72h"].Advanced + lead[">72h"].Advanced));
        Assert.Equal(drivers.Exits, AllTime.Efficiency.ByFirstResponse.Single(c => c.Stage == "lead").Left);
    }

    [Fact]
    public void Teams_pool_their_reps_and_the_east_team_ranks_alone_when_asked()
    {
        Assert.Equal(DemoCast.Teams.Select(t => t.Name).Order(StringComparer.Ordinal), November.Teams.Select(t => t.Team));
        Assert.Equal(November.Reps.Sum(r => r.Figures.Deals), November.Teams.Sum(t => t.Figures.Deals));
        Assert.Equal(November.Total.Won, November.Teams.Sum(t => t.Figures.Won));

        var east = Compute(new TeamQuery { AsOf = AsOf, Month = new DateOnly(2026, 11, 1), Team = DemoCast.Teams[0].Name });
        Assert.Equal(4, east.Reps.Count);
        Assert.All(east.Reps, r => Assert.Equal(DemoCast.Teams[0].Name, r.Team));
        // The team's figures do not depend on who else is ranked.
        Assert.Equal(November.Teams.Single(t => t.Team == DemoCast.Teams[0].Name), east.Teams.Single());
    }

    [Fact]
    public void A_month_after_the_as_of_moment_and_an_unknown_team_are_refused()
    {
        var late = Assert.Throws<DomainRuleException>(() => Compute(new TeamQuery { AsOf = AsOf, Month = new DateOnly(2027, 1, 1) }));
        Assert.Equal("month 2027-01 starts after the as-of moment 2026-11-25.", late.Message);
        var team = Assert.Throws<DomainRuleException>(() => Compute(new TeamQuery { AsOf = AsOf, Team = "West" }));
        Assert.Equal($"team 'West' does not exist; teams: {string.Join(", ", DemoCast.Teams.Select(t => t.Name).Order(StringComparer.Ordinal))}.", team.Message);
        var before = Compute(new TeamQuery { AsOf = AsOf, Month = new DateOnly(2024, 1, 1) });
        Assert.Equal((0, TeamReasons.NoDealsHandled), (before.Reps.Count, before.Note));
    }

    private static TeamReport Compute(TeamQuery query) => TeamExecution.Compute(Columnar, DemoSnapshot.Roster, DemoSnapshot.DocumentedTasks, query, AsOf);
}
