using System.Globalization;
using System.Text.Json.Nodes;
using Loudou.Web.Localization;

namespace Loudou.Web.Components.Pages.Funnel;

/// <summary>The labels a chart needs in the page's language.</summary>
/// <param name="Link">The address of the deals behind a stage row's measure in a group (null: all): each bar and cell opens it.</param>
public sealed record ChartText(Func<string, string> T, CultureInfo Culture, Func<string?, string, string?, string> Link);

/// <summary>The dashboard's ECharts options, drawn from the API's answer as it stands: shapes and labels only, no figure of their own.</summary>
/// <remarks>Rates are drawn in percent (0–100) so the axes read as people say them; the tooltips carry each figure exactly as the tables do.</remarks>
public static class FunnelCharts
{
    public const string Primary = "#0b5cad";
    private const string Band = "rgba(11,92,173,0.22)";
    private const string Grey = "#bdbdbd";
    private static readonly string[] Palette = ["#0b5cad", "#e07b00", "#2e7d32", "#8e24aa", "#c62828", "#00838f", "#6d4c41", "#546e7a"];

    /// <summary>Entered per stage as bars (cumulative conversion in the label), and step conversion with its 95% interval as a band beside it.</summary>
    public static JsonObject Funnel(IReadOnlyList<StageFigures> stages, ChartText text)
    {
        var t = text.T;
        var names = new JsonArray([.. stages.Select(s => (JsonNode)s.Name)]);
        var entered = new JsonArray();
        var low = new JsonArray();
        var width = new JsonArray();
        var points = new JsonArray();
        for (var i = 0; i < stages.Count; i++)
        {
            var s = stages[i];
            var tip = $"{s.Name}\n{t("Funnel.Entered")}: {Count(s.Entered, text)} · {t("Funnel.Cumulative")}: {Percent(s.Cumulative, text)}"
                + (s.TooFew ? "\n" + t("Funnel.TooFewReason") : "");
            entered.Add(new JsonObject
            {
                ["value"] = s.Entered,
                ["href"] = text.Link(s.Stage, "entered", null),
                ["tip"] = tip,
                ["itemStyle"] = new JsonObject { ["color"] = s.TooFew ? Grey : Primary },
                ["label"] = new JsonObject { ["formatter"] = $"{Count(s.Entered, text)} · {Percent(s.Cumulative, text)}" },
            });
            var conversionTip = s.Conversion is null ? $"{s.Name}: —"
                : $"{s.Name}\n{t("Funnel.StepConversion")}: {Percent(s.Conversion, text)}\n{t("Funnel.Interval")}: {Percent(s.CiLow, text)} – {Percent(s.CiHigh, text)}"
                  + $"\n{t("Funnel.Advanced")}: {Count(s.Advanced ?? 0, text)} / {Count(s.Entered, text)}" + (s.TooFew ? "\n" + t("Funnel.TooFewReason") : "");
            low.Add(s.CiLow is { } l ? Pct(l) : null);
            width.Add(s.CiLow is { } lo && s.CiHigh is { } hi ? new JsonObject { ["value"] = Pct(hi - lo), ["tip"] = conversionTip, ["href"] = text.Link(s.Stage, "advanced", null) } : null);
            points.Add(s.Conversion is { } c ? new JsonObject
            {
                ["value"] = new JsonArray(Pct(c), i),
                ["tip"] = conversionTip,
                ["href"] = text.Link(s.Stage, "advanced", null),
                ["itemStyle"] = new JsonObject { ["color"] = s.TooFew ? Grey : Primary },
                ["label"] = new JsonObject { ["formatter"] = Percent(c, text) },
            } : null);
        }
        var chart = new JsonObject
        {
            ["aria"] = new JsonObject { ["enabled"] = true },
            ["animation"] = false,
            ["tooltip"] = new JsonObject { ["trigger"] = "item", ["formatter"] = "loudou:tip", ["confine"] = true },
            ["title"] = new JsonArray(
                SmallTitle(t("Funnel.Entered"), "2%"),
                SmallTitle(t("Funnel.StepConversionWithInterval"), "58%")),
            ["grid"] = new JsonArray(
                new JsonObject { ["left"] = "2%", ["right"] = "45%", ["top"] = 32, ["bottom"] = 8, ["containLabel"] = true },
                new JsonObject { ["left"] = "58%", ["right"] = "12%", ["top"] = 32, ["bottom"] = 8, ["containLabel"] = true }),
            ["xAxis"] = new JsonArray(
                new JsonObject { ["gridIndex"] = 0, ["type"] = "value", ["show"] = false },
                new JsonObject { ["gridIndex"] = 1, ["type"] = "value", ["min"] = 0, ["max"] = 100, ["axisLabel"] = new JsonObject { ["formatter"] = "{value}%" } }),
            ["yAxis"] = new JsonArray(
                new JsonObject { ["gridIndex"] = 0, ["type"] = "category", ["inverse"] = true, ["data"] = names, ["axisTick"] = new JsonObject { ["show"] = false } },
                new JsonObject { ["gridIndex"] = 1, ["type"] = "category", ["inverse"] = true, ["data"] = names.DeepClone(), ["axisLabel"] = new JsonObject { ["show"] = false }, ["axisTick"] = new JsonObject { ["show"] = false } }),
            ["series"] = new JsonArray(
                new JsonObject
                {
                    ["name"] = t("Funnel.Entered"),
                    ["type"] = "bar",
                    ["xAxisIndex"] = 0,
                    ["yAxisIndex"] = 0,
                    ["data"] = entered,
                    ["barMaxWidth"] = 28,
                    ["label"] = new JsonObject { ["show"] = true, ["position"] = "right", ["color"] = "#333" },
                    ["cursor"] = "pointer",
                },
                BandFloor("bar", low, axis: 1),
                new JsonObject { ["name"] = t("Funnel.Interval"), ["type"] = "bar", ["stack"] = "ci", ["xAxisIndex"] = 1, ["yAxisIndex"] = 1, ["data"] = width, ["itemStyle"] = new JsonObject { ["color"] = Band }, ["barWidth"] = 12 },
                new JsonObject
                {
                    ["name"] = t("Funnel.StepConversion"),
                    ["type"] = "scatter",
                    ["xAxisIndex"] = 1,
                    ["yAxisIndex"] = 1,
                    ["data"] = points,
                    ["symbolSize"] = 11,
                    ["z"] = 3,
                    ["label"] = new JsonObject { ["show"] = true, ["position"] = "right", ["color"] = "#333" },
                }),
        };
        // A phone is too narrow for the two side by side: the conversion goes under the bars (app.css makes the chart taller there).
        return new JsonObject
        {
            ["baseOption"] = chart,
            ["media"] = new JsonArray(new JsonObject
            {
                ["query"] = new JsonObject { ["maxWidth"] = 560 },
                ["option"] = new JsonObject
                {
                    ["title"] = new JsonArray(new JsonObject { ["left"] = "2%", ["top"] = 0 }, new JsonObject { ["left"] = "2%", ["top"] = "52%" }),
                    ["grid"] = new JsonArray(
                        new JsonObject { ["left"] = "2%", ["right"] = "26%", ["top"] = 28, ["height"] = "40%" },
                        new JsonObject { ["left"] = "2%", ["right"] = "18%", ["top"] = "58%", ["bottom"] = 8 }),
                    ["yAxis"] = new JsonArray(new JsonObject(), new JsonObject { ["axisLabel"] = new JsonObject { ["show"] = true } }),
                },
            }),
        };
    }

