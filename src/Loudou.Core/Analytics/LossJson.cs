using System.Text.Json.Nodes;

namespace Loudou.Core.Analytics;

/// <summary>The losses JSON of docs/metrics.md, shared by <c>loudou losses --format json</c> and the web API.</summary>
public static class LossJson
{
    /// <summary>Each Open stage's losses by reason; a loss without a reason has <c>reason: null</c>.</summary>
    public static JsonObject Write(LossReport report, TimeZoneInfo zone) => new()
    {
        ["pipeline"] = report.Pipeline,
        ["asOf"] = FunnelJson.Moment(report.AsOf, zone),
        ["stages"] = new JsonArray([.. report.Stages.Select(s => (JsonNode)new JsonObject
        {
            ["stage"] = s.Stage,
            ["name"] = s.Name,
            ["lost"] = s.Lost,
            ["reasons"] = new JsonArray([.. s.Reasons.Select(r => (JsonNode)new JsonObject
            {
                ["reason"] = r.Reason == "" ? null : r.Reason,
                ["count"] = r.Count,
                ["share"] = r.Share,
                ["cumulativeShare"] = r.CumulativeShare,
            })]),
        })]),
    };
}
