using Loudou.Core.Analytics.Review;

namespace Loudou.Core.Tests.Analytics.Review;

/// <summary>The review's "what changed and why": a hand-worked example, and the parts adding up over random months.</summary>
public sealed class ChangeDecompositionTests
{
    // Two channels over stages a and b. Win rate 6/20 = 0.30 → 7/25 = 0.28; won amount 600 → 1,050.
    private static readonly MonthFlows Before = new(["a", "b"],
    [
        new("X", NewLeads: 20, Closed: 10, Won: 2, WonAmount: 200m, LostAt: [6, 2, 0]),
        new("Y", NewLeads: 20, Closed: 10, Won: 4, WonAmount: 400m, LostAt: [4, 2, 0]),
    ]);

    private static readonly MonthFlows After = new(["a", "b"],
    [
        new("X", NewLeads: 30, Closed: 20, Won: 6, WonAmount: 900m, LostAt: [10, 4, 0]),
        new("Y", NewLeads: 20, Closed: 5, Won: 1, WonAmount: 150m, LostAt: [3, 1, 0]),
    ]);

    [Fact]
    public void The_win_rate_change_splits_into_stage_losses_within_channels_and_the_channel_mix_as_worked_by_hand()
    {
        var split = ChangeDecomposition.WinRate(Before, After);

        Assert.Equal(0.30, split.From!.Value, 12);
        Assert.Equal(0.28, split.To!.Value, 12);
        var parts = split.Parts.ToDictionary(p => p.Name, p => p.Contribution);
        // Loss share at a: X 0.6 → 0.5, Y 0.4 → 0.6; mean close shares X 0.65, Y 0.35: −(0.65·−0.1 + 0.35·0.2) = −0.005.
        Assert.Equal(-0.005, parts["stage:a"], 12);
        Assert.Equal(0, parts["stage:b"], 12);
        Assert.Equal(0, parts[ChangeDecomposition.LostElsewhere], 12);
        // Closes moved 0.3 from Y to X, whose mean loss share at a is 0.55 against 0.5 (b: 0.2 both): −(0.55·0.3 − 0.5·0.3) = −0.015.
        Assert.Equal(-0.015, parts[ChangeDecomposition.ChannelMix], 12);
    }

    [Fact]
    public void The_won_amount_change_splits_by_Shapley_values_as_worked_by_hand()
    {
        var split = ChangeDecomposition.WonAmount(Before, After);

        Assert.Equal(600, split.From);
        Assert.Equal(1050, split.To);
        var parts = split.Parts.ToDictionary(p => p.Name, p => p.Contribution);
        // 40 → 50 leads, 0.5 closes per lead both months, win rate 0.30 → 0.28, mean won amount 100 → 150.
        // New leads: 0.5·10·(30/3 + 28/6 + 45/6 + 42/3) = 180.83; win rate: 0.5·−0.02·(4000/3 + 5000/6 + 6000/6 + 7500/3) = −56.67;
        // deal size: 0.5·50·(12/3 + 15/6 + 11.2/6 + 14/3) = 325.83.
        Assert.Equal(180.8333333, parts[ChangeDecomposition.NewLeads], 6);
        Assert.Equal(0, parts[ChangeDecomposition.ClosesPerLead], 9);
        Assert.Equal(325.8333333, parts[ChangeDecomposition.DealSize], 6);
        // The win rate's −56.67, split as the win rate's change is: a quarter to stage a, three quarters to the mix.
        Assert.Equal(-14.1666667, parts["stage:a"], 6);
        Assert.Equal(-42.5, parts[ChangeDecomposition.ChannelMix], 6);
        Assert.Equal(450, split.Parts.Sum(p => p.Contribution), 9);
    }

    [Fact]
    public void Two_factors_split_as_the_mean_of_both_orders()
    {
        // a·b: 2·5 → 3·7. a first: +5 then +7·... ; the parts are ½(5 + 7) = 6 and ½(4 + 6) = 5.
        double[][] f = [[2, 3], [5, 7]];
        var parts = Shapley.Parts(s => f[0][s[0] ? 1 : 0] * f[1][s[1] ? 1 : 0], 2);

        Assert.Equal([6.0, 5.0], parts);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void The_parts_add_up_to_the_change_over_random_months_with_empty_channels_and_zeros(int seed)
    {
        var random = new Random(seed);
        for (var trial = 0; trial < 200; trial++)
        {
            var (from, to) = (RandomMonth(random), RandomMonth(random));
            var rate = ChangeDecomposition.WinRate(from, to);
            var amount = ChangeDecomposition.WonAmount(from, to);

            if (rate.From is { } r0 && rate.To is { } r1)
            {
                Assert.Equal(r1 - r0, rate.Parts.Sum(p => p.Contribution), 12);
            }
            else
            {
                Assert.Empty(rate.Parts);
            }
            var change = amount.To!.Value - amount.From!.Value;
            Assert.True(Math.Abs(amount.Parts.Sum(p => p.Contribution) - change) <= 1e-9 * Math.Max(1, Math.Abs(change)),
                $"trial {trial}: parts {amount.Parts.Sum(p => p.Contribution)} against change {change}");
        }
    }

    private static MonthFlows RandomMonth(Random random)
    {
        string[] stages = ["lead", "needs", "proposal"];
        var channels = new List<ChannelFlows>();
        foreach (var channel in new[] { "web", "fair", "referral", "" })
        {
            if (random.Next(4) == 0)
            {
                continue;
            }
            var lost = Enumerable.Range(0, stages.Length + 1).Select(i => (long)(random.Next(3) == 0 ? 0 : random.Next(0, i == stages.Length ? 3 : 40))).ToArray();
            var won = random.Next(4) == 0 ? 0 : random.Next(0, 12);
            var amount = won == 0 ? 0m : won * (decimal)Math.Round(random.NextDouble() * 100_000, 2);
            channels.Add(new ChannelFlows(channel, random.Next(3) == 0 ? 0 : random.Next(0, 200), won + lost.Sum(), won, amount, lost));
        }
        return new MonthFlows(stages, channels);
    }
}