    /// <summary>Kaplan–Meier median and p90 time in each Open stage, open stays counted.</summary>
    public static JsonObject TimeInStage(IReadOnlyList<StageFigures> stages, ChartText text)
    {
        var t = text.T;
        var open = stages.Where(s => s.Advanced is not null).ToList();
        JsonNode? Bar(StageFigures s, double? days) => days is { } d ? new JsonObject
        {
            ["value"] = Math.Round(d, 2),
            ["href"] = text.Link(s.Stage, "entered", null),
            ["tip"] = $"{s.Name}\n{t("Funnel.MedianDays")}: {Days(s.MedianDays, text)} · {t("Funnel.P90Days")}: {Days(s.P90Days, text)}"
                + $"\n{t("Funnel.NaiveDays")}: {Days(s.NaiveMedianDays, text)} · {Days(s.NaiveP90Days, text)}\n{t("Funnel.StillInStage")}: {Count(s.StillInStage ?? 0, text)}",
        } : null;
        return new JsonObject
        {
            ["aria"] = new JsonObject { ["enabled"] = true },
            ["animation"] = false,
            ["tooltip"] = new JsonObject { ["trigger"] = "item", ["formatter"] = "loudou:tip", ["confine"] = true },
            ["legend"] = new JsonObject { ["top"] = 0 },
            ["grid"] = new JsonObject { ["left"] = 8, ["right"] = 40, ["top"] = 32, ["bottom"] = 8, ["containLabel"] = true },
            ["xAxis"] = new JsonObject { ["type"] = "value", ["name"] = t("Funnel.Days"), ["nameLocation"] = "end" },
            ["yAxis"] = new JsonObject { ["type"] = "category", ["inverse"] = true, ["data"] = new JsonArray([.. open.Select(s => (JsonNode)s.Name)]) },
            ["series"] = new JsonArray(
                new JsonObject { ["name"] = t("Funnel.MedianDays"), ["type"] = "bar", ["data"] = new JsonArray([.. open.Select(s => Bar(s, s.MedianDays))]), ["itemStyle"] = new JsonObject { ["color"] = Primary }, ["label"] = Label("{c}") },
                new JsonObject { ["name"] = t("Funnel.P90Days"), ["type"] = "bar", ["data"] = new JsonArray([.. open.Select(s => Bar(s, s.P90Days))]), ["itemStyle"] = new JsonObject { ["color"] = "#90b4dc" }, ["label"] = Label("{c}") }),
        };
    }

