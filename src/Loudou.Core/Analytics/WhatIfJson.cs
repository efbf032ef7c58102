using System.Text.Json.Nodes;

namespace Loudou.Core.Analytics;

/// <summary>The what-if JSON of docs/metrics.md, shared by <c>loudou whatif --format json</c> and the web API.</summary>
public static class WhatIfJson
{
    /// <summary>The won totals the projection starts from and the stages ranked by extra won deals.</summary>
    public static JsonObject Write(WhatIfReport report, TimeZoneInfo zone) => new()
    {
        ["pipeline"] = report.Pipeline,
        ["asOf"] = FunnelJson.Moment(report.AsOf, zone),
        ["points"] = report.Points,
        ["won"] = report.Won,
        ["wonAmount"] = report.WonAmount,
        ["meanWonAmount"] = report.MeanWonAmount,
        ["stages"] = new JsonArray([.. report.Rows.Select((r, i) => (JsonNode)new JsonObject
        {
            ["rank"] = i + 1,
            ["stage"] = r.Stage,
            ["name"] = r.Name,
            ["entered"] = r.Entered,
            ["conversion"] = r.Conversion,
            ["newConversion"] = r.NewConversion,
            ["extraWon"] = r.ExtraWon,
            ["extraWonAmount"] = r.ExtraWonAmount,
        })]),
    };
}
