using Loudou.Core.Analytics;

namespace Loudou.Core.Tests.Analytics;

public class LossParetoTests
{
    [Fact]
    public void Each_stages_losses_are_ranked_by_reason_with_running_shares_and_add_up_to_its_lost()
    {
        var builder = new FunnelBuilder("lead", "proposal")
            .Add(100, "lead@0 lost@1").With(null, "no-response")
            .Add(250, "lead@0 lost@1").With(null, "not-qualified")
            .Add(50, "lead@0 lost@1")
            .Add(30, "lead@0 proposal@1 lost@2").With(null, "price")
            .Add(30, "lead@0 proposal@1 lost@2").With(null, "competitor")
            .Add(10, "lead@0 proposal@1 won@2");

        var report = LossPareto.Compute(builder.Snapshot(), new FunnelQuery { AsOf = FunnelBuilder.Day0.AddDays(9) }, FunnelBuilder.Day0.AddDays(9));

        var funnel = builder.Compute(new FunnelQuery { AsOf = FunnelBuilder.Day0.AddDays(9) }).Total.Stages;
        Assert.Equal(funnel.Take(2).Select(r => r.Lost!.Value), report.Stages.Select(s => s.Lost));
        var lead = report.Stages[0].Reasons;
        Assert.Equal(["not-qualified", "no-response", ""], lead.Select(r => r.Reason));
        Assert.Equal([250L, 100, 50], lead.Select(r => r.Count));
        Assert.Equal([0.625, 0.875, 1.0], lead.Select(r => Math.Round(r.CumulativeShare, 12)));
        // A tie is ordered by key.
        Assert.Equal(["competitor", "price"], report.Stages[1].Reasons.Select(r => r.Reason));
        Assert.Equal(0.5, report.Stages[1].Reasons[0].Share);
    }
}