    /// <summary>The Kaplan–Meier curves of time in stage: the share of stays still running after each day.</summary>
    public static JsonObject Curves(IReadOnlyList<StageFigures> stages, ChartText text)
    {
        var t = text.T;
        var series = new JsonArray();
        var i = 0;
        foreach (var s in stages.Where(s => s.Survival is { Count: > 0 }))
        {
            var steps = new JsonArray { new JsonArray(0, 100) };
            foreach (var step in s.Survival!)
            {
                steps.Add(new JsonArray(Math.Round(step.Days, 2), Math.Round(step.Survival * 100, 2)));
            }
            series.Add(new JsonObject { ["name"] = s.Name, ["type"] = "line", ["step"] = "end", ["showSymbol"] = false, ["data"] = steps, ["color"] = Palette[i++ % Palette.Length] });
        }
        return new JsonObject
        {
            ["aria"] = new JsonObject { ["enabled"] = true },
            ["animation"] = false,
            ["tooltip"] = new JsonObject { ["trigger"] = "axis" },
            ["legend"] = new JsonObject { ["top"] = 0, ["type"] = "scroll" },
            ["grid"] = new JsonObject { ["left"] = 8, ["right"] = 24, ["top"] = 36, ["bottom"] = 8, ["containLabel"] = true },
            ["xAxis"] = new JsonObject { ["type"] = "value", ["name"] = t("Funnel.Days"), ["max"] = "dataMax" },
            ["yAxis"] = new JsonObject { ["type"] = "value", ["min"] = 0, ["max"] = 100, ["name"] = t("Funnel.StillInStagePercent"), ["axisLabel"] = new JsonObject { ["formatter"] = "{value}%" } },
            ["series"] = series,
        };
    }

