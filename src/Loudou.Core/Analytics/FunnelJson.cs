using System.Globalization;
using System.Text.Json.Nodes;

namespace Loudou.Core.Analytics;

/// <summary>The funnel JSON contract of docs/metrics.md, shared by <c>loudou funnel --format json</c> and the web API.</summary>
public static class FunnelJson
{
    /// <summary>The report as the contract lays it out; <c>asOf</c> is shown in the workspace time zone.</summary>
    public static JsonObject Write(FunnelReport report, TimeZoneInfo zone)
    {
        var root = new JsonObject
        {
            ["pipeline"] = report.Pipeline,
            ["asOf"] = TimeZoneInfo.ConvertTime(report.AsOf, zone).ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFzzz", CultureInfo.InvariantCulture),
        };
        Fill(root, report.Total);
        if (report.Groups is { } groups)
        {
            root["by"] = report.By;
            root["groups"] = new JsonArray([.. groups.Select(g =>
            {
                var node = new JsonObject { ["key"] = g.Key };
                Fill(node, g.Figures);
                return (JsonNode)node;
            })]);
        }
        return root;
    }

    private static void Fill(JsonObject node, FunnelFigures figures)
    {
        node["deals"] = figures.Deals;
        node["won"] = figures.Won;
        node["lost"] = figures.Lost;
        node["open"] = figures.Open;
        node["winRate"] = figures.WinRate;
        node["stages"] = new JsonArray([.. figures.Stages.Select(s => (JsonNode)new JsonObject
        {
            ["stage"] = s.Stage,
            ["name"] = s.Name,
            ["entered"] = s.Entered,
            ["advanced"] = s.Advanced,
            ["lost"] = s.Lost,
            ["open"] = s.Open,
            ["conversion"] = s.Conversion,
            ["ciLow"] = s.CiLow,
            ["ciHigh"] = s.CiHigh,
            ["cumulative"] = s.Cumulative,
            ["tooFew"] = s.TooFew,
            ["medianDays"] = s.MedianDays,
            ["p90Days"] = s.P90Days,
        })]);
    }
}
