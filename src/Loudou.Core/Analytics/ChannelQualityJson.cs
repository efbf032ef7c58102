using System.Globalization;
using System.Text.Json.Nodes;

namespace Loudou.Core.Analytics;

/// <summary>The channel-quality JSON of docs/metrics.md, shared by <c>loudou channels quality --format json</c>, the web API and the review.</summary>
public static class ChannelQualityJson
{
    public static JsonObject Write(ChannelQualityReport report, TimeZoneInfo zone, string language = "en") => new()
    {
        ["pipeline"] = report.Pipeline,
        ["asOf"] = FunnelJson.Moment(report.AsOf, zone),
        ["from"] = Month(report.FromMonth),
        ["to"] = Month(report.ToMonth),
        ["fromMoment"] = FunnelJson.Moment(report.From, zone),
        ["toExcl"] = FunnelJson.Moment(report.ToExcl, zone),
        ["currency"] = report.BaseCurrency,
        ["scoped"] = report.Scoped,
        ["channels"] = new JsonArray([.. report.Channels.Select(r => (JsonNode)Row(r, language))]),
        ["total"] = Row(report.Total, language),
    };

    private static string Month(DateOnly month) => month.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    private static JsonObject Row(ChannelQualityRow r, string language) => new()
    {
        ["channel"] = r.Channel,
        ["leads"] = r.Leads,
        ["won"] = r.Won,
        ["wonAmount"] = Money(r.WonAmount),
        ["cost"] = Money(r.Cost),
        ["costReason"] = r.CostReason,
        ["costReasonText"] = Text(r.CostReason, language),
        ["missingMonths"] = new JsonArray([.. r.MissingMonths.Select(m => (JsonNode)Month(m))]),
        ["otherCurrencies"] = new JsonArray([.. r.OtherCurrencies.Select(o => (JsonNode)new JsonObject
        {
            ["month"] = Month(o.Month),
            ["amount"] = Money(o.Amount),
            ["currency"] = o.Currency,
        })]),
        ["costPerLead"] = Money(r.CostPerLead),
        ["costPerLeadReason"] = r.CostPerLeadReason,
        ["costPerWon"] = Money(r.CostPerWon),
        ["costPerWonReason"] = r.CostPerWonReason,
        ["returnOnCost"] = r.ReturnOnCost,
        ["returnOnCostReason"] = r.ReturnOnCostReason,
        ["stages"] = new JsonArray([.. r.Stages.Select(s => (JsonNode)new JsonObject
        {
            ["stage"] = s.Stage,
            ["name"] = s.Name,
            ["entered"] = s.Entered,
            ["advanced"] = s.Advanced,
            ["conversion"] = s.Conversion,
            ["ciLow"] = s.CiLow,
            ["ciHigh"] = s.CiHigh,
            ["tooFew"] = s.TooFew,
        })]),
    };

    // Amounts summed from stored values carry their scale (2710700.0); written without trailing zeros.
    private static decimal? Money(decimal? value) => value / 1.0000000000000000000000000000m;

    private static string? Text(string? code, string language) => code is null ? null : ChannelQualityReasons.Text(code, language);
}