    /// <summary>One stage's step conversion by cohort month, with its 95% interval as a band and the deals entered as bars behind.</summary>
    public static JsonObject Trend(IReadOnlyList<GroupAnswer> months, string stage, ChartText text)
    {
        var t = text.T;
        var rows = months.Select(m => (m.Key, Row: m.Stages.FirstOrDefault(s => s.Stage == stage))).Where(m => m.Row is not null).ToList();
        JsonNode? Tip(string key, StageFigures row, double? value) => value is null ? null : new JsonObject
        {
            ["value"] = value,
            ["itemStyle"] = new JsonObject { ["color"] = row.TooFew ? Grey : Primary },
            ["href"] = text.Link(stage, "entered", key),
            ["tip"] = $"{key} · {row.Name}\n{t("Funnel.StepConversion")}: {Percent(row.Conversion, text)} ({Percent(row.CiLow, text)} – {Percent(row.CiHigh, text)})"
                + $"\n{t("Funnel.Advanced")}: {Count(row.Advanced ?? 0, text)} / {Count(row.Entered, text)}" + (row.TooFew ? "\n" + t("Funnel.TooFewReason") : ""),
        };
        return new JsonObject
        {
            ["aria"] = new JsonObject { ["enabled"] = true },
            ["animation"] = false,
            ["tooltip"] = new JsonObject { ["trigger"] = "item", ["formatter"] = "loudou:tip", ["confine"] = true },
            ["legend"] = new JsonObject { ["top"] = 0, ["data"] = new JsonArray(t("Funnel.StepConversion"), t("Funnel.Interval"), t("Funnel.Entered")) },
            ["grid"] = new JsonObject { ["left"] = 8, ["right"] = 8, ["top"] = 36, ["bottom"] = 8, ["containLabel"] = true },
            ["xAxis"] = new JsonObject { ["type"] = "category", ["data"] = new JsonArray([.. rows.Select(r => (JsonNode)r.Key)]) },
            ["yAxis"] = new JsonArray(
                new JsonObject { ["type"] = "value", ["min"] = 0, ["max"] = 100, ["axisLabel"] = new JsonObject { ["formatter"] = "{value}%" } },
                new JsonObject { ["type"] = "value", ["splitLine"] = new JsonObject { ["show"] = false } }),
            ["series"] = new JsonArray(
                new JsonObject
                {
                    ["name"] = t("Funnel.Entered"),
                    ["type"] = "bar",
                    ["yAxisIndex"] = 1,
                    ["z"] = 0,
                    ["itemStyle"] = new JsonObject { ["color"] = "#e3e8ef" },
                    ["data"] = new JsonArray([.. rows.Select(r => (JsonNode)new JsonObject { ["value"] = r.Row!.Entered, ["href"] = text.Link(stage, "entered", r.Key), ["tip"] = $"{r.Key}\n{t("Funnel.Entered")}: {Count(r.Row.Entered, text)}" })]),
                },
                BandFloor("line", new JsonArray([.. rows.Select(r => (JsonNode?)(r.Row!.CiLow is { } l ? Pct(l) : null))])),
                new JsonObject
                {
                    ["name"] = t("Funnel.Interval"),
                    ["type"] = "line",
                    ["stack"] = "band",
                    ["symbol"] = "none",
                    ["lineStyle"] = new JsonObject { ["opacity"] = 0 },
                    ["silent"] = true,
                    ["areaStyle"] = new JsonObject { ["color"] = Band },
                    ["color"] = Band,
                    ["tooltip"] = new JsonObject { ["show"] = false },
                    ["data"] = new JsonArray([.. rows.Select(r => (JsonNode?)(r.Row!.CiLow is { } l && r.Row.CiHigh is { } h ? Pct(h - l) : null))]),
                },
                new JsonObject
                {
                    ["name"] = t("Funnel.StepConversion"),
                    ["type"] = "line",
                    ["color"] = Primary,
                    ["symbolSize"] = 7,
                    ["connectNulls"] = false,
                    ["data"] = new JsonArray([.. rows.Select(r => Tip(r.Key, r.Row!, r.Row!.Conversion is { } c ? Pct(c) : null))]),
                }),
        };
    }

