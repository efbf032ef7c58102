using System.Text.Json.Nodes;
using Loudou.Core.Alerts.Rules;
using Loudou.Core.Analytics;
using Loudou.Core.Workspace;

namespace Loudou.Storage.Alerts;

/// <summary>The answers of <c>loudou alerts run --format json</c>, <c>POST /api/v1/alerts/run</c> and <c>GET /api/v1/alerts</c> (docs/alert-files.md).</summary>
public static class AlertsJson
{
    /// <summary>The episodes, open ones first, each with its numbers and its links.</summary>
    public static JsonObject Episodes(IReadOnlyList<AlertEpisodeView> episodes, WorkspaceCalendar calendar) => new()
    {
        ["open"] = new JsonArray([.. episodes.Where(e => e.Episode.IsOpen).Select(e => (JsonNode)Episode(e, calendar))]),
        ["cleared"] = new JsonArray([.. episodes.Where(e => !e.Episode.IsOpen).Select(e => (JsonNode)Episode(e, calendar))]),
    };

    private static JsonObject Episode(AlertEpisodeView view, WorkspaceCalendar calendar)
    {
        var e = view.Episode;
        return AlertJson.Episode(e, view.RuleKey, view.RuleName, view.Condition, calendar.Zone,
            view.Condition is { } c ? AlertLinks.Dashboard(c, e.From, e.ToExcl, calendar) : null,
            view.Condition is { } d ? AlertLinks.Deals(d, e.From, e.ToExcl, calendar) : null);
    }

    public static JsonObject Run(AlertRunResult run, TimeZoneInfo zone) => new()
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
