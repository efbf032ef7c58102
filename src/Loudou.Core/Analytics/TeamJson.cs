using System.Globalization;
using System.Text.Json.Nodes;

namespace Loudou.Core.Analytics;

/// <summary>The team JSON of docs/metrics.md ("Team execution"), shared by <c>loudou team --format json</c> and the web API.</summary>
public static class TeamJson
{
    /// <summary>The report as the contract lays it out: rates as fractions, null with a <c>…Reason</c> code beside them where there is no data.</summary>
    public static JsonObject Write(TeamReport report, TimeZoneInfo zone, string language = "en") => new()
    {
        ["month"] = report.Month?.ToString("yyyy-MM", CultureInfo.InvariantCulture),
        ["pipeline"] = report.Pipeline,
        ["asOf"] = FunnelJson.Moment(report.AsOf, zone),
        ["from"] = report.From is { } from ? FunnelJson.Moment(from, zone) : null,
        ["toExcl"] = FunnelJson.Moment(report.ToExcl, zone),
        ["team"] = report.Team,
        ["weights"] = new JsonObject { ["results"] = report.ResultsWeight, ["process"] = report.ProcessWeight },
        ["best"] = new JsonObject
        {
            ["winRate"] = report.Best.WinRate,
            ["wonAmount"] = report.Best.WonAmount,
        },
        ["note"] = report.Note,
        ["noteText"] = report.Note is { } note ? TeamReasons.Text(note, language) : null,
        ["reps"] = new JsonArray([.. report.Reps.Select(r =>
        {
            var node = new JsonObject { ["login"] = r.Login, ["displayName"] = r.DisplayName, ["team"] = r.Team };
            Fill(node, r.Figures);
            var s = r.Score;
            node["resultsScore"] = s.Results;
            node["resultsScoreReason"] = s.ResultsReason;
            node["processScore"] = s.Process;
            node["processScoreReason"] = s.ProcessReason;
            node["score"] = s.Score;
            node["scoreReason"] = s.ScoreReason;
            node["rank"] = s.Rank;
            node["components"] = new JsonObject
            {
                ["winRate"] = s.WinRate,
                ["wonAmount"] = s.WonAmount,
                ["completion"] = s.Completion,
                ["onTime"] = s.OnTime,
                ["firstResponse"] = s.FirstResponse,
            };
            return (JsonNode)node;
        })]),
        ["teams"] = new JsonArray([.. report.Teams.Select(t =>
        {
            var node = new JsonObject { ["team"] = t.Team, ["reps"] = t.Reps };
            Fill(node, t.Figures);
            return (JsonNode)node;
        })]),
        ["total"] = Fill(new JsonObject { ["reps"] = report.Reps.Count }, report.Total),
        ["efficiency"] = new JsonObject
        {
            ["basis"] = "exit-based: advanced / left among the stays that left the stage in the period, by band",
            ["byTouches"] = Curves(report.Efficiency.ByTouches, true),
            ["byFirstResponse"] = Curves(report.Efficiency.ByFirstResponse, false),
        },
    };

    private static JsonObject Fill(JsonObject node, TeamFigures f)
    {
        var (low, high) = f.WinRateInterval;
        node["completionRate"] = f.CompletionRate;
        node["completionRateReason"] = f.CompletionRateReason;
        node["actions"] = f.Actions;
        node["actionsCompleted"] = f.ActionsCompleted;
        node["onTimeRate"] = f.OnTimeRate;
        node["onTimeRateReason"] = f.OnTimeRateReason;
        node["tasksDue"] = f.TasksDue;
        node["tasksOnTime"] = f.TasksOnTime;
        node["medianFirstResponseHours"] = f.MedianFirstResponseHours;
        node["medianFirstResponseHoursReason"] = f.MedianFirstResponseHoursReason;
        node["dealsCreated"] = f.DealsCreated;
        node["answered"] = f.Answered;
        node["firstResponseInSlaRate"] = f.FirstResponseInSlaRate;
        node["firstResponseInSlaRateReason"] = f.FirstResponseInSlaRateReason;
        node["slaDue"] = f.SlaDue;
        node["answeredInSla"] = f.AnsweredInSla;
        node["touchesPerDeal"] = f.TouchesPerDeal;
        node["touchesPerDealReason"] = f.TouchesPerDealReason;
        node["touches"] = f.Touches;
        node["deals"] = f.Deals;
        node["winRate"] = f.WinRate;
        node["winRateLow"] = low;
        node["winRateHigh"] = high;
        node["winRateReason"] = f.WinRateReason;
        node["won"] = f.Won;
        node["closed"] = f.Closed;
        node["wonAmount"] = f.WonAmount;
        return node;
    }

    private static JsonArray Curves(IReadOnlyList<EfficiencyCurve> curves, bool touches) =>
        new([.. curves.Select(c =>
        {
            var node = new JsonObject
            {
                ["stage"] = c.Stage,
                ["name"] = c.Name,
                ["left"] = c.Left,
                ["advanced"] = c.Advanced,
                ["bands"] = new JsonArray([.. c.Bands.Select(b => (JsonNode)new JsonObject
                {
                    ["band"] = b.Band,
                    ["left"] = b.Left,
                    ["advanced"] = b.Advanced,
                    ["rate"] = b.Rate,
                    ["low"] = b.Low,
                    ["high"] = b.High,
                    ["tooFew"] = b.TooFew,
                })]),
            };
            if (touches)
            {
                node["stopsPayingAt"] = c.StopsPayingAt;
            }
            return (JsonNode)node;
        })]);
}
