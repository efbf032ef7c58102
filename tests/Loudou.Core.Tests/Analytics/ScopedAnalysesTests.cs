using Loudou.Core.Analytics;
using Loudou.Core.Demo;

namespace Loudou.Core.Tests.Analytics;

/// <summary>
/// Bottlenecks, losses and what-if with a caller's scope answer exactly as the same analysis on the deals of
/// that scope picked by hand: stages, segments, peers and downstream rates count only the deals the caller sees.
/// </summary>
/// <remarks>The moment is explicit: a default one is the workspace's latest event, which a hand-picked subset would move.</remarks>
public class ScopedAnalysesTests
{
    private static readonly FunnelSnapshot Demo = DemoSnapshot.Create(new DemoOptions(6_000, DemoOptions.DefaultSeed, new DateOnly(2026, 11, 30)));

    private static readonly DateTimeOffset AsOf = DemoSnapshot.Settings.Calendar.StartOf(new DateOnly(2026, 12, 1)).AddTicks(-10);

    private static readonly TimeZoneInfo Zone = Demo.Calendar.Zone;

    /// <summary>A rep, a manager (who owns no deal), and someone who owns deals in one team and manages another.</summary>
    public static TheoryData<string, string?> Scopes => new()
    {
        { "li.na", null },
        { "huang.min", DemoCast.Teams[1].Name },
        { "zhang.wei", DemoCast.Teams[2].Name },
    };

    [Theory]
    [MemberData(nameof(Scopes))]
    public void Each_analysis_with_a_scope_equals_the_analysis_of_the_deals_of_that_scope(string owner, string? team)
    {
        var scope = new AnalyticsScope(owner, team);
        var seen = Demo with { Deals = [.. Demo.Deals.Where(d => scope.Sees(First(d, "owner"), First(d, "team")))] };
        Assert.InRange(seen.Deals.Count, 100, Demo.Deals.Count / 2);
        // A filter on a value the caller's deals hold: a value only others hold is refused by the mask as by nobody.
        var channel = First(seen.Deals[0], "channel")!;
        FunnelQuery[] funnels =
        [
            new() { AsOf = AsOf },
            new() { AsOf = AsOf, From = new DateOnly(2026, 1, 1), To = new DateOnly(2026, 6, 30), Language = "zh-CN" },
            new() { AsOf = AsOf, Where = [("channel", channel)] },
        ];
        BottleneckQuery[] bottlenecks =
        [
            new() { AsOf = AsOf, MinN = 10, Alpha = 0.5 },
            new() { AsOf = AsOf, Dimensions = ["channel", "region", "owner"], From = new DateOnly(2026, 6, 1), To = new DateOnly(2026, 11, 30), MinN = 5, Alpha = 0.9 },
            new() { AsOf = AsOf, Where = [("channel", channel)], MinN = 5, Alpha = 0.9 },
        ];

        var found = 0;
        foreach (var query in bottlenecks)
        {
            var expected = BottleneckJson.Write(Bottlenecks.Find(seen, query, AsOf), Zone).ToJsonString();
            var scoped = Bottlenecks.Find(Demo, query with { Scope = scope }, AsOf);
            Assert.Equal(expected, BottleneckJson.Write(scoped, Zone).ToJsonString());
            Assert.All(scoped.Items.Where(i => i.Dimension == "owner"), i => Assert.True(i.Segment == owner || Team(i.Segment!) == team, $"owner {i.Segment} is not in the scope"));
            found += scoped.Items.Count;
        }
        Assert.True(found > 0, "no finding at all: the comparison proves little");
        foreach (var query in funnels)
        {
            var losses = LossPareto.Compute(Demo, query with { Scope = scope }, AsOf);
            Assert.Equal(LossJson.Write(LossPareto.Compute(seen, query, AsOf), Zone).ToJsonString(), LossJson.Write(losses, Zone).ToJsonString());
            Assert.True(losses.Stages.Sum(s => s.Lost) < LossPareto.Compute(Demo, query, AsOf).Stages.Sum(s => s.Lost));
            foreach (var points in new[] { 5.0, 12.5 })
            {
                var whatIf = WhatIf.Compute(Demo, query with { Scope = scope }, AsOf, points);
                Assert.Equal(WhatIfJson.Write(WhatIf.Compute(seen, query, AsOf, points), Zone).ToJsonString(), WhatIfJson.Write(whatIf, Zone).ToJsonString());
            }
        }
    }

    [Fact]
    public void Someone_who_sees_no_deal_gets_empty_analyses_not_a_refusal()
    {
        var nobody = new AnalyticsScope("nobody", "no team");

        var bottlenecks = Bottlenecks.Find(Demo, new BottleneckQuery { AsOf = AsOf, Scope = nobody }, AsOf);
        var losses = LossPareto.Compute(Demo, new FunnelQuery { AsOf = AsOf, Scope = nobody }, AsOf);
        var whatIf = WhatIf.Compute(Demo, new FunnelQuery { AsOf = AsOf, Scope = nobody }, AsOf);

        Assert.Empty(bottlenecks.Items);
        Assert.All(losses.Stages, s => Assert.Equal(0, s.Lost));
        Assert.Equal(0, whatIf.Won);
        Assert.All(whatIf.Rows, r => Assert.Equal(0, r.ExtraWon));
    }

    private static string? First(FunnelDeal deal, string dimension) => deal.Dimensions.TryGetValue(dimension, out var values) ? values[0] : null;

    private static string Team(string login) => DemoCast.Teams[DemoCast.Users.Single(u => u.Login == login).Team].Name;
}
