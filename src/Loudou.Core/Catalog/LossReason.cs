namespace Loudou.Core.Catalog;

/// <summary>Why a deal was lost, from a list the workspace keeps so reasons can be counted.</summary>
public sealed class LossReason
{
    // For EF Core, which cannot bind complex-type constructor parameters.
    private LossReason()
        : this("", LocalizedText.Empty)
    {
    }

    private LossReason(string key, LocalizedText name)
    {
        Key = key;
        Name = name;
    }

    public int Id { get; private set; }

    /// <summary>Stable and unique, such as "price" or "not-converted".</summary>
    public string Key { get; private set; }

    public LocalizedText Name { get; private set; }

    /// <summary>A retired reason stays on old deals but is not offered for new losses.</summary>
    public bool IsActive { get; private set; } = true;

    public static LossReason Create(string key, LocalizedText name) => new(Guard.Key(key, "key"), name);

    public void Rename(LocalizedText name) => Name = CheckName(name);

    /// <summary>A name as lists show it: trimmed, at least one language, each at most <see cref="Pipelines.PipelineFile.MaxTextLength"/>; a missing language takes the other's text.</summary>
    public static LocalizedText CheckName(LocalizedText name)
    {
        var (zh, en) = (name.ZhCn.Trim(), name.En.Trim());
        if (zh.Length == 0 && en.Length == 0)
        {
            Guard.Throw("name", "name needs a zh-CN or an en text.");
        }
        if (Math.Max(zh.Length, en.Length) > Pipelines.PipelineFile.MaxTextLength)
        {
            Guard.Throw("name", $"name is longer than {Pipelines.PipelineFile.MaxTextLength} characters.");
        }
        return new LocalizedText(zh.Length > 0 ? zh : en, en.Length > 0 ? en : zh);
    }

    public void Retire() => IsActive = false;

    /// <summary>Offers a retired reason for new losses again.</summary>
    public void Reactivate() => IsActive = true;

    /// <summary>The reasons a new workspace starts with.</summary>
    public static IReadOnlyList<LossReason> Defaults() =>
    [
        Create("price", new("价格过高", "Price too high")),
        Create("competitor", new("选择竞品", "Chose a competitor")),
        Create("no-budget", new("无预算", "No budget")),
        Create("no-decision", new("无决策/搁置", "No decision")),
        Create("timing", new("时机不合适", "Bad timing")),
        Create("not-qualified", new("不符合条件", "Not qualified")),
        Create("no-response", new("失去联系", "No response")),
        Create("other", new("其他", "Other")),
    ];
}
