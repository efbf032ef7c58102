using System.Globalization;

namespace Loudou.Core.Alerts.Rules;

/// <summary>An alert's numbers in a sentence, in Chinese or English: the body of its notification and the CLI's table.</summary>
public static class AlertText
{
    /// <summary>What the rule watches: "Needs confirmed conversion, team 华南团队 South".</summary>
    public static string Subject(AlertCondition condition, string? stageName, string language)
    {
        var zh = language.StartsWith("zh", StringComparison.OrdinalIgnoreCase);
        var metric = (condition.Metric, zh) switch
        {
            (AlertMetrics.Conversion, true) => $"{stageName}转化率",
            (AlertMetrics.Conversion, false) => $"{stageName} conversion",
            (AlertMetrics.TimeInStage, true) => $"{stageName}停留天数（中位数）",
            (AlertMetrics.TimeInStage, false) => $"median days in {stageName}",
            (AlertMetrics.WinRate, true) => "赢单率",
            (AlertMetrics.WinRate, false) => "win rate",
            (AlertMetrics.NewLeads, true) => "每月新线索",
            (AlertMetrics.NewLeads, false) => "new leads per month",
            (_, true) => "每月赢单金额",
            _ => "won amount per month",
        };
        return condition.Segment is { } s ? (zh ? $"{metric}，{s.Dimension} {s.Value}" : $"{metric}, {s.Dimension} {s.Value}") : metric;
    }

    /// <summary>The figures: observed with its interval and n, against the baseline (or the line), and the q-value of a change.</summary>
    public static string Figures(AlertResult result, string language)
    {
        var zh = language.StartsWith("zh", StringComparison.OrdinalIgnoreCase);
        var metric = result.Condition.Metric;
        var observed = Value(result.Observed, metric);
        var interval = result.Low is null && result.High is null ? "" : $" ({Value(result.Low, metric)}–{Value(result.High, metric)})";
        var n = result.N.ToString("N0", CultureInfo.InvariantCulture);
        if (result.Condition.Change is null)
        {
            return zh ? $"{observed}{interval}，n = {n}；界线 {Value(result.Baseline, metric)}" : $"{observed}{interval}, n = {n}; line {Value(result.Baseline, metric)}";
        }
        var q = result.QValue is { } value ? value.ToString("G2", CultureInfo.InvariantCulture) : "–";
        var baselineN = result.BaselineN?.ToString("N0", CultureInfo.InvariantCulture) ?? "0";
        return zh
            ? $"{observed}{interval}，n = {n}；基线 {Value(result.Baseline, metric)}（n = {baselineN}）；q = {q}"
            : $"{observed}{interval}, n = {n}; baseline {Value(result.Baseline, metric)} (n = {baselineN}); q = {q}";
    }

    /// <summary>A metric's value as the alert shows it: a percentage with one decimal, days with one, counts and money whole.</summary>
    public static string Value(double? value, string metric) => value switch
    {
        null => "–",
        { } x when AlertMetrics.IsRate(metric) => (x * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%",
        { } x when metric == AlertMetrics.TimeInStage => x.ToString("0.0", CultureInfo.InvariantCulture) + "d",
        { } x => x.ToString("N0", CultureInfo.InvariantCulture),
    };
}
