namespace Loudou.Core.Analytics;

/// <summary>Why a channel-quality figure is null: stable codes the JSON carries, and their words.</summary>
public static class ChannelQualityReasons
{
    public const string CostMissing = "costMissing";
    public const string OtherCurrency = "otherCurrency";
    public const string NoChannel = "noChannel";
    public const string NoLeads = "noLeads";
    public const string NoWon = "noWon";
    public const string ZeroCost = "zeroCost";
    public const string WorkspaceWide = "workspaceWide";

    private static readonly Dictionary<string, (string En, string Zh)> Texts = new(StringComparer.Ordinal)
    {
        [CostMissing] = ("no cost recorded for a month of the range", "所选月份中有月份未录入成本"),
        [OtherCurrency] = ("a month's cost is in another currency, which is not converted", "有月份的成本不是本位币，不做换算"),
        [NoChannel] = ("deals without a channel have no cost", "未填渠道的商机没有成本"),
        [NoLeads] = ("no lead was created in the range", "所选月份没有新线索"),
        [NoWon] = ("no lead of the range was won", "所选月份的线索没有赢单"),
        [ZeroCost] = ("the cost is zero", "成本为零"),
        [WorkspaceWide] = ("channel costs are workspace-wide", "渠道成本按全公司统计"),
    };

    /// <summary>The reason in words, in Chinese for a "zh" language, else in English; the code itself when unknown.</summary>
    public static string Text(string code, string language) =>
        Texts.TryGetValue(code, out var text) ? (language.StartsWith("zh", StringComparison.OrdinalIgnoreCase) ? text.Zh : text.En) : code;
}
