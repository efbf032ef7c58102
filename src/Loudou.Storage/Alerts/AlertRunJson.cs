using System.Text.Json.Nodes;
using Loudou.Core.Alerts.Rules;
using Loudou.Core.Analytics;

namespace Loudou.Storage.Alerts;

/// <summary>The JSON of <c>loudou alerts run --format json</c> and <c>POST /api/v1/alerts/run</c> (docs/alert-files.md).</summary>
public static class AlertRunJson
{
    public static JsonObject Write(AlertRunResult run, TimeZoneInfo zone) => new()
    {
        ["pipeline"] = run.Evaluation.Pipeline,
        ["asOf"] = FunnelJson.Moment(run.Evaluation.AsOf, zone),
        ["tests"] = run.Evaluation.Tests,
        ["alpha"] = run.Evaluation.Alpha,
        ["notifications"] = run.Notifications,
        ["results"] = new JsonArray([.. run.Outcomes.Select(o =>
        {
            var node = AlertJson.Result(o.Result, zone);
            node["status"] = o.Status;
            node["recorded"] = o.Recorded;
            node["episode"] = o.Episode?.Id;
            node["dashboard"] = o.Dashboard;
            node["deals"] = o.Deals;
            return (JsonNode)node;
        })]),
    };
}