    /// <summary>Win rate per group with its 95% interval, as the breakdown table lists them.</summary>
    public static JsonObject Breakdown(IReadOnlyList<GroupAnswer> groups, ChartText text, Func<string, string> groupName)
    {
        var t = text.T;
        var names = new JsonArray([.. groups.Select(g => (JsonNode)groupName(g.Key))]);
        string Tip(GroupAnswer g) => $"{groupName(g.Key)}\n{t("Funnel.WinRate")}: {Percent(g.WinRate, text)} ({Percent(g.WinRateCiLow, text)} – {Percent(g.WinRateCiHigh, text)})"
            + $"\n{t("Funnel.Won")}: {Count(g.Won, text)} · {t("Funnel.Lost")}: {Count(g.Lost, text)} · {t("Funnel.Deals")}: {Count(g.Deals, text)}";
        return new JsonObject
        {
            ["aria"] = new JsonObject { ["enabled"] = true },
            ["animation"] = false,
            ["tooltip"] = new JsonObject { ["trigger"] = "item", ["formatter"] = "loudou:tip", ["confine"] = true },
            ["title"] = SmallTitle(t("Funnel.WinRateWithInterval"), "1%"),
            ["grid"] = new JsonObject { ["left"] = 8, ["right"] = 56, ["top"] = 32, ["bottom"] = 8, ["containLabel"] = true },
            ["xAxis"] = new JsonObject { ["type"] = "value", ["min"] = 0, ["max"] = 100, ["axisLabel"] = new JsonObject { ["formatter"] = "{value}%" } },
            ["yAxis"] = new JsonObject { ["type"] = "category", ["inverse"] = true, ["data"] = names, ["axisLabel"] = new JsonObject { ["width"] = 120, ["overflow"] = "truncate" } },
            ["series"] = new JsonArray(
                BandFloor("bar", new JsonArray([.. groups.Select(g => (JsonNode?)(g.WinRateCiLow is { } l ? Pct(l) : null))])),
                new JsonObject
                {
                    ["name"] = t("Funnel.Interval"),
                    ["type"] = "bar",
                    ["stack"] = "ci",
                    ["barWidth"] = 12,
                    ["itemStyle"] = new JsonObject { ["color"] = Band },
                    ["data"] = new JsonArray([.. groups.Select(g => (JsonNode?)(g.WinRateCiLow is { } l && g.WinRateCiHigh is { } h ? new JsonObject { ["value"] = Pct(h - l), ["tip"] = Tip(g), ["href"] = text.Link(null, "won", g.Key) } : null))]),
                },
                new JsonObject
                {
                    ["name"] = t("Funnel.WinRate"),
                    ["type"] = "scatter",
                    ["symbolSize"] = 11,
                    ["z"] = 3,
                    ["color"] = Primary,
                    ["label"] = new JsonObject { ["show"] = true, ["position"] = "right", ["color"] = "#333" },
                    ["data"] = new JsonArray([.. groups.Select((g, i) => (JsonNode?)(g.WinRate is { } w ? new JsonObject
                    {
                        ["value"] = new JsonArray(Pct(w), i), ["tip"] = Tip(g), ["href"] = text.Link(null, "won", g.Key),
                        ["label"] = new JsonObject { ["formatter"] = Percent(w, text) },
                    } : null))]),
                }),
        };
    }

