using System.Globalization;

namespace Loudou.Core.Analytics.Review;

/// <summary>What the review recommends for next month, each from a figure of the review (docs/metrics.md, "Monthly review").</summary>
/// <remarks>
/// Nothing is invented: a bottleneck's stage brings its standard actions, the weakest execution figure among the ranked
/// reps brings its rep, a missed target and the loss reason that grew most bring themselves. The text is in the
/// review's language; the fields beside it let a page link to the stage or the rep.
/// </remarks>
public static class ReviewActions
{
    /// <summary>How many bottlenecks turn into actions.</summary>
    public const int FromBottlenecks = 3;

    public static IReadOnlyList<ReviewAction> For(ReviewReport report, string language)
    {
        var zh = language == "zh-CN";
        var actions = new List<ReviewAction>();
        foreach (var b in report.Bottlenecks.Items.Where(b => b.Metric == "conversion").Take(FromBottlenecks))
        {
            var where = b.Segment is null ? b.Name : $"{b.Name} ({b.Segment})";
            var steps = b.Suggestions.Count == 0 ? (zh ? "复盘该阶段的做法" : "review how the stage is worked") : string.Join(zh ? "；" : "; ", b.Suggestions);
            actions.Add(new ReviewAction("bottleneck", b.Stage, b.Dimension == "owner" ? b.Segment : null, zh
                ? $"{where}：转化率 {Percent(b.Observed)}，低于{Baseline(b.BaselineKind, zh)} {Percent(b.Baseline)}，风险金额 {Money(b.ValueAtRisk, zh)}。下月重点：{steps}。"
                : $"{where}: converting {Percent(b.Observed)} against {Baseline(b.BaselineKind, zh)} {Percent(b.Baseline)}, {Money(b.ValueAtRisk, zh)} at risk. Next month: {steps}."));
        }
        if (report.Ranking is { } ranking)
        {
            var ranked = ranking.Reps.Where(r => r.Score.Rank is not null).ToList();
            Weakest(ranked, r => r.Figures.CompletionRate, ranking.Total.CompletionRate, actions, (rep, value, all) => zh
                ? $"{rep.DisplayName} 的标准动作完成率 {Percent(value)}（团队 {Percent(all)}）：逐项过一遍其在途商机的清单。"
                : $"{rep.DisplayName} completes {Percent(value)} of standard actions (team {Percent(all)}): go through the checklists of their open deals together.");
            Weakest(ranked, r => r.Figures.OnTimeRate, ranking.Total.OnTimeRate, actions, (rep, value, all) => zh
                ? $"{rep.DisplayName} 的跟进按时率 {Percent(value)}（团队 {Percent(all)}）：每天早上先看“我的一天”里的逾期任务。"
                : $"{rep.DisplayName} does {Percent(value)} of follow-ups on time (team {Percent(all)}): start each day with the overdue tasks in My day.");
            Weakest(ranked, r => r.Figures.FirstResponseInSlaRate, ranking.Total.FirstResponseInSlaRate, actions, (rep, value, all) => zh
                ? $"{rep.DisplayName} 的新线索及时响应率 {Percent(value)}（团队 {Percent(all)}）：新线索当天联系。"
                : $"{rep.DisplayName} answers {Percent(value)} of new leads within the first-response window (team {Percent(all)}): call new leads the day they arrive.");
        }
        // One action per holder that missed a won target, naming every gap.
        foreach (var missed in report.Targets.Where(t => t.Hit == false && t.Kind != "conversion" && t.Actual is not null).GroupBy(t => (t.Team, t.Rep)))
        {
            var who = missed.Key.Rep ?? missed.Key.Team ?? (zh ? "全公司" : "The workspace");
            var gaps = string.Join(zh ? "，" : " and ", missed.Select(t =>
            {
                var gap = t.Target - t.Actual!.Value;
                return t.Kind == "wonAmount"
                    ? (zh ? $"赢单金额差 {Money((decimal)gap, zh)}" : $"the won amount by {Money((decimal)gap, zh)}")
                    : (zh ? $"赢单数差 {gap.ToString("0", CultureInfo.InvariantCulture)} 单" : $"the won deals by {gap.ToString("0", CultureInfo.InvariantCulture)}");
            }));
            actions.Add(new ReviewAction("target", null, missed.Key.Rep, zh
                ? $"{who} 未达成目标：{gaps}。下月初逐一核对在途商机的预计成交日期和下一步。"
                : $"{who} missed {gaps}: go through the expected close dates and next steps of the open deals early next month."));
        }
        if (report.Losses.FirstOrDefault() is { } loss)
        {
            var reason = loss.Reason.Length == 0 ? (zh ? "未填原因" : "no reason given") : loss.ReasonName;
            actions.Add(new ReviewAction("losses", loss.Stage, null, zh
                ? $"在{loss.StageName}因“{reason}”丢单 {loss.Lost} 个（上月 {loss.PreviousLost}）：抽查这些商机，找出共同原因。"
                : $"{loss.Lost} deals lost at {loss.StageName} for \"{reason}\" ({loss.PreviousLost} the month before): read through them for a common cause."));
        }
        return actions;
    }

    /// <summary>The rep lowest on a figure, when below the ranked reps' figure together.</summary>
    private static void Weakest(List<TeamRep> ranked, Func<TeamRep, double?> figure, double? all, List<ReviewAction> actions, Func<TeamRep, double, double?, string> text)
    {
        var weakest = ranked.Where(r => figure(r) is not null).OrderBy(r => figure(r)).ThenBy(r => r.Login, StringComparer.Ordinal).FirstOrDefault();
        if (weakest is not null && figure(weakest) is { } value && (all is null || value < all))
        {
            actions.Add(new ReviewAction("execution", null, weakest.Login, text(weakest, value, all)));
        }
    }

    private static string Baseline(string kind, bool zh) => kind switch
    {
        "target" => zh ? "目标" : "the target",
        "history" => zh ? "前三个月" : "the three months before",
        _ => zh ? "其他同类" : "its peers",
    };

    private static string Percent(double? value) => value is { } v ? (v * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%" : "–";

    /// <summary>Money as the review's reader says it: 万 in Chinese, thousands separated in English.</summary>
    private static string Money(decimal value, bool zh) =>
        zh && Math.Abs(value) >= 10_000 ? (value / 10_000).ToString("0.#", CultureInfo.InvariantCulture) + "万" : value.ToString("#,0", CultureInfo.InvariantCulture);
}
