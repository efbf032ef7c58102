using System.Globalization;
using System.Net;
using System.Text;
using Loudou.Core.Analytics;
using Loudou.Core.Analytics.Review;

namespace Loudou.Import.Export.Review;

/// <summary>The monthly review as a printable page: plain HTML and CSS, no script, laid out for A4.</summary>
/// <remarks>
/// The CLI writes <see cref="Document"/>; the web host's /review/YYYY-MM serves the same document, so the page and the file
/// cannot drift apart. Bars are CSS widths rather than a chart library: they print exactly, in any browser, with no script.
/// </remarks>
public static class ReviewHtml
{
    public static string Document(ReviewReport report, TimeZoneInfo zone, string language, string? backLink = null)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"").Append(language == "zh-CN" ? "zh-CN" : "en").Append("\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
            .Append(E(Title(report, language))).Append("</title>\n<style>").Append(Style).Append("</style>\n</head>\n<body>\n");
        if (backLink is not null)
        {
            html.Append("<nav class=\"screen-only\"><a href=\"").Append(E(backLink)).Append("\">← Loudou</a> · <a href=\"javascript:print()\">")
                .Append(language == "zh-CN" ? "打印" : "Print").Append("</a></nav>\n");
        }
        html.Append(Body(report, zone, language)).Append("</body>\n</html>\n");
        return html.ToString();
    }

    /// <summary>Why a review cannot be shown, as a page a person reads (the API answers the same refusal as a problem).</summary>
    public static string Refusal(string reason, string language, string backLink) =>
        $"<!DOCTYPE html>\n<html lang=\"{(language == "zh-CN" ? "zh-CN" : "en")}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        + $"<title>{E(ReviewWords.Of("title", language))}</title>\n<style>{Style}</style>\n</head>\n<body>\n<nav><a href=\"{E(backLink)}\">← Loudou</a></nav>\n"
        + $"<main><h1>{E(ReviewWords.Of("title", language))}</h1><p>{E(reason)}</p></main>\n</body>\n</html>\n";

    public static string Title(ReviewReport report, string language) =>
        $"{ReviewWords.Of("title", language)} {report.Month:yyyy-MM} · {report.Team ?? ReviewWords.Of("workspace", language)}";

    private static string Body(ReviewReport report, TimeZoneInfo zone, string language)
    {
        string W(string key) => ReviewWords.Of(key, language);
        var h = new StringBuilder();
        h.Append("<main>\n<header><h1>").Append(E(Title(report, language))).Append("</h1><p class=\"meta\">").Append(E(W("asOf"))).Append(' ')
            .Append(E(FunnelJson.Moment(report.AsOf, zone)[..10])).Append(report.Complete ? "" : $" · {E(W("toDate"))}").Append(" · ").Append(E(W("pipeline"))).Append(' ').Append(E(report.Pipeline)).Append("</p></header>\n");

        // KPIs
        h.Append("<section><h2>").Append(E(W("kpis"))).Append("</h2><table class=\"kpis\"><thead><tr><th>").Append(E(W("kpi"))).Append("</th><th class=\"num\">").Append(E(W("value")))
            .Append("</th><th class=\"num\">").Append(E(W("previous"))).Append("</th><th class=\"num\">").Append(E(W("lastYear"))).Append("</th><th class=\"num\">").Append(E(W("target"))).Append("</th></tr></thead><tbody>\n");
        foreach (var k in report.Kpis)
        {
            var rate = k.Key == "winRate";
            string F(double? v) => rate ? Pct(v) : k.Key == "wonAmount" ? Money(v, language) : Count(v);
            h.Append("<tr><th>").Append(E(W(k.Key))).Append("</th><td class=\"num strong\">").Append(F(k.Value));
            if (rate && k.Low is not null)
            {
                h.Append("<span class=\"ci\">").Append(Pct(k.Low)).Append("–").Append(Pct(k.High)).Append("</span>");
            }
            h.Append("</td><td class=\"num\">").Append(F(k.Previous.Value)).Append(Delta(k.Previous, rate, k.Key == "wonAmount", language))
                .Append("</td><td class=\"num\">").Append(F(k.LastYear.Value)).Append(Delta(k.LastYear, rate, k.Key == "wonAmount", language))
                .Append("</td><td class=\"num\">").Append(k.Target is null ? "" : F(k.Target) + Hit(k.Hit)).Append("</td></tr>\n");
        }
        h.Append("</tbody></table></section>\n");

        // Funnel
        h.Append("<section><h2>").Append(E(W("funnel"))).Append("</h2><table><thead><tr><th>").Append(E(W("stage"))).Append("</th><th class=\"num\">").Append(E(W("exits")))
            .Append("</th><th class=\"bar-col\">").Append(E(W("conversion"))).Append("</th><th class=\"num\">").Append(E(W("previous"))).Append("</th><th class=\"num\">")
            .Append(E(W("target"))).Append("</th><th class=\"num\">").Append(E(W("cumulative"))).Append("</th></tr></thead><tbody>\n");
        foreach (var s in report.Funnel)
        {
            h.Append("<tr").Append(s.TooFew ? " class=\"few\"" : "").Append("><th>").Append(E(s.Name)).Append("</th><td class=\"num\">").Append(Count(s.Exits))
                .Append("</td><td class=\"bar-col\">").Append(Bar(s.Conversion, s.Low, s.High, s.Target)).Append("</td><td class=\"num\">").Append(Pct(s.Previous.Value))
                .Append(Delta(s.Previous, true, false, language)).Append("</td><td class=\"num\">").Append(s.Target is null ? "" : Pct(s.Target) + Hit(s.Hit))
                .Append("</td><td class=\"num\">").Append(Pct(s.Cumulative)).Append("</td></tr>\n");
        }
        h.Append("</tbody></table></section>\n");

        // Bottlenecks
        h.Append("<section><h2>").Append(E(W("bottlenecks"))).Append("</h2>");
        if (report.Bottlenecks.Items.Count == 0)
        {
            h.Append("<p>").Append(E(W("noBottlenecks"))).Append("</p>");
        }
        else
        {
            h.Append("<table><thead><tr><th>").Append(E(W("stage"))).Append("</th><th>").Append(E(W("segment"))).Append("</th><th class=\"num\">").Append(E(W("observed")))
                .Append("</th><th class=\"num\">").Append(E(W("baseline"))).Append("</th><th class=\"num\">").Append(E(W("q"))).Append("</th><th class=\"num\">")
                .Append(E(W("valueAtRisk"))).Append("</th></tr></thead><tbody>\n");
            foreach (var b in report.Bottlenecks.Items)
            {
                var conversion = b.Metric == "conversion";
                h.Append("<tr><th>").Append(E(b.Name)).Append("</th><td>").Append(E(b.Segment is null ? "" : $"{b.Dimension}: {b.Segment}")).Append("</td><td class=\"num\">")
                    .Append(conversion ? Pct(b.Observed) : Days(b.Observed, language)).Append("</td><td class=\"num\">").Append(conversion ? Pct(b.Baseline) : Days(b.Baseline, language))
                    .Append(" <span class=\"ci\">").Append(E(b.BaselineKind)).Append("</span></td><td class=\"num\">").Append(b.QValue.ToString("0.000", CultureInfo.InvariantCulture))
                    .Append("</td><td class=\"num\">").Append(Money((double)b.ValueAtRisk, language)).Append("</td></tr>\n");
            }
            h.Append("</tbody></table>");
        }
        h.Append("</section>\n");

        // Changes
        h.Append("<section><h2>").Append(E(W("changes"))).Append("</h2><p class=\"meta\">").Append(E(W("changesNote"))).Append("</p><div class=\"two\">");
        var names = report.Funnel.ToDictionary(s => s.Stage, s => s.Name, StringComparer.Ordinal);
        foreach (var (key, split) in new[] { ("winRate", report.WinRateChange), ("wonAmount", report.WonAmountChange) })
        {
            var rate = key == "winRate";
            string F(double? v) => rate ? Pct(v) : Money(v, language);
            h.Append("<div><h3>").Append(E(W(key))).Append(": ").Append(F(split.From)).Append(" → ").Append(F(split.To)).Append("</h3>");
            var largest = split.Parts.Select(p => Math.Abs(p.Contribution)).DefaultIfEmpty(0).Max();
            h.Append("<table class=\"parts\"><tbody>");
            foreach (var part in split.Parts.Where(p => Math.Abs(p.Contribution) > largest * 0.005 || p.Stage is not null))
            {
                var width = largest == 0 ? 0 : Math.Abs(part.Contribution) / largest * 50;
                var side = part.Contribution < 0 ? $"right:50%;width:{Css(width)}%" : $"left:50%;width:{Css(width)}%";
                h.Append("<tr><th>").Append(E(ReviewText.PartLabel(part, names, language))).Append("</th><td class=\"diverge\"><span class=\"axis\"></span><span class=\"")
                    .Append(part.Contribution < 0 ? "neg" : "pos").Append("\" style=\"").Append(side).Append("\"></span></td><td class=\"num\">")
                    .Append(rate ? Points(part.Contribution, language) : Signed(Money(part.Contribution, language), part.Contribution)).Append("</td></tr>");
            }
            h.Append("</tbody></table></div>");
        }
        h.Append("</div></section>\n");

        // Ranking
        h.Append("<section><h2>").Append(E(W("ranking"))).Append("</h2>");
        if (report.Ranking is not { } ranking || ranking.Reps.Count == 0)
        {
            h.Append("<p>").Append(E(W("noRanking"))).Append("</p>");
        }
        else
        {
            h.Append("<table><thead><tr><th class=\"num\">").Append(E(W("rank"))).Append("</th><th>").Append(E(W("rep"))).Append("</th><th class=\"num\">").Append(E(W("score")))
                .Append("</th><th class=\"num\">").Append(E(W("results"))).Append("</th><th class=\"num\">").Append(E(W("process"))).Append("</th><th class=\"num\">")
                .Append(E(W("winRate"))).Append("</th><th class=\"num\">").Append(E(W("wonAmount"))).Append("</th><th class=\"num\">").Append(E(W("completion")))
                .Append("</th><th class=\"num\">").Append(E(W("onTime"))).Append("</th></tr></thead><tbody>\n");
            foreach (var r in ranking.Reps)
            {
                h.Append("<tr><td class=\"num\">").Append(r.Score.Rank?.ToString(CultureInfo.InvariantCulture) ?? "–").Append("</td><th>").Append(E(r.DisplayName))
                    .Append(r.Team is null || report.Team is not null ? "" : $" <span class=\"ci\">{E(r.Team)}</span>").Append("</th><td class=\"num strong\">").Append(Score(r.Score.Score))
                    .Append("</td><td class=\"num\">").Append(Score(r.Score.Results)).Append("</td><td class=\"num\">").Append(Score(r.Score.Process)).Append("</td><td class=\"num\">")
                    .Append(Pct(r.Figures.WinRate)).Append("</td><td class=\"num\">").Append(Money((double)r.Figures.WonAmount, language)).Append("</td><td class=\"num\">")
                    .Append(Pct(r.Figures.CompletionRate)).Append("</td><td class=\"num\">").Append(Pct(r.Figures.OnTimeRate)).Append("</td></tr>\n");
            }
            h.Append("</tbody></table>");
        }
        h.Append("</section>\n");

        // Channels
        if (report.Channels is { Channels.Count: > 0 } channels)
        {
            h.Append("<section><h2>").Append(E(W("channels"))).Append("</h2><p class=\"meta\">")
                .Append(E(string.Format(CultureInfo.InvariantCulture, W("channelsNote"), channels.FromMonth, channels.ToMonth))).Append("</p>")
                .Append("<table><thead><tr><th>").Append(E(W("channel"))).Append("</th><th class=\"num\">").Append(E(W("newLeads"))).Append("</th><th class=\"num\">")
                .Append(E(W("won"))).Append("</th><th class=\"num\">").Append(E(W("wonAmount"))).Append("</th><th class=\"num\">").Append(E(W("cost")))
                .Append("</th><th class=\"num\">").Append(E(W("costPerLead"))).Append("</th><th class=\"num\">").Append(E(W("costPerWon")))
                .Append("</th><th class=\"num\">").Append(E(W("returnOnCost"))).Append("</th></tr></thead><tbody>\n");
            foreach (var c in channels.Channels.Append(channels.Total))
            {
                var total = ReferenceEquals(c, channels.Total);
                h.Append(total ? "<tr class=\"strong\"><th>" : "<tr><th>").Append(E(total ? W("total") : c.Channel.Length == 0 ? W("noChannel") : c.Channel))
                    .Append("</th><td class=\"num\">").Append(Count(c.Leads)).Append("</td><td class=\"num\">").Append(Count(c.Won)).Append("</td><td class=\"num\">")
                    .Append(Money((double)c.WonAmount, language)).Append("</td><td class=\"num\">").Append(Money((double?)c.Cost, language)).Append("</td><td class=\"num\">")
                    .Append(Money((double?)c.CostPerLead, language)).Append("</td><td class=\"num\">").Append(Money((double?)c.CostPerWon, language))
                    .Append("</td><td class=\"num\">").Append(Pct(c.ReturnOnCost)).Append("</td></tr>\n");
            }
            h.Append("</tbody></table></section>\n");
        }

        // Losses and targets
        h.Append("<section class=\"two\"><div><h2>").Append(E(W("losses"))).Append("</h2>");
        if (report.Losses.Count == 0)
        {
            h.Append("<p>").Append(E(W("noLosses"))).Append("</p>");
        }
        else
        {
            h.Append("<table><thead><tr><th>").Append(E(W("stage"))).Append("</th><th>").Append(E(W("reason"))).Append("</th><th class=\"num\">").Append(E(W("value")))
                .Append("</th><th class=\"num\">").Append(E(W("previous"))).Append("</th></tr></thead><tbody>");
            foreach (var l in report.Losses.Take(8))
            {
                h.Append("<tr><th>").Append(E(l.StageName)).Append("</th><td>").Append(E(l.Reason.Length == 0 ? W("noReason") : l.ReasonName)).Append("</td><td class=\"num\">")
                    .Append(Count(l.Lost)).Append("</td><td class=\"num\">").Append(Count(l.PreviousLost)).Append("</td></tr>");
            }
            h.Append("</tbody></table>");
        }
        h.Append("</div><div><h2>").Append(E(W("targets"))).Append("</h2>");
        if (report.Targets.Count == 0)
        {
            h.Append("<p>").Append(E(W("noTargets"))).Append("</p>");
        }
        else
        {
            h.Append("<table><thead><tr><th>").Append(E(W("kind"))).Append("</th><th>").Append(E(W("who"))).Append("</th><th class=\"num\">").Append(E(W("target")))
                .Append("</th><th class=\"num\">").Append(E(W("actual"))).Append("</th></tr></thead><tbody>");
            foreach (var t in report.Targets)
            {
                string F(double? v) => t.Kind == "conversion" ? Pct(v) : t.Kind == "wonAmount" ? Money(v, language) : Count(v);
                var who = t.Kind == "conversion" ? names.GetValueOrDefault(t.Stage!, t.Stage!) : t.Rep ?? t.Team ?? W("workspace");
                h.Append("<tr><th>").Append(E(W(t.Kind))).Append("</th><td>").Append(E(who)).Append("</td><td class=\"num\">").Append(F(t.Target))
                    .Append("</td><td class=\"num\">").Append(F(t.Actual)).Append(Hit(t.Hit)).Append("</td></tr>");
            }
            h.Append("</tbody></table>");
        }
        h.Append("</div></section>\n");

        // Actions
        h.Append("<section><h2>").Append(E(W("actions"))).Append("</h2>");
        if (report.Actions.Count == 0)
        {
            h.Append("<p>").Append(E(W("noActions"))).Append("</p>");
        }
        else
        {
            h.Append("<ol class=\"actions\">");
            foreach (var a in report.Actions)
            {
                h.Append("<li>").Append(E(a.Text)).Append("</li>");
            }
            h.Append("</ol>");
        }
        h.Append("</section>\n</main>\n");
        return h.ToString();
    }

    /// <summary>A conversion bar with its interval as a whisker and the target as a tick.</summary>
    private static string Bar(double? value, double? low, double? high, double? target)
    {
        if (value is not { } v)
        {
            return "<span class=\"ci\">–</span>";
        }
        var bar = new StringBuilder("<div class=\"bar\"><span class=\"fill\" style=\"width:").Append(Css(v * 100)).Append("%\"></span>");
        if (low is { } l && high is { } hi)
        {
            bar.Append("<span class=\"whisker\" style=\"left:").Append(Css(l * 100)).Append("%;width:").Append(Css((hi - l) * 100)).Append("%\"></span>");
        }
        if (target is { } t)
        {
            bar.Append("<span class=\"tick\" style=\"left:").Append(Css(t * 100)).Append("%\"></span>");
        }
        return bar.Append("<span class=\"label\">").Append(Pct(v)).Append("</span></div>").ToString();
    }

    private static string Delta(ReviewComparison c, bool rate, bool money, string language)
    {
        if (c.Change is not { } change)
        {
            return "";
        }
        var text = rate ? Points(change, language) : money ? Signed(Money(change, language), change) : Signed(Count(change), change);
        return $"<span class=\"delta{(c.Significant ? " sig" : "")}\">{text}{(c.Significant ? " *" : "")}</span>";
    }

    private static string Hit(bool? hit) => hit switch
    {
        true => " <span class=\"hit\">✓</span>",
        false => " <span class=\"miss\">✗</span>",
        _ => "",
    };

    private static string Pct(double? v) => v is { } x ? (x * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%" : "–";

    private static string Points(double v, string language)
    {
        var points = Math.Abs(v * 100).ToString("0.0", CultureInfo.InvariantCulture);
        return (points == "0.0" ? "±" : v > 0 ? "+" : "−") + points + (language == "zh-CN" ? " 个百分点" : " pts");
    }

    private static string Count(double? v) => v is { } x ? x.ToString("#,0", CultureInfo.InvariantCulture) : "–";

    private static string Score(double? v) => v?.ToString("0.0", CultureInfo.InvariantCulture) ?? "–";

    private static string Days(double v, string language) => v.ToString("0.#", CultureInfo.InvariantCulture) + (language == "zh-CN" ? " 天" : " d");

    /// <summary>Money as a reader says it: 万 and 亿 in Chinese, K and M in English.</summary>
    private static string Money(double? v, string language)
    {
        if (v is not { } x)
        {
            return "–";
        }
        var a = Math.Abs(x);
        var sign = x < 0 ? "−" : "";
        return language == "zh-CN"
            ? a >= 1e8 ? sign + (a / 1e8).ToString("0.##", CultureInfo.InvariantCulture) + "亿" : a >= 1e4 ? sign + (a / 1e4).ToString("0.#", CultureInfo.InvariantCulture) + "万" : sign + a.ToString("#,0", CultureInfo.InvariantCulture)
            : a >= 1e6 ? sign + (a / 1e6).ToString("0.##", CultureInfo.InvariantCulture) + "M" : a >= 1e3 ? sign + (a / 1e3).ToString("0.#", CultureInfo.InvariantCulture) + "K" : sign + a.ToString("#,0", CultureInfo.InvariantCulture);
    }

    private static string Signed(string text, double v) => v > 0 ? "+" + text : v < 0 && !text.StartsWith('−') && !text.StartsWith('-') ? "−" + text : text;

    private static string Css(double v) => Math.Clamp(v, 0, 100).ToString("0.##", CultureInfo.InvariantCulture);

    private static string E(string text) => WebUtility.HtmlEncode(text);

    /// <summary>Screen and A4 print: one column, tables that do not split a row across pages, section headings kept with what follows.</summary>
    public const string Style = """
        :root{--ink:#1f2937;--muted:#6b7280;--line:#e5e7eb;--accent:#2563eb;--neg:#dc2626;--pos:#16a34a}
        body{font-family:"Noto Sans CJK SC","Noto Sans SC","PingFang SC","Microsoft YaHei",system-ui,sans-serif;color:var(--ink);margin:0;background:#f9fafb}
        main{max-width:190mm;margin:0 auto;padding:16px;background:#fff}
        nav{max-width:190mm;margin:0 auto;padding:8px 16px;font-size:14px}
        nav a{color:var(--accent)}
        header h1{font-size:22px;margin:0 0 2px}
        h2{font-size:16px;margin:18px 0 6px;border-bottom:2px solid var(--ink);padding-bottom:2px;break-after:avoid}
        h3{font-size:13px;margin:6px 0}
        .meta{color:var(--muted);font-size:12px;margin:0 0 6px}
        table{width:100%;border-collapse:collapse;font-size:12px}
        th,td{padding:3px 6px;border-bottom:1px solid var(--line);text-align:left;vertical-align:middle}
        thead th{color:var(--muted);font-weight:600;font-size:11px}
        tbody th{font-weight:500}
        tr{break-inside:avoid}
        .num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
        .strong{font-weight:700}
        .ci{color:var(--muted);font-size:10px;margin-left:4px}
        .delta{display:block;color:var(--muted);font-size:10px}
        .delta.sig{color:var(--ink);font-weight:700}
        .hit{color:var(--pos);font-weight:700}
        .miss{color:var(--neg);font-weight:700}
        .few{color:var(--muted)}
        .bar-col{width:38%}
        .bar{position:relative;height:14px;background:#eef2ff}
        .bar .fill{position:absolute;left:0;top:0;bottom:0;background:#93c5fd}
        .bar .whisker{position:absolute;top:6px;height:2px;background:var(--ink)}
        .bar .tick{position:absolute;top:-2px;bottom:-2px;width:2px;background:var(--neg)}
        .bar .label{position:absolute;right:2px;top:1px;font-size:10px;line-height:12px;padding:0 2px;background:rgba(255,255,255,.85)}
        section{overflow-x:auto}
        th{word-break:keep-all}
        .two{display:grid;grid-template-columns:1fr 1fr;gap:16px}
        .parts th{width:45%;font-size:11px}
        .diverge{position:relative;height:14px;width:35%}
        .diverge .axis{position:absolute;left:50%;top:0;bottom:0;width:1px;background:var(--muted)}
        .diverge .neg,.diverge .pos{position:absolute;top:2px;bottom:2px}
        .diverge .neg{background:var(--neg)}
        .diverge .pos{background:var(--pos)}
        .actions{font-size:13px;padding-left:20px}
        .actions li{margin:4px 0;break-inside:avoid}
        @media (max-width:700px){.two{grid-template-columns:1fr}main{padding:10px}.bar-col{width:auto;min-width:64px}.bar .whisker,.bar .tick{display:none}}
        @page{size:A4;margin:12mm}
        @media print{body{background:#fff}main{padding:0;max-width:none}.screen-only{display:none}section{break-inside:auto}
          *{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
        """;
}
