using Loudou.Core.Analytics;
using Loudou.Core.Demo;
using Loudou.Core.Pipelines;

namespace Loudou.Core.Tests.Analytics;

/// <summary>
/// Drivers on the documented demo (docs/demo-data.md): the planted effects come out where they apply, and every
/// count behind an odds ratio equals a plain recount of the generated history, activities and completions.
/// </summary>
public class DriverDemoTests
{
    private static readonly DateTimeOffset AsOf = DemoSnapshot.DocumentedAsOf;

    private static readonly DriverReport Lead = Drivers.Find(DemoSnapshot.Documented, new DriverQuery { Stage = "lead", AsOf = AsOf }, AsOf);

    private static readonly DriverReport Needs = Drivers.Find(DemoSnapshot.Documented, new DriverQuery { Stage = "needs", AsOf = AsOf }, AsOf);

    [Fact]
    public void Feed_ads_and_a_first_response_slower_than_a_day_lower_advancing_from_the_lead_stage()
    {
        var feed = Lead.Items.Single(d => d.Feature == "channel" && d.Value == DemoCast.Channels[0].Name);
        var slow = Lead.Items.Single(d => d.Feature == "firstResponse" && d.Value == ">24h");

        // Planted: quality 0.5 at the lead step for Feed ads, ×0.7 for a slow first response.
        Assert.True(feed.Significant && feed.CiHigh < 1, $"Feed ads OR {feed.OddsRatio} [{feed.CiLow}, {feed.CiHigh}] q {feed.QValue}");
        Assert.True(slow.Significant && slow.CiHigh < 1, $"slow response OR {slow.OddsRatio} [{slow.CiLow}, {slow.CiHigh}] q {slow.QValue}");
        // The better channels go with advancing.
        var referrals = Lead.Items.Single(d => d.Feature == "channel" && d.Value == DemoCast.Channels.MaxBy(c => c.Quality)!.Name);
        Assert.True(referrals.Significant && referrals.CiLow > 1);
        // Significant ones come first, and each is labelled by its q-value against the run's level.
        Assert.Equal(Lead.Items.OrderByDescending(d => d.Significant).Select(d => d.Significant), Lead.Items.Select(d => d.Significant));
        Assert.All(Lead.Items, d => Assert.Equal(d.QValue <= Lead.Alpha, d.Significant));
    }

    [Fact]
    public void Skipping_a_required_action_lowers_advancing_from_needs_confirmed()
    {
        var stage = DemoSnapshot.Documented.Pipeline.FindStage("needs")!;

        foreach (var action in stage.Actions.Where(a => a.Required))
        {
            var done = Needs.Items.Single(d => d.Feature == "action" && d.Value == action.Key);
            Assert.True(done.Significant && done.CiLow > 1, $"{action.Key}: OR {done.OddsRatio} [{done.CiLow}, {done.CiHigh}]");
        }
        var all = Needs.Items.Single(d => d.Feature == "requiredActions");
        Assert.True(all.Significant && all.CiLow > 1, $"all required: OR {all.OddsRatio}");
        // The lead stage's own planted effects do not apply here: Feed ads quality acts on the first two steps only.
        Assert.DoesNotContain(Needs.Items, d => d.Feature == "firstResponse" && d.Value == ">24h" && d.Significant && d.OddsRatio < 1 && d.CiHigh < 0.8);
    }

    [Fact]
    public void Every_count_equals_a_plain_recount_and_every_ratio_the_textbook_formula()
    {
        foreach (var report in new[] { Lead, Needs })
        {
            var exits = Recount(report.Stage);
            Assert.Equal(exits.Count, report.Exits);
            Assert.Equal(exits.Count(e => e.Advanced), report.Advanced);
            foreach (var driver in report.Items)
            {
                var known = exits.Where(e => Band(e, driver.Feature) is not null).ToList();
                var with = known.Where(e => Holds(e, driver)).ToList();
                Assert.Equal((with.Count, with.Count(e => e.Advanced)), ((int)driver.WithN, (int)driver.WithAdvanced));
                Assert.Equal((known.Count - with.Count, known.Count(e => e.Advanced) - with.Count(e => e.Advanced)), ((int)driver.WithoutN, (int)driver.WithoutAdvanced));
                double a = driver.WithAdvanced, b = driver.WithN - driver.WithAdvanced, c = driver.WithoutAdvanced, d = driver.WithoutN - driver.WithoutAdvanced;
                if (a * b * c * d == 0)
                {
                    (a, b, c, d) = (a + 0.5, b + 0.5, c + 0.5, d + 0.5);
                }
                Assert.Equal(a * d / (b * c), driver.OddsRatio, 1e-9);
                Assert.True(driver.WithN >= report.MinN && driver.WithoutN >= report.MinN);
            }
            Assert.Equal(report.Tests, report.Items.Count);
        }
    }

