using Loudou.Core.Analytics;

namespace Loudou.Core.Tests.Analytics;

/// <summary>Each open stage's target beside its conversion, on both engine paths: the most specific one for the team asked and the as-of month.</summary>
public class FunnelTargetsTests
{
    // 20 July 2026 (UTC): the as-of month is July.
    private static readonly DateTimeOffset AsOf = FunnelBuilder.Day0.AddDays(200);

    [Fact]
    public void The_stage_row_carries_the_target_of_the_team_asked_and_the_as_of_month_and_the_won_row_none()
    {
        var builder = new FunnelBuilder("lead", "needs")
            .Add(10, "lead@150 needs@160 won@170", ("team", "A"))
            .Add(10, "lead@150 lost@151", ("team", "B"));
        var (lead, needs) = (builder.Pipeline.FindStage("lead")!.Id, builder.Pipeline.FindStage("needs")!.Id);
        var snapshot = builder.Snapshot() with
        {
            Targets =
            [
                new StageTarget(lead, null, null, 0.40),
                new StageTarget(lead, "A", null, 0.50),
                new StageTarget(lead, "A", new DateOnly(2026, 7, 1), 0.55),
                new StageTarget(lead, "B", new DateOnly(2026, 6, 1), 0.30),
                new StageTarget(needs, null, new DateOnly(2026, 7, 1), 0.70),
            ],
        };
        var columns = ColumnarSnapshot.From(snapshot);

        foreach (var (query, expected) in new (FunnelQuery, double?[])[]
        {
            (new FunnelQuery { AsOf = AsOf }, [0.40, 0.70, null]),
            (new FunnelQuery { AsOf = AsOf, Where = [("team", "A")] }, [0.55, 0.70, null]),
            // B's June target is not July's: the workspace's standing one applies.
            (new FunnelQuery { AsOf = AsOf, Where = [("team", "B")] }, [0.40, 0.70, null]),
            (new FunnelQuery { AsOf = AsOf.AddDays(-30), Where = [("team", "B")] }, [0.30, null, null]),
            (new FunnelQuery { AsOf = AsOf, Scope = new AnalyticsScope("ann", "A") }, [0.55, 0.70, null]),
        })
        {
            var plain = FunnelEngine.Compute(snapshot, query, AsOf);
            var columnar = FunnelEngine.Compute(columns, query, AsOf);
            Assert.Equal(expected, plain.Total.Stages.Select(s => s.Target));
            Assert.Equal(expected, columnar.Total.Stages.Select(s => s.Target));
        }

        var byTeam = FunnelEngine.Compute(columns, new FunnelQuery { AsOf = AsOf, By = "team" }, AsOf);
        Assert.Equal([("A", 0.55), ("B", 0.40)], byTeam.Groups!.Select(g => (g.Key, g.Figures.Stages[0].Target!.Value)));
        Assert.Equal(0.40, (double)FunnelJson.Write(byTeam, TimeZoneInfo.Utc)["stages"]![0]!["target"]!);
    }
}
