using System.Text.Json.Nodes;
using Loudou.Core.Analytics;
using Loudou.Web.Components.Pages.Funnel;

namespace Loudou.Web.Components.Pages.Team;

/// <summary>The team page's ECharts options, built from the team report (the page computes nothing itself).</summary>
public static class TeamCharts
{
    private const string Band = "rgba(11,92,173,0.22)";
    private const string Grey = "#bdbdbd";

    /// <summary>One point per ranked rep: process part across, results part up; the quadrant lines at the group's means.</summary>
    /// <param name="link">The address of a rep's deals handled, by login.</param>
    public static JsonObject ProcessVersusResults(IReadOnlyList<TeamRep> reps, ChartText text, Func<string, string> link)
    {
        var t = text.T;
        var placed = reps.Where(r => r.Score.Results is not null && r.Score.Process is not null).ToList();
        var meanProcess = placed.Count == 0 ? 50 : placed.Average(r => r.Score.Process!.Value);
        var meanResults = placed.Count == 0 ? 50 : placed.Average(r => r.Score.Results!.Value);
        return new JsonObject
        {
            ["aria"] = new JsonObject { ["enabled"] = true },
            ["animation"] = false,
            ["tooltip"] = new JsonObject { ["trigger"] = "item", ["formatter"] = "loudou:tip", ["confine"] = true },
            ["grid"] = new JsonObject { ["left"] = 8, ["right"] = 24, ["top"] = 28, ["bottom"] = 8, ["containLabel"] = true },
            ["xAxis"] = new JsonObject { ["type"] = "value", ["min"] = 0, ["max"] = 100, ["name"] = t("Team.Process"), ["nameLocation"] = "middle", ["nameGap"] = 24 },
            ["yAxis"] = new JsonObject { ["type"] = "value", ["min"] = 0, ["max"] = 100, ["name"] = t("Team.Results") },
            ["series"] = new JsonArray(new JsonObject
            {
                ["type"] = "scatter",
                ["symbolSize"] = 12,
                ["color"] = FunnelCharts.Primary,
                ["label"] = new JsonObject { ["show"] = true, ["position"] = "right", ["color"] = "#333", ["formatter"] = "{b}" },
                ["markLine"] = new JsonObject
                {
                    ["silent"] = true,
                    ["symbol"] = "none",
                    ["label"] = new JsonObject { ["show"] = false },
                    ["lineStyle"] = new JsonObject { ["color"] = Grey, ["type"] = "dashed" },
                    ["data"] = new JsonArray(new JsonObject { ["xAxis"] = Math.Round(meanProcess, 1) }, new JsonObject { ["yAxis"] = Math.Round(meanResults, 1) }),
                },
                ["data"] = new JsonArray([.. placed.Select(r => (JsonNode)new JsonObject
                {
                    ["name"] = r.DisplayName,
                    ["value"] = new JsonArray(Math.Round(r.Score.Process!.Value, 1), Math.Round(r.Score.Results!.Value, 1)),
                    ["href"] = link(r.Login),
                    ["tip"] = $"{r.DisplayName} · #{r.Score.Rank}\n{t("Team.Score")}: {Score(r.Score.Score, text)}"
                        + $"\n{t("Team.Results")}: {Score(r.Score.Results, text)} · {t("Team.Process")}: {Score(r.Score.Process, text)}",
                })]),
            }),
        };
    }

    /// <summary>One stage's conversion by band, each with its 95% interval as a bar behind the point; a band with too few exits is grey.</summary>
    /// <param name="link">The address of the exits of a band, by band label.</param>
    public static JsonObject Efficiency(EfficiencyCurve curve, ChartText text, Func<string, string> bandName, Func<string, string> link)
    {
        var t = text.T;
        var bands = curve.Bands;
        string Tip(EfficiencyBand b) => $"{curve.Name} · {bandName(b.Band)}\n{t("Team.Conversion")}: {FunnelCharts.Percent(b.Rate, text)} ({FunnelCharts.Percent(b.Low, text)} – {FunnelCharts.Percent(b.High, text)})"
            + $"\n{t("Funnel.Advanced")}: {FunnelCharts.Count(b.Advanced, text)} / {FunnelCharts.Count(b.Left, text)}" + (b.TooFew ? "\n" + t("Funnel.TooFewReason") : "");
        return new JsonObject
        {
            ["aria"] = new JsonObject { ["enabled"] = true },
            ["animation"] = false,
            ["tooltip"] = new JsonObject { ["trigger"] = "item", ["formatter"] = "loudou:tip", ["confine"] = true },
            ["grid"] = new JsonObject { ["left"] = 8, ["right"] = 16, ["top"] = 28, ["bottom"] = 8, ["containLabel"] = true },
            ["xAxis"] = new JsonObject { ["type"] = "category", ["data"] = new JsonArray([.. bands.Select(b => (JsonNode)bandName(b.Band))]) },
            ["yAxis"] = new JsonObject { ["type"] = "value", ["min"] = 0, ["max"] = 100, ["axisLabel"] = new JsonObject { ["formatter"] = "{value}%" } },
            ["series"] = new JsonArray(
                new JsonObject
                {
                    ["type"] = "bar",
                    ["stack"] = "ci",
                    ["silent"] = true,
                    ["itemStyle"] = new JsonObject { ["color"] = "transparent" },
                    ["tooltip"] = new JsonObject { ["show"] = false },
                    ["data"] = new JsonArray([.. bands.Select(b => (JsonNode?)(b.Low is { } l ? Pct(l) : null))]),
                },
                new JsonObject
                {
                    ["name"] = t("Funnel.Interval"),
                    ["type"] = "bar",
                    ["stack"] = "ci",
                    ["barWidth"] = 18,
                    ["data"] = new JsonArray([.. bands.Select(b => (JsonNode?)(b.Low is { } l && b.High is { } h ? new JsonObject
                    {
                        ["value"] = Pct(h - l), ["tip"] = Tip(b), ["href"] = link(b.Band),
                        ["itemStyle"] = new JsonObject { ["color"] = b.TooFew ? "rgba(189,189,189,0.35)" : Band },
                    } : null))]),
                },
                new JsonObject
                {
                    ["name"] = t("Team.Conversion"),
                    ["type"] = "line",
                    ["symbolSize"] = 9,
                    ["z"] = 3,
                    ["connectNulls"] = false,
                    ["color"] = FunnelCharts.Primary,
                    ["label"] = new JsonObject { ["show"] = true, ["position"] = "top", ["color"] = "#333" },
                    ["data"] = new JsonArray([.. bands.Select(b => (JsonNode?)(b.Rate is { } r ? new JsonObject
                    {
                        ["value"] = Pct(r), ["tip"] = Tip(b), ["href"] = link(b.Band),
                        ["itemStyle"] = new JsonObject { ["color"] = b.TooFew ? Grey : FunnelCharts.Primary },
                        ["label"] = new JsonObject { ["formatter"] = FunnelCharts.Percent(r, text) },
                    } : null))]),
                }),
        };
    }

    /// <summary>The resource key of a band's label: resource names cannot hold &lt; and &gt;, so "&lt;1h" is Team.Band.lt1h.</summary>
    public static string BandKey(string band) => "Team.Band." + band.Replace("<", "lt", StringComparison.Ordinal).Replace(">", "gt", StringComparison.Ordinal);

    private static string Score(double? score, ChartText text) => score is { } s ? s.ToString("0", text.Culture) : "—";

    private static double Pct(double rate) => Math.Round(rate * 100, 2);
}