    [Fact]
    public void Each_side_of_each_table_opens_exactly_its_deals()
    {
        var columnar = ColumnarSnapshot.From(DemoSnapshot.Documented);
        var query = new DriverQuery { Stage = "needs", AsOf = AsOf };
        var recount = Recount("needs").ToDictionary(e => e.Deal.Id);

        foreach (var driver in Needs.Items)
        {
            var with = Drivers.DealIds(columnar, query, AsOf, driver.Feature, driver.Value, with: true);
            var without = Drivers.DealIds(columnar, query, AsOf, driver.Feature, driver.Value, with: false);

            Assert.Equal((driver.WithN, driver.WithoutN), (with.Count, without.Count));
            Assert.Equal(driver.WithAdvanced, with.Count(id => recount[id].Advanced));
            Assert.All(with, id => Assert.True(Holds(recount[id], driver)));
            Assert.Empty(with.Intersect(without));
        }
        var refused = Assert.Throws<DomainRuleException>(() => Drivers.DealIds(columnar, query, AsOf, "action", "nope", true));
        Assert.Equal("feature", refused.Field);
        Assert.Throws<DomainRuleException>(() => Drivers.DealIds(columnar, query, AsOf, "colour", "red", true));
    }

    [Fact]
    public void An_outcome_stage_an_unknown_stage_and_too_few_exits_are_refused_with_the_reason()
    {
        var demo = DemoSnapshot.Documented;

        var won = Assert.Throws<DomainRuleException>(() => Drivers.Find(demo, new DriverQuery { Stage = "won", AsOf = AsOf }, AsOf));
        Assert.Equal("stage", won.Field);
        Assert.Contains("outcome stage", won.Message);
        Assert.Contains("lead, nurturing, needs, proposal, closing", won.Message);
        var unknown = Assert.Throws<DomainRuleException>(() => Drivers.Find(demo, new DriverQuery { Stage = "nope", AsOf = AsOf }, AsOf));
        Assert.Contains("'nope' is not a stage", unknown.Message);
        var day = new DateOnly(2026, 11, 20);
        var few = Assert.Throws<DomainRuleException>(() => Drivers.Find(demo, new DriverQuery { Stage = "closing", AsOf = AsOf, From = day, To = day }, AsOf));
        Assert.Contains("nothing can be tested", few.Message);
    }

    private sealed record Exit(Stage Stage, FunnelDeal Deal, DateTimeOffset Entered, DateTimeOffset At, bool Advanced);

    /// <summary>The demo's exits from a stage read straight off each history: the row after the stage's is where the deal went.</summary>
    private static List<Exit> Recount(string stageKey)
    {
        var pipeline = DemoSnapshot.Documented.Pipeline;
        var stage = pipeline.FindStage(stageKey)!;
        var exits = new List<Exit>();
        foreach (var deal in DemoSnapshot.Documented.Deals)
        {
            var i = deal.History.ToList().FindIndex(h => h.StageId == stage.Id);
            if (i >= 0 && i + 1 < deal.History.Count && deal.History[i + 1].At <= AsOf)
            {
                var next = pipeline.Stages.Single(s => s.Id == deal.History[i + 1].StageId);
                exits.Add(new Exit(stage, deal, deal.History[i].At!.Value, deal.History[i + 1].At!.Value, next.Kind != StageKind.Lost));
            }
        }
        return exits;
    }

    /// <summary>The exit's band of an activity feature, "" for the others (always known); null when it cannot be told.</summary>
    private static string? Band(Exit exit, string feature)
    {
        switch (feature)
        {
            case "touches":
                var touches = exit.Deal.Touches.Count(t => t >= exit.Entered && t <= exit.At);
                return touches switch { 0 => "0", 1 => "1", 2 or 3 => "2-3", _ => "4+" };
            case "firstResponse":
                var first = exit.Deal.Touches.Where(t => t <= exit.At).DefaultIfEmpty(DateTimeOffset.MaxValue).Min();
                if (first == DateTimeOffset.MaxValue)
                {
                    return "none";
                }
                var hours = (first - exit.Deal.CreatedAt!.Value).TotalHours;
                return hours < 1 ? "<1h" : hours < 4 ? "1-4h" : hours < 24 ? "4-24h" : ">24h";
            default:
                return "";
        }
    }

    private static bool Holds(Exit exit, Driver driver)
    {
        bool Done(StageAction action) => exit.Deal.Completions.Any(c => c.ActionId == action.Id && c.At <= exit.At);
        return driver.Feature switch
        {
            "touches" or "firstResponse" => Band(exit, driver.Feature) == driver.Value,
            "action" => Done(exit.Stage.Actions.Single(a => a.Key == driver.Value)),
            "requiredActions" => exit.Stage.Actions.Where(a => a.Required).All(Done),
            _ => exit.Deal.Dimensions.GetValueOrDefault(driver.Feature)?.Contains(driver.Value) == true,
        };
    }
}
