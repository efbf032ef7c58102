using System.Globalization;
using System.Text.Json.Nodes;

namespace Loudou.Core.Analytics;

/// <summary>The funnel JSON contract of docs/metrics.md, shared by <c>loudou funnel --format json</c> and the web API.</summary>
public static class FunnelJson
{
    /// <summary>The report as the contract lays it out; <c>asOf</c> is shown in the workspace time zone.</summary>
    /// <param name="curves">Add each stage's Kaplan–Meier curve (<c>survival</c>) and the time-to-close curve, for charts.</param>
    /// <param name="comparison">Add the period comparison (<c>comparison</c>) at the top level, on each stage row and in each group.</param>
    public static JsonObject Write(FunnelReport report, TimeZoneInfo zone, bool curves = false, FunnelComparison? comparison = null)
    {
        var root = new JsonObject
        {
            ["pipeline"] = report.Pipeline,
            ["asOf"] = Moment(report.AsOf, zone),
        };
        Fill(root, report.Total, curves);
        if (comparison is not null)
        {
            AddComparison(root, comparison.Total);
            var top = (JsonObject)root["comparison"]!;
            top.Insert(0, "with", comparison.With == CompareWith.PreviousYear ? "previous-year" : "previous-period");
            top.Insert(1, "basis", "exit-based: advanced / (advanced + lost) among deals that left the stage in each period; win rate: won / closed in each period");
            top.Insert(2, "from", comparison.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            top.Insert(3, "to", comparison.To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            top.Insert(4, "otherFrom", comparison.OtherFrom.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            top.Insert(5, "otherTo", comparison.OtherTo.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }
        if (report.Groups is { } groups)
        {
            var contrasts = BreakdownContrast.Of(report);
            root["by"] = report.By;
            root["groups"] = new JsonArray([.. groups.Select(g =>
            {
                var node = new JsonObject { ["key"] = g.Key };
                Fill(node, g.Figures, curves);
                AddContrasts(node, contrasts.GetValueOrDefault(g.Key));
                if (comparison?.Groups is { } compared && compared.TryGetValue(g.Key, out var figures))
                {
                    AddComparison(node, figures);
                }
                return (JsonNode)node;
            })]);
        }
        return root;
    }

    /// <summary>A moment as the contract writes it: ISO 8601 in the workspace time zone.</summary>
    public static string Moment(DateTimeOffset moment, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(moment, zone).ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFzzz", CultureInfo.InvariantCulture);

    /// <summary>A Kaplan–Meier curve as an array of steps, with the cumulative incidence of each named way of ending.</summary>
    /// <param name="causes">JSON names of the causes, in cause order (a stage: advanced, lost, movedBack; to close: won, lost).</param>
    public static JsonArray Curve(SurvivalCurve curve, IReadOnlyList<string> causes) =>
        new([.. curve.Steps.Select(s =>
        {
            var step = new JsonObject
            {
                ["days"] = s.Days,
                ["atRisk"] = s.AtRisk,
                ["ended"] = s.Ended,
                ["censored"] = s.Censored,
                ["survival"] = s.Survival,
            };
            for (var c = 0; c < causes.Count && c < s.Incidence.Count; c++)
            {
                step[causes[c]] = s.Incidence[c];
            }
            return (JsonNode)step;
        })]);

    /// <summary>Each Open row of a group gets <c>vsAll</c>: its conversion against the whole's, tested against the rest.</summary>
    private static void AddContrasts(JsonObject node, IReadOnlyDictionary<string, GroupContrast>? contrasts)
    {
        foreach (var row in ((JsonArray)node["stages"]!).OfType<JsonObject>())
        {
            if (contrasts is not null && contrasts.TryGetValue((string)row["stage"]!, out var c))
            {
                row["vsAll"] = new JsonObject
                {
                    ["difference"] = c.Difference,
                    ["pValue"] = c.PValue,
                    ["qValue"] = c.QValue,
                    ["significant"] = c.Significant,
                };
            }
        }
    }

    private static void AddComparison(JsonObject node, ComparedFigures figures)
    {
        node["comparison"] = new JsonObject { ["winRate"] = Rate(figures.WinRate, "won", "closed", "winRate") };
        foreach (var row in ((JsonArray)node["stages"]!).OfType<JsonObject>())
        {
            if (figures.Stages.TryGetValue((string)row["stage"]!, out var stage))
            {
                row["comparison"] = Rate(stage, "advanced", "exits", "conversion");
            }
        }
    }

    private static JsonObject Rate(RateComparison c, string successes, string n, string rate) => new()
    {
        [successes] = c.Successes,
        [n] = c.N,
        [rate] = c.Rate,
        ["other" + char.ToUpperInvariant(successes[0]) + successes[1..]] = c.OtherSuccesses,
        ["other" + char.ToUpperInvariant(n[0]) + n[1..]] = c.OtherN,
        ["other" + char.ToUpperInvariant(rate[0]) + rate[1..]] = c.OtherRate,
        ["difference"] = c.Difference,
        ["pValue"] = c.PValue,
        ["qValue"] = c.QValue,
        ["significant"] = c.Significant,
    };

    private static void Fill(JsonObject node, FunnelFigures figures, bool curves)
    {
        node["deals"] = figures.Deals;
        node["won"] = figures.Won;
        node["lost"] = figures.Lost;
        node["open"] = figures.Open;
        node["winRate"] = figures.WinRate;
        var (low, high) = Wilson.Interval(figures.Won, figures.Won + figures.Lost);
        node["winRateCiLow"] = low;
        node["winRateCiHigh"] = high;
        node["wonAmount"] = figures.WonAmount;
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
            ["naiveMedianDays"] = s.NaiveMedianDays,
            ["naiveP90Days"] = s.NaiveP90Days,
            ["stillInStage"] = s.Survival?.Censored,
            ["target"] = s.Target,
        })]);
        if (curves)
        {
            var rows = (JsonArray)node["stages"]!;
            for (var i = 0; i < figures.Stages.Count; i++)
            {
                rows[i]!["survival"] = figures.Stages[i].Survival is { } curve ? Curve(curve, ["advanced", "lost", "movedBack"]) : null;
            }
        }
        if (figures.TimeToClose is { } close)
        {
            node["timeToClose"] = new JsonObject
            {
                ["medianDays"] = close.MedianDays,
                ["p90Days"] = close.P90Days,
                ["naiveMedianDays"] = close.NaiveMedianDays,
                ["naiveP90Days"] = close.NaiveP90Days,
                ["closed"] = close.Survival.Ended,
                ["stillOpen"] = close.Survival.Censored,
            };
            if (curves)
            {
                node["timeToClose"]!["survival"] = Curve(close.Survival, ["won", "lost"]);
            }
        }
    }
}
