using System.Globalization;
using System.Text.Json.Nodes;

namespace Loudou.Core.Analytics.Review;

/// <summary>The review JSON of docs/metrics.md ("Monthly review"), shared by <c>loudou review --format json</c> and the web API.</summary>
public static class ReviewJson
{
    public static JsonObject Write(ReviewReport report, TimeZoneInfo zone, string language = "en")
    {
        var stageNames = report.Funnel.ToDictionary(s => s.Stage, s => s.Name, StringComparer.Ordinal);
        var kpis = new JsonObject();
        foreach (var k in report.Kpis)
        {
            kpis[k.Key] = new JsonObject
            {
                ["value"] = k.Value,
                ["low"] = k.Low,
                ["high"] = k.High,
                ["previous"] = Comparison(k.Previous),
                ["lastYear"] = Comparison(k.LastYear),
                ["target"] = k.Target,
                ["hit"] = k.Hit,
            };
        }
        return new JsonObject
        {
            ["month"] = report.Month.ToString("yyyy-MM", CultureInfo.InvariantCulture),
            ["pipeline"] = report.Pipeline,
            ["team"] = report.Team,
            ["asOf"] = FunnelJson.Moment(report.AsOf, zone),
            ["from"] = FunnelJson.Moment(report.From, zone),
            ["toExcl"] = FunnelJson.Moment(report.ToExcl, zone),
            ["complete"] = report.Complete,
            ["kpis"] = kpis,
            ["funnel"] = new JsonArray([.. report.Funnel.Select(s => (JsonNode)new JsonObject
            {
                ["stage"] = s.Stage,
                ["name"] = s.Name,
                ["exits"] = s.Exits,
                ["advanced"] = s.Advanced,
                ["lost"] = s.Lost,
                ["conversion"] = s.Conversion,
                ["low"] = s.Low,
                ["high"] = s.High,
                ["tooFew"] = s.TooFew,
                ["cumulative"] = s.Cumulative,
                ["target"] = s.Target,
                ["hit"] = s.Hit,
                ["previous"] = Comparison(s.Previous),
                ["lastYear"] = Comparison(s.LastYear),
            })]),
            ["bottlenecks"] = BottleneckJson.Write(report.Bottlenecks, zone),
            ["changes"] = new JsonObject
            {
                ["basis"] = "winRate = won / closed in the month; wonAmount = new leads × closes per lead × win rate × mean won amount; parts add up to to − from",
                ["winRate"] = Split(report.WinRateChange, stageNames, language),
                ["wonAmount"] = Split(report.WonAmountChange, stageNames, language),
            },
            ["ranking"] = report.Ranking is { } ranking ? TeamJson.Write(ranking, zone, language) : null,
            ["losses"] = new JsonArray([.. report.Losses.Select(l => (JsonNode)new JsonObject
            {
                ["stage"] = l.Stage,
                ["stageName"] = l.StageName,
                ["reason"] = l.Reason,
                ["reasonName"] = l.ReasonName,
                ["lost"] = l.Lost,
                ["previousLost"] = l.PreviousLost,
                ["change"] = l.Change,
            })]),
            ["targets"] = new JsonArray([.. report.Targets.Select(t => (JsonNode)new JsonObject
            {
                ["kind"] = t.Kind,
                ["team"] = t.Team,
                ["rep"] = t.Rep,
                ["stage"] = t.Stage,
                ["target"] = t.Target,
                ["actual"] = t.Actual,
                ["hit"] = t.Hit,
            })]),
            ["channels"] = report.Channels is { } channels ? ChannelQualityJson.Write(channels, zone, language) : null,
            ["actions"] = new JsonArray([.. report.Actions.Select(a => (JsonNode)new JsonObject
            {
                ["kind"] = a.Kind,
                ["stage"] = a.Stage,
                ["rep"] = a.Rep,
                ["text"] = a.Text,
            })]),
        };
    }

    private static JsonObject Comparison(ReviewComparison c) => new()
    {
        ["value"] = c.Value,
        ["change"] = c.Change,
        ["p"] = c.PValue,
        ["q"] = c.QValue,
        ["significant"] = c.Significant,
    };

    private static JsonObject Split(ChangeSplit split, IReadOnlyDictionary<string, string> stageNames, string language) => new()
    {
        ["from"] = split.From,
        ["to"] = split.To,
        ["change"] = split.To - split.From,
        ["parts"] = new JsonArray([.. split.Parts.Select(p => (JsonNode)new JsonObject
        {
            ["name"] = p.Name,
            ["stage"] = p.Stage,
            ["label"] = ReviewText.PartLabel(p, stageNames, language),
            ["contribution"] = p.Contribution,
        })]),
    };
}
