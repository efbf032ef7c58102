namespace Loudou.Core.Demo;

/// <summary>The demo workspace's alert rules, as a rules file (docs/alert-files.md): one per planted effect it should catch, and their controls.</summary>
public static class DemoAlerts
{
    /// <summary>The rule that catches planted effect 1: South's needs-confirmed conversion dropped in the last three months.</summary>
    public const string SouthNeedsDrop = "south-needs-drop";

    /// <summary>The same rule on team North, which has no drop: a control that must stay quiet.</summary>
    public const string NorthNeedsDrop = "north-needs-drop";

    public const string File = """
        {
          "rules": [
            { "key": "south-needs-drop", "name": { "zh": "华南团队需求确认转化下降", "en": "South: needs-confirmed conversion dropped" },
              "condition": { "metric": "conversion", "stage": "needs", "segment": { "dimension": "team", "value": "华南团队 South" },
                             "change": { "direction": "down" } },
              "schedule": "0 8 * * 1", "channels": ["inApp", "email"] },
            { "key": "north-needs-drop", "name": { "zh": "华北团队需求确认转化下降", "en": "North: needs-confirmed conversion dropped" },
              "condition": { "metric": "conversion", "stage": "needs", "segment": { "dimension": "team", "value": "华北团队 North" },
                             "change": { "direction": "down" } },
              "schedule": "0 8 * * 1" },
            { "key": "proposal-slower", "name": { "zh": "方案推介停留变长", "en": "Deals stay longer in proposal" },
              "condition": { "metric": "timeInStage", "stage": "proposal", "change": { "direction": "up" } },
              "schedule": "0 8 * * 1" },
            { "key": "lead-below-target", "name": { "zh": "线索获取低于目标", "en": "Lead acquisition below target" },
              "condition": { "metric": "conversion", "stage": "lead", "threshold": { "belowTarget": true } },
              "schedule": "0 8 1 * *" },
            { "key": "new-leads-change", "name": { "zh": "新线索数量变化", "en": "New leads changed" },
              "condition": { "metric": "newLeads", "change": { "direction": "both" } },
              "schedule": "0 8 1 * *", "enabled": false }
          ]
        }
        """;
}
