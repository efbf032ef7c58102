namespace Loudou.Core.Analytics;

/// <summary>Why a team figure is null, or why there is nothing to rank: stable codes the JSON carries, and their words.</summary>
/// <remarks>A page shows its own resource text per code; the CLI and the note use <see cref="Text"/>.</remarks>
public static class TeamReasons
{
    public const string NoDealsHandled = "noDealsHandled";
    public const string NoActions = "noActions";
    public const string NoTasksDue = "noTasksDue";
    public const string NoDealsCreated = "noDealsCreated";
    public const string MedianNotReached = "medianNotReached";
    public const string NoSlaDue = "noSlaDue";
    public const string NoDealsClosed = "noDealsClosed";
    public const string NoResults = "noResults";
    public const string NoProcess = "noProcess";
    public const string NoScore = "noScore";

    private static readonly Dictionary<string, (string En, string Zh)> Texts = new(StringComparer.Ordinal)
    {
        [NoDealsHandled] = ("no deal was created, moved or touched in the period", "本期没有新建、推进或跟进的商机"),
        [NoActions] = ("no deal entered a stage with standard actions in the period", "本期没有商机进入设有标准动作的阶段"),
        [NoTasksDue] = ("no follow-up task was due in the period", "本期没有到期的跟进任务"),
        [NoDealsCreated] = ("no deal was created in the period", "本期没有新建商机"),
        [MedianNotReached] = ("fewer than half of the deals created in the period have had a first response: too early to say", "本期新建商机中已首次响应的不足一半，尚无法给出中位数"),
        [NoSlaDue] = ("no deal created in the period has reached its first-response deadline yet", "本期新建商机尚未到首次响应时限"),
        [NoDealsClosed] = ("no deal was won or lost in the period", "本期没有赢单或输单"),
        [NoResults] = ("nobody ranked won a deal in the period, so results cannot be compared", "本期参与排名的人都没有赢单，无法比较结果"),
        [NoProcess] = ("no completion, on-time or first-response figure in the period", "本期没有动作完成、按时跟进或及时首次响应数据"),
        [NoScore] = ("neither results nor process can be scored", "结果与过程都无法评分"),
    };

    /// <summary>The reason in words, in Chinese for a "zh" language, else in English; the code itself when unknown.</summary>
    public static string Text(string code, string language) =>
        Texts.TryGetValue(code, out var text) ? (language.StartsWith("zh", StringComparison.OrdinalIgnoreCase) ? text.Zh : text.En) : code;
}
