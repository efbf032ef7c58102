namespace Loudou.Core.Workspace;

/// <summary>The languages Loudou's pages are written in, as BCP 47 tags.</summary>
/// <remarks>The first is the workspace default: the product grew from a Chinese article for Chinese teams.</remarks>
public static class Languages
{
    public const string Chinese = "zh-CN";
    public const string English = "en";

    public static IReadOnlyList<string> All { get; } = [Chinese, English];

    /// <summary>The tag as Loudou spells it, or null for a blank one.</summary>
    /// <exception cref="DomainRuleException">The tag is not one of <see cref="All"/>.</exception>
    public static string? Check(string? language, string field)
    {
        if (string.IsNullOrWhiteSpace(language))
        {
            return null;
        }
        return All.FirstOrDefault(l => string.Equals(l, language.Trim(), StringComparison.OrdinalIgnoreCase))
            ?? throw new DomainRuleException(field, $"{field} '{language.Trim()}' is not one of {string.Join(", ", All)}.");
    }
}