    /// <summary>Step conversion per group and stage, coloured by its difference from the whole; a cell not significant (q &gt; 0.05) or not tested stays neutral.</summary>
    public static JsonObject Heatmap(IReadOnlyList<GroupAnswer> groups, IReadOnlyList<StageFigures> stages, ChartText text, Func<string, string> groupName)
    {
        var t = text.T;
        var open = stages.Where(s => s.Advanced is not null).ToList();
        var coloured = new JsonArray();
        var neutral = new JsonArray();
        var widest = 0.05;
        for (var y = 0; y < groups.Count; y++)
        {
            for (var x = 0; x < open.Count; x++)
            {
                var row = groups[y].Stages.FirstOrDefault(s => s.Stage == open[x].Stage);
                if (row is null)
                {
                    continue;
                }
                var difference = row.VsAll?.Difference;
                var tip = $"{groupName(groups[y].Key)} · {row.Name}\n{t("Funnel.StepConversion")}: {Percent(row.Conversion, text)} ({Percent(row.CiLow, text)} – {Percent(row.CiHigh, text)})"
                    + $"\n{t("Funnel.VsAll")}: {Points(difference, text)}"
                    + $"\n{(row.VsAll?.QValue is { } q ? $"q = {q.ToString("0.###", text.Culture)}" + (row.VsAll.Significant ? " · " + t("Funnel.Significant") : " · " + t("Funnel.NotSignificant")) : t("Funnel.TooFewReason"))}"
                    + $"\n{t("Funnel.Entered")}: {Count(row.Entered, text)}";
                var cell = new JsonObject
                {
                    ["value"] = new JsonArray(x, y, row.VsAll is { Significant: true, Difference: { } d } ? Math.Round(d * 100, 2) : 0),
                    ["href"] = text.Link(row.Stage, "entered", groups[y].Key),
                    ["tip"] = tip,
                    ["label"] = new JsonObject { ["formatter"] = row.Conversion is { } c ? Percent(c, text) : "—" },
                };
                if (row.VsAll is { Significant: true, Difference: { } diff })
                {
                    widest = Math.Max(widest, Math.Abs(diff));
                    coloured.Add(cell);
                }
                else
                {
                    neutral.Add(cell);
                }
            }
        }
        var range = Math.Ceiling(widest * 100);
        return new JsonObject
        {
            ["aria"] = new JsonObject { ["enabled"] = true },
            ["animation"] = false,
            ["tooltip"] = new JsonObject { ["trigger"] = "item", ["formatter"] = "loudou:tip", ["confine"] = true },
            ["grid"] = new JsonObject { ["left"] = 8, ["right"] = 8, ["top"] = 8, ["bottom"] = 56, ["containLabel"] = true },
            ["xAxis"] = new JsonObject
            {
                ["type"] = "category",
                ["data"] = new JsonArray([.. open.Select(s => (JsonNode)s.Name)]),
                ["splitArea"] = new JsonObject { ["show"] = true },
                ["axisLabel"] = new JsonObject { ["interval"] = 0, ["hideOverlap"] = true },
            },
            ["yAxis"] = new JsonObject { ["type"] = "category", ["inverse"] = true, ["data"] = new JsonArray([.. groups.Select(g => (JsonNode)groupName(g.Key))]), ["axisLabel"] = new JsonObject { ["width"] = 120, ["overflow"] = "truncate" } },
            ["visualMap"] = new JsonObject
            {
                ["seriesIndex"] = 0,
                ["min"] = -range,
                ["max"] = range,
                ["calculable"] = false,
                ["orient"] = "horizontal",
                ["left"] = "center",
                ["bottom"] = 0,
                ["text"] = new JsonArray($"+{range} {t("Funnel.PointsShort")}", $"−{range} {t("Funnel.PointsShort")}"),
                ["inRange"] = new JsonObject { ["color"] = new JsonArray("#c62828", "#f6f6f6", "#2e7d32") },
                ["itemHeight"] = 120,
            },
            ["series"] = new JsonArray(
                new JsonObject { ["name"] = t("Funnel.Significant"), ["type"] = "heatmap", ["data"] = coloured, ["label"] = new JsonObject { ["show"] = true }, ["itemStyle"] = new JsonObject { ["borderColor"] = "#fff", ["borderWidth"] = 1 } },
                new JsonObject
                {
                    ["name"] = t("Funnel.NotSignificant"),
                    ["type"] = "heatmap",
                    ["data"] = neutral,
                    ["label"] = new JsonObject { ["show"] = true, ["color"] = "#666" },
                    ["itemStyle"] = new JsonObject { ["color"] = "#f3f4f6", ["borderColor"] = "#fff", ["borderWidth"] = 1 },
                }),
        };
    }

