using Loudou.Core.Alerts.Rules;
using Loudou.Core.Analytics;
using Loudou.Core.Demo;
using Loudou.Core.Tests.Analytics;

namespace Loudou.Core.Tests.Alerts.Rules;

/// <summary>The demo's alert rules on the documented demo (docs/demo-data.md), whose effects were planted with known sizes.</summary>
public class AlertDemoTests
{
    private static readonly AlertsDocument Rules = AlertsFile.Parse(DemoAlerts.File).Document!;

    private static readonly AlertEvaluation Evaluation = AlertEvaluator.Evaluate(
        DemoSnapshot.Documented, [.. Rules.Rules.Select(r => new AlertRuleInput(r.Key, r.Condition!))], DemoSnapshot.DocumentedAsOf, DemoSnapshot.DocumentedAsOf);

    [Fact]
    public void The_change_rule_on_south_needs_confirmed_fires_with_its_numbers()
    {
        var south = Evaluation.Results.Single(r => r.Key == DemoAlerts.SouthNeedsDrop);

        Assert.True(south.Holds, $"observed {south.Observed} [{south.Low}, {south.High}] baseline {south.Baseline} q {south.QValue}");
        Assert.True(south.High < south.Baseline);
        Assert.True(south.QValue <= AlertEvaluator.Alpha);
        Assert.True(south.N >= 30 && south.BaselineN >= 30);
        // The last three full local months before the as-of month (November 2026), against the six before them.
        var calendar = DemoSnapshot.Settings.Calendar;
        Assert.Equal(calendar.StartOf(new DateOnly(2026, 8, 1)), south.From);
        Assert.Equal(calendar.StartOf(new DateOnly(2026, 11, 1)), south.ToExcl);
        Assert.Equal(calendar.StartOf(new DateOnly(2026, 2, 1)), south.BaselineFrom);
    }

    [Fact]
    public void The_same_rule_on_north_which_has_no_drop_stays_quiet()
    {
        var north = Evaluation.Results.Single(r => r.Key == DemoAlerts.NorthNeedsDrop);

        Assert.False(north.Holds, $"observed {north.Observed} baseline {north.Baseline} q {north.QValue}");
        Assert.NotNull(north.PValue);
    }

    [Fact]
    public void The_longer_time_in_proposal_fires_and_lead_acquisition_on_its_target_does_not()
    {
        Assert.True(Evaluation.Results.Single(r => r.Key == "proposal-slower").Holds);
        var lead = Evaluation.Results.Single(r => r.Key == "lead-below-target");
        Assert.False(lead.Holds);
        Assert.Equal(0.4, lead.Baseline);
    }

    [Fact]
    public void The_plain_and_columnar_snapshots_give_the_same_evaluation()
    {
        var columnar = ColumnarSnapshot.From(DemoSnapshot.Documented);
        var other = AlertEvaluator.Evaluate(columnar, [.. Rules.Rules.Select(r => new AlertRuleInput(r.Key, r.Condition!))], DemoSnapshot.DocumentedAsOf, DemoSnapshot.DocumentedAsOf);

        Assert.Equal(Evaluation.Results, other.Results);
    }
}
