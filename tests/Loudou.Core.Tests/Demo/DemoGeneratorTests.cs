using Loudou.Core.Demo;
using Loudou.Core.Pipelines;
using Loudou.Core.Workspace;

namespace Loudou.Core.Tests.Demo;

public class DemoGeneratorTests
{
    private static readonly WorkspaceCalendar Shanghai = WorkspaceSettings.Create("Asia/Shanghai", "CNY").Calendar;

    [Fact]
    public void The_same_options_give_the_same_deals_and_another_seed_other_deals()
    {
        var options = new DemoOptions(2_000, 3, new DateOnly(2026, 3, 31));

        var first = Fingerprint(new DemoGenerator(options, Shanghai, BuiltinPipelines.Default));
        var again = Fingerprint(new DemoGenerator(options, Shanghai, BuiltinPipelines.Default));
        var other = Fingerprint(new DemoGenerator(options with { Seed = 4 }, Shanghai, BuiltinPipelines.Default));

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void Deals_fall_inside_the_18_months_in_creation_order_with_history_in_time_order()
    {
        var generator = new DemoGenerator(new DemoOptions(3_000, 1, new DateOnly(2026, 11, 25)), Shanghai, BuiltinPipelines.Default);

        var deals = generator.Deals().ToList();

        Assert.Equal(new DateTimeOffset(2025, 5, 25, 16, 0, 0, TimeSpan.Zero), generator.From);
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 16, 0, 0, TimeSpan.Zero), generator.AsOfEnd);
        Assert.All(deals, d =>
        {
            Assert.InRange(d.CreatedAt, generator.From, generator.AsOfEnd);
            Assert.Equal(d.CreatedAt, d.Transitions[0].At);
            Assert.True(d.Transitions.Zip(d.Transitions.Skip(1)).All(p => p.First.At < p.Second.At));
            Assert.All(d.Transitions, t => Assert.True(t.At < generator.AsOfEnd));
            Assert.Equal(d.Transitions[^1].Stage, d.Stage);
            Assert.Equal(d.Stage >= 5, d.ClosedAt is not null);
            Assert.Equal(d.Stage == 6, d.LossReason is not null);
        });
        Assert.True(deals.Zip(deals.Skip(1)).All(p => p.First.CreatedAt <= p.Second.CreatedAt));
        Assert.Equal(Enumerable.Range(1, 3_000), deals.Select(d => d.Number));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(DemoOptions.MaxDeals + 1)]
    public void An_absurd_number_of_deals_is_refused(int deals)
    {
        Assert.Equal("deals", Assert.Throws<DomainRuleException>(() => new DemoOptions(deals, 1, new DateOnly(2026, 1, 1)).Validated()).Field);
    }

    private static string Fingerprint(DemoGenerator generator) => string.Join(";", generator.Deals().Select(d =>
        $"{d.CreatedAt.UtcTicks},{d.Owner},{d.Channel},{d.Amount},{d.Stage},{d.Transitions.Count},{d.Activities.Count},{d.Completions.Count}"));
}
