using System.Text.Json;
using System.Text.Json.Nodes;
using Loudou.Core.Analytics;

namespace Loudou.Core.Alerts.Rules;

/// <summary>The alerts JSON of docs/alert-files.md, shared by <c>loudou alerts</c> and the web API; moments in the workspace time zone.</summary>
public static class AlertJson
{
    /// <summary>A condition as its JSON object.</summary>
    public static JsonNode Condition(AlertCondition condition) => JsonNode.Parse(AlertConditionJson.Write(condition))!;

    /// <summary>The figures of one rule's evaluation.</summary>
    public static JsonObject Result(AlertResult r, TimeZoneInfo zone) => new()
    {
        ["rule"] = r.Key,
        ["holds"] = r.Holds,
        ["reason"] = r.Reason,
        ["metric"] = r.Condition.Metric,
        ["stage"] = r.Condition.Stage,
        ["dimension"] = r.Condition.Segment?.Dimension,
        ["segment"] = r.Condition.Segment?.Value,
        ["kind"] = r.Condition.Kind,
        ["observed"] = Round(r.Observed),
        ["ciLow"] = Round(r.Low),
        ["ciHigh"] = Round(r.High),
        ["baseline"] = Round(r.Baseline),
        ["successes"] = r.Successes,
        ["n"] = r.N,
        ["baselineN"] = r.BaselineN,
        ["pValue"] = r.PValue,
        ["qValue"] = r.QValue,
        ["from"] = FunnelJson.Moment(r.From, zone),
        ["toExcl"] = FunnelJson.Moment(r.ToExcl, zone),
        ["baselineFrom"] = r.BaselineFrom is { } bf ? FunnelJson.Moment(bf, zone) : null,
        ["baselineToExcl"] = r.BaselineToExcl is { } bt ? FunnelJson.Moment(bt, zone) : null,
    };

    /// <summary>An episode with its rule's key and its numbers.</summary>
    public static JsonObject Episode(AlertEpisode e, string rule, LocalizedText name, AlertCondition? condition, TimeZoneInfo zone, string? dashboard, string? deals) => new()
    {
        ["id"] = e.Id,
        ["rule"] = rule,
        ["name"] = new JsonObject { ["zh"] = name.ZhCn, ["en"] = name.En },
        ["condition"] = condition is null ? null : Condition(condition),
        ["open"] = e.IsOpen,
        ["openedAt"] = FunnelJson.Moment(e.OpenedAt, zone),
        ["clearedAt"] = e.ClearedAt is { } c ? FunnelJson.Moment(c, zone) : null,
        ["asOf"] = FunnelJson.Moment(e.AsOf, zone),
        ["metric"] = e.Metric,
        ["observed"] = Round(e.Observed),
        ["ciLow"] = Round(e.Low),
        ["ciHigh"] = Round(e.High),
        ["baseline"] = Round(e.Baseline),
        ["successes"] = e.Successes,
        ["n"] = e.N,
        ["baselineN"] = e.BaselineN,
        ["pValue"] = e.PValue,
        ["qValue"] = e.QValue,
        ["from"] = FunnelJson.Moment(e.From, zone),
        ["toExcl"] = FunnelJson.Moment(e.ToExcl, zone),
        ["baselineFrom"] = e.BaselineFrom is { } bf ? FunnelJson.Moment(bf, zone) : null,
        ["baselineToExcl"] = e.BaselineToExcl is { } bt ? FunnelJson.Moment(bt, zone) : null,
        ["dashboard"] = dashboard,
        ["deals"] = deals,
    };

    /// <summary>A rules file as a JSON node (for the API, which answers what <c>alerts list --format json</c> prints).</summary>
    public static JsonNode Rules(IEnumerable<AlertRuleEntry> rules) => JsonNode.Parse(AlertsFile.Write(rules), documentOptions: new JsonDocumentOptions())!;

    private static double? Round(double? x) => x is { } v ? Math.Round(v, 4) : null;
}
