using Loudou.Core.Analytics.Review;
using MiniExcelLibs;
using MiniExcelLibs.Attributes;
using MiniExcelLibs.OpenXml;

namespace Loudou.Import.Export.Review;

/// <summary>The monthly review as a workbook: the JSON's numbers on named sheets, as number cells with percentage and money formats, header rows frozen.</summary>
/// <remarks>
/// Sheet names are English in both languages (KPIs, Funnel, Bottlenecks, Changes, Ranking, Losses, Targets, Actions) so
/// that a formula or a script finds them; the headers are in the review's language. Rates are fractions formatted as
/// percentages, so a spreadsheet recomputes with them as they are.
/// </remarks>
public static class ReviewWorkbook
{
    private const string Percent = "0.0%";
    private const string Money = "#,##0.00";
    private const string Decimal3 = "0.000";

    public static void Write(Stream stream, ReviewReport report, string language)
    {
        string W(string key) => ReviewWords.Of(key, language);
        var sheets = new List<Sheet>
        {
            new("KPIs", [("period", W("kpi"), null), ("newLeads", W("newLeads"), "0"), ("closed", W("closed"), "0"), ("won", W("won"), "0"), ("lost", W("lost"), "0"),
                    ("winRate", W("winRate"), Percent), ("winRateLow", W("winRate") + " " + W("low"), Percent), ("winRateHigh", W("winRate") + " " + W("high"), Percent), ("wonAmount", W("wonAmount"), Money)],
                Kpis(report, language)),
            new("Funnel", [("stage", W("stage"), null), ("exits", W("exits"), null), ("advanced", W("advanced"), null), ("lost", W("lost"), null),
                    ("conversion", W("conversion"), Percent), ("flow", W("low"), Percent), ("fhigh", W("high"), Percent), ("cumulative", W("cumulative"), Percent),
                    ("fprevious", W("previous"), Percent), ("flastYear", W("lastYear"), Percent), ("ftarget", W("target"), Percent), ("fhit", W("hit"), null)],
                report.Funnel.Select(s => new object?[] { s.Name, s.Exits, s.Advanced, s.Lost, s.Conversion, s.Low, s.High, s.Cumulative, s.Previous.Value, s.LastYear.Value, s.Target, YesNo(s.Hit, language) })),
            new("Bottlenecks", [("bstage", W("stage"), null), ("bsegment", W("segment"), null), ("bobserved", W("observed"), Percent), ("blow", W("low"), Percent), ("bhigh", W("high"), Percent),
                    ("bbaseline", W("baseline"), Percent), ("bagainst", W("against"), null), ("bq", W("q"), Decimal3), ("brisk", W("valueAtRisk"), Money)],
                report.Bottlenecks.Items.Select(b => new object?[]
                {
                    b.Name, b.Segment is null ? "" : $"{b.Dimension}={b.Segment}", b.Metric == "conversion" ? b.Observed : null, b.CiLow, b.CiHigh,
                    b.Metric == "conversion" ? b.Baseline : null, b.BaselineKind, b.QValue, b.ValueAtRisk,
                })),
            new("Changes", [("part", W("part"), null), ("winRateChange", W("winRate"), Percent), ("wonAmountChange", W("wonAmount"), Money)],
                Changes(report, language)),
        };
        if (report.Ranking is { } ranking)
        {
            sheets.Add(new("Ranking", [("rrank", W("rank"), null), ("rrep", W("rep"), null), ("rteam", W("team"), null), ("rscore", W("score"), "0.0"), ("rresults", W("results"), "0.0"),
                    ("rprocess", W("process"), "0.0"), ("rwinRate", W("winRate"), Percent), ("rwonAmount", W("wonAmount"), Money), ("rcompletion", W("completion"), Percent), ("rontime", W("onTime"), Percent)],
                ranking.Reps.Select(r => new object?[] { r.Score.Rank, r.DisplayName, r.Team, r.Score.Score, r.Score.Results, r.Score.Process, r.Figures.WinRate, r.Figures.WonAmount, r.Figures.CompletionRate, r.Figures.OnTimeRate })));
        }
        if (report.Channels is { } channels)
        {
            sheets.Add(new("Channels", [("channel", W("channel"), null), ("leads", W("newLeads"), "0"), ("won", W("won"), "0"), ("wonAmount", W("wonAmount"), Money),
                    ("cost", W("cost"), Money), ("costPerLead", W("costPerLead"), Money), ("costPerWon", W("costPerWon"), Money), ("returnOnCost", W("returnOnCost"), Percent)],
                channels.Channels.Append(channels.Total).Select(c => new object?[]
                {
                    ReferenceEquals(c, channels.Total) ? W("total") : c.Channel, c.Leads, c.Won, c.WonAmount, c.Cost, c.CostPerLead, c.CostPerWon, c.ReturnOnCost,
                })));
        }
        sheets.Add(new("Losses", [("lstage", W("stage"), null), ("lreason", W("reason"), null), ("llost", W("value"), null), ("lprevious", W("previous"), null), ("lchange", W("change"), null)],
            report.Losses.Select(l => new object?[] { l.StageName, l.Reason.Length == 0 ? W("noReason") : l.ReasonName, l.Lost, l.PreviousLost, l.Change })));
        sheets.Add(new("Targets", [("tkind", W("kind"), null), ("twho", W("who"), null), ("ttarget", W("target"), null), ("tactual", W("actual"), null), ("thit", W("hit"), null)],
            report.Targets.Select(t => new object?[] { W(t.Kind), t.Stage ?? t.Rep ?? t.Team ?? W("workspace"), t.Target, t.Actual, YesNo(t.Hit, language) })));
        sheets.Add(new("Actions", [("akind", W("kind"), null), ("atext", W("actions"), null)],
            report.Actions.Select(a => new object?[] { a.Kind, a.Text })));

        var workbook = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var sheet in sheets)
        {
            workbook[sheet.Name] = sheet.Rows.Select(row => sheet.Columns.Select((c, i) => (Key: sheet.KeyOf(c.Key), Value: row[i])).ToDictionary(x => x.Key, x => x.Value, StringComparer.Ordinal)).ToList();
        }
        var configuration = new OpenXmlConfiguration
        {
            FreezeRowCount = 1,
            DynamicColumns = [.. sheets.SelectMany(s => s.Columns.Select(c => new DynamicExcelColumn(s.KeyOf(c.Key)) { Name = c.Header, Format = c.Format, Width = 18 }))],
        };
        MiniExcel.SaveAs(stream, workbook, printHeader: true, excelType: ExcelType.XLSX, configuration: configuration);
    }

    /// <summary>A row per month compared (this month, the month before, the same month last year), the changes and the target: one format per column.</summary>
    private static IEnumerable<object?[]> Kpis(ReviewReport report, string language)
    {
        var k = report.Kpis.ToDictionary(x => x.Key, StringComparer.Ordinal);
        string[] keys = ["newLeads", "closed", "won", "lost", "winRate"];
        object?[] Row(string label, Func<ReviewKpi, double?> pick, bool interval = false) =>
            [ReviewWords.Of(label, language), .. keys.Select(key => (object?)pick(k[key])),
                interval ? k["winRate"].Low : null, interval ? k["winRate"].High : null, pick(k["wonAmount"])];
        yield return Row("value", x => x.Value, interval: true);
        yield return Row("previous", x => x.Previous.Value);
        yield return Row("change", x => x.Previous.Change);
        yield return Row("lastYear", x => x.LastYear.Value);
        yield return Row("changeYear", x => x.LastYear.Change);
        yield return Row("target", x => x.Target);
    }

    /// <summary>The months' figures first, then each part of the change: a column per figure, so each keeps its format.</summary>
    private static IEnumerable<object?[]> Changes(ReviewReport report, string language)
    {
        var names = report.Funnel.ToDictionary(s => s.Stage, s => s.Name, StringComparer.Ordinal);
        var (rate, amount) = (report.WinRateChange, report.WonAmountChange);
        yield return [ReviewWords.Of("from", language), rate.From, amount.From];
        yield return [ReviewWords.Of("to", language), rate.To, amount.To];
        var rates = rate.Parts.ToDictionary(p => p.Name, StringComparer.Ordinal);
        foreach (var part in amount.Parts)
        {
            yield return [ReviewText.PartLabel(part, names, language), rates.TryGetValue(part.Name, out var r) ? r.Contribution : null, part.Contribution];
        }
    }

    private static string? YesNo(bool? value, string language) => value is { } v ? ReviewWords.Of(v ? "yes" : "no", language) : null;

    /// <remarks>MiniExcel matches a column's format by its key across every sheet, so each key carries its sheet's name.</remarks>
    private sealed record Sheet(string Name, IReadOnlyList<(string Key, string Header, string? Format)> Columns, IEnumerable<object?[]> Rows)
    {
        public string KeyOf(string column) => Name + "." + column;
    }
}
