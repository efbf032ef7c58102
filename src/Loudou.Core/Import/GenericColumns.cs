namespace Loudou.Core.Import;

/// <summary>The column names of Loudou's own file format (the <c>generic</c> preset, and what <c>loudou export</c> writes), in English and Chinese.</summary>
/// <remarks>
/// The English names are the keys the generic mapping reads. A file whose header uses the Chinese
/// names, as an export with --lang zh-CN writes it, is read by the same mapping: the importer
/// treats each Chinese name as its English key. The names are unique across both languages so
/// that one header never means two columns.
/// </remarks>
public static class GenericColumns
{
    /// <summary>The source of records imported through the generic preset.</summary>
    public const string Source = "generic";

    private static readonly Dictionary<string, string> Chinese = new(StringComparer.Ordinal)
    {
        ["external_id"] = "外部编号",
        ["name"] = "名称",
        ["pipeline"] = "管道",
        ["stage"] = "阶段",
        ["account"] = "客户",
        ["channel"] = "渠道",
        ["owner"] = "负责人",
        ["amount"] = "金额",
        ["currency"] = "币种",
        ["created_at"] = "创建时间",
        ["stage_date"] = "阶段日期",
        ["expected_close"] = "预计成交日期",
        ["loss_reason"] = "输单原因",
        ["tags"] = "标签",
        ["entered_at"] = "进入时间",
        ["industry"] = "行业",
        ["region"] = "地区",
        ["size_band"] = "规模",
        ["credit_code"] = "统一社会信用代码",
        ["title"] = "职务",
        ["phone"] = "电话",
        ["email"] = "邮箱",
        ["wechat"] = "微信",
        ["deal_external_id"] = "商机外部编号",
        ["kind"] = "类型",
        ["at"] = "时间",
        ["by"] = "执行人",
        ["outcome"] = "结果",
        ["note"] = "备注",
    };

    private static readonly Dictionary<string, string> ByChinese = Chinese.ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);

    /// <summary>A column's header in a language: zh-CN gives the Chinese name, anything else the key itself.</summary>
    public static string Header(string key, string language) =>
        language == "zh-CN" && Chinese.TryGetValue(key, out var zh) ? zh : key;

    /// <summary>The key a header names, in either language; null for a header that is not one of these columns.</summary>
    public static string? Key(string header) =>
        Chinese.ContainsKey(header) ? header : ByChinese.GetValueOrDefault(header);
}
