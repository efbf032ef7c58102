using System.Text.Json.Nodes;

namespace Loudou.Core.Analytics;

/// <summary>The drivers JSON of docs/metrics.md, shared by <c>loudou drivers --format json</c> and the web API.</summary>
public static class DriverJson
{
    /// <summary>The stage, its exits in the window, and each tested feature value, significant first; moments in the workspace time zone.</summary>
    public static JsonObject Write(DriverReport report, TimeZoneInfo zone) => new()
    {
        ["pipeline"] = report.Pipeline,
        ["stage"] = report.Stage,
        ["name"] = report.Name,
        ["asOf"] = FunnelJson.Moment(report.AsOf, zone),
        ["from"] = report.From is { } from ? FunnelJson.Moment(from, zone) : null,
        ["toExcl"] = FunnelJson.Moment(report.ToExcl, zone),
        ["exits"] = report.Exits,
        ["advanced"] = report.Advanced,
        ["tests"] = report.Tests,
        ["untested"] = report.Untested,
        ["minN"] = report.MinN,
        ["alpha"] = report.Alpha,
        ["reading"] = "association, not cause: odds of advancing from the stage with the feature over the odds without, among the deals that left it in the window",
        ["items"] = new JsonArray([.. report.Items.Select(d => (JsonNode)new JsonObject
        {
            ["feature"] = d.Feature,
            ["value"] = d.Value,
            ["label"] = d.Label,
            ["withN"] = d.WithN,
            ["withAdvanced"] = d.WithAdvanced,
            ["withoutN"] = d.WithoutN,
            ["withoutAdvanced"] = d.WithoutAdvanced,
            ["oddsRatio"] = d.OddsRatio,
            ["ciLow"] = d.CiLow,
            ["ciHigh"] = d.CiHigh,
            ["pValue"] = d.PValue,
            ["qValue"] = d.QValue,
            ["corrected"] = d.Corrected,
            ["significant"] = d.Significant,
        })]),
    };
}
