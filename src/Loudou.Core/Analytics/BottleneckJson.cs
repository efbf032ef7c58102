using System.Text.Json.Nodes;

namespace Loudou.Core.Analytics;

/// <summary>The bottlenecks JSON of docs/metrics.md, shared by <c>loudou bottlenecks --format json</c> and the web API.</summary>
public static class BottleneckJson
{
    /// <summary>The report with its windows, the number of tests and the ranked findings; moments are shown in the workspace time zone.</summary>
    public static JsonObject Write(BottleneckReport report, TimeZoneInfo zone) => new()
    {
        ["pipeline"] = report.Pipeline,
        ["asOf"] = FunnelJson.Moment(report.AsOf, zone),
        ["from"] = FunnelJson.Moment(report.From, zone),
        ["toExcl"] = FunnelJson.Moment(report.ToExcl, zone),
        ["historyFrom"] = FunnelJson.Moment(report.HistoryFrom, zone),
        ["conversion"] = "exit-based: advanced / (advanced + lost) among deals that left the stage in the window",
        ["tests"] = report.Tests,
        ["alpha"] = report.Alpha,
        ["items"] = new JsonArray([.. report.Items.Select((b, i) => (JsonNode)new JsonObject
        {
            ["rank"] = i + 1,
            ["stage"] = b.Stage,
            ["name"] = b.Name,
            ["dimension"] = b.Dimension,
            ["segment"] = b.Segment,
            ["metric"] = b.Metric,
            ["observed"] = b.Observed,
            [b.Metric == "conversion" ? "advanced" : "ended"] = b.Advanced,
            ["n"] = b.N,
            ["ciLow"] = b.CiLow,
            ["ciHigh"] = b.CiHigh,
            ["baseline"] = b.Baseline,
            ["baselineKind"] = b.BaselineKind,
            ["baselineN"] = b.BaselineN,
            ["pValue"] = b.PValue,
            ["qValue"] = b.QValue,
            ["openDeals"] = b.OpenDeals,
            ["openAmount"] = b.OpenAmount,
            ["downstreamWinRate"] = b.DownstreamWinRate,
            ["valueAtRisk"] = b.ValueAtRisk,
            ["suggestions"] = new JsonArray([.. b.Suggestions.Select(s => (JsonNode)JsonValue.Create(s))]),
            ["evidence"] = new JsonArray([.. b.Evidence.Select(e => (JsonNode)new JsonObject
            {
                ["baselineKind"] = e.Kind,
                ["baseline"] = e.Baseline,
                ["baselineN"] = e.BaselineN,
                ["z"] = e.Z,
                ["pValue"] = e.PValue,
                ["qValue"] = e.QValue,
            })]),
        })]),
    };
}