    /// <summary>One stage's loss reasons as a Pareto chart: the count of each as a bar (opening its deals), the running share as a line.</summary>
    public static JsonObject Losses(LossStage stage, ChartText text, Func<string?, string> link, string noReason)
    {
        var t = text.T;
        var names = new JsonArray([.. stage.Reasons.Select(r => (JsonNode)(r.Reason ?? noReason))]);
        return new JsonObject
        {
            ["aria"] = new JsonObject { ["enabled"] = true },
            ["animation"] = false,
            ["tooltip"] = new JsonObject { ["trigger"] = "item", ["formatter"] = "loudou:tip", ["confine"] = true },
            ["grid"] = new JsonObject { ["left"] = 8, ["right"] = 8, ["top"] = 24, ["bottom"] = 8, ["containLabel"] = true },
            ["xAxis"] = new JsonObject { ["type"] = "category", ["data"] = names, ["axisLabel"] = new JsonObject { ["interval"] = 0, ["width"] = 90, ["overflow"] = "truncate" } },
            ["yAxis"] = new JsonArray(
                new JsonObject { ["type"] = "value", ["name"] = t("Funnel.Lost") },
                new JsonObject { ["type"] = "value", ["min"] = 0, ["max"] = 100, ["axisLabel"] = new JsonObject { ["formatter"] = "{value}%" }, ["splitLine"] = new JsonObject { ["show"] = false } }),
            ["series"] = new JsonArray(
                new JsonObject
                {
                    ["name"] = t("Funnel.Lost"),
                    ["type"] = "bar",
                    ["color"] = "#c62828",
                    ["barMaxWidth"] = 36,
                    ["data"] = new JsonArray([.. stage.Reasons.Select(r => (JsonNode)new JsonObject
                    {
                        ["value"] = r.Count,
                        ["href"] = link(r.Reason),
                        ["tip"] = $"{r.Reason ?? noReason}\n{t("Funnel.Lost")}: {Count(r.Count, text)} ({Percent(r.Share, text)})\n{t("Leak.Cumulative")}: {Percent(r.CumulativeShare, text)}",
                    })]),
                },
                new JsonObject
                {
                    ["name"] = t("Leak.Cumulative"),
                    ["type"] = "line",
                    ["yAxisIndex"] = 1,
                    ["color"] = "#555",
                    ["symbolSize"] = 6,
                    ["data"] = new JsonArray([.. stage.Reasons.Select(r => (JsonNode)Pct(r.CumulativeShare))]),
                    ["tooltip"] = new JsonObject { ["show"] = false },
                }),
        };
    }

    public static string Percent(double? rate, ChartText text) => Figures.Percent(rate, text.Culture);

    public static string Points(double? difference, ChartText text) => Figures.Points(difference, text.Culture, text.T("Funnel.PointsShort"));

    public static string Count(long n, ChartText text) => Figures.Count(n, text.Culture);

    public static string Days(double? days, ChartText text) => Figures.Days(days, text.Culture);

    private static double Pct(double rate) => Math.Round(rate * 100, 2);

    /// <summary>The invisible lower part of an interval band: the interval's low end, stacked under its width, which is drawn.</summary>
    private static JsonObject BandFloor(string type, JsonArray lows, int? axis = null)
    {
        var series = new JsonObject
        {
            ["type"] = type,
            ["stack"] = type == "bar" ? "ci" : "band",
            ["data"] = lows,
            ["silent"] = true,
            ["tooltip"] = new JsonObject { ["show"] = false },
        };
        if (type == "bar")
        {
            series["itemStyle"] = new JsonObject { ["color"] = "transparent" };
            series["barWidth"] = 12;
        }
        else
        {
            series["symbol"] = "none";
            series["lineStyle"] = new JsonObject { ["opacity"] = 0 };
        }
        if (axis is { } index)
        {
            series["xAxisIndex"] = index;
            series["yAxisIndex"] = index;
        }
        return series;
    }

    private static JsonObject Label(string formatter) => new() { ["show"] = true, ["position"] = "right", ["formatter"] = formatter, ["color"] = "#555" };

    private static JsonObject SmallTitle(string text, string left) => new()
    {
        ["text"] = text,
        ["left"] = left,
        ["top"] = 0,
        ["textStyle"] = new JsonObject { ["fontSize"] = 13, ["fontWeight"] = "normal", ["color"] = "#555" },
    };
}
