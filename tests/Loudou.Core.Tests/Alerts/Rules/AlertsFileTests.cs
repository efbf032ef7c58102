using Loudou.Core.Alerts;
using Loudou.Core.Alerts.Rules;
using Loudou.Core.Demo;

namespace Loudou.Core.Tests.Alerts.Rules;

public class AlertsFileTests
{
    [Fact]
    public void The_demo_file_reads_and_writes_back_the_same_rules()
    {
        var document = AlertsFile.Parse(DemoAlerts.File).Document!;

        var again = AlertsFile.Parse(AlertsFile.Write(document.Rules)).Document!;

        Assert.Equal(document.Rules.Select(r => (r.Key, r.Condition, r.Schedule, r.Channels, r.Enabled)), again.Rules.Select(r => (r.Key, r.Condition, r.Schedule, r.Channels, r.Enabled)));
        var south = document.Rules[0];
        Assert.Equal(new AlertCondition("conversion", "needs", new AlertSegment("team", "华南团队 South"), null, new AlertChange("down"), 3, 6, 30), south.Condition);
        Assert.Equal(DeliveryChannels.InApp | DeliveryChannels.Email, south.Channels);
    }

    [Fact]
    public void Every_problem_is_reported_at_its_json_path_and_no_document_is_given()
    {
        var result = AlertsFile.Parse("""
            { "rules": [
              { "key": "a", "name": "A", "condition": { "metric": "speed", "change": {} } },
              { "key": "b", "name": "B", "condition": { "metric": "conversion", "threshold": { "below": 2 } }, "schedule": "daily" },
              { "key": "a", "name": "A again", "condition": { "metric": "winRate", "stage": "needs", "segment": { "dimension": "colour", "value": "red" }, "change": { "direction": "sideways" }, "threshold": { "above": 0.5 } } }
            ] }
            """);

        Assert.Null(result.Document);
        var paths = result.Errors.Select(e => e.Path).ToList();
        Assert.Contains("$.rules[0].condition.metric", paths);
        Assert.Contains("$.rules[1].condition.stage", paths);
        Assert.Contains("$.rules[1].condition.threshold.below", paths);
        Assert.Contains("$.rules[1].schedule", paths);
        Assert.Contains("$.rules[2].condition.stage", paths);
        Assert.Contains("$.rules[2].condition.segment.dimension", paths);
        Assert.Contains("$.rules[2].condition", paths);
    }

    [Fact]
    public void A_stored_condition_that_is_not_json_says_where()
    {
        Assert.Null(AlertConditionJson.Parse("{ \"metric\": ", out var errors));
        Assert.NotEmpty(errors);
    }
}
