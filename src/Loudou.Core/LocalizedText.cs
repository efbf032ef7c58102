namespace Loudou.Core;

/// <summary>A text in the two languages Loudou ships: Simplified Chinese and English.</summary>
/// <remarks>Either may be empty in a file; <see cref="For"/> falls back to the other one.</remarks>
public sealed record LocalizedText(string ZhCn, string En)
{
    /// <summary>No text in either language.</summary>
    public static LocalizedText Empty { get; } = new("", "");

    /// <summary>The text for a culture name such as "zh-CN" or "en-US"; any zh culture gets Chinese.</summary>
    public string For(string cultureName) =>
        cultureName.StartsWith("zh", StringComparison.OrdinalIgnoreCase)
            ? (ZhCn.Length > 0 ? ZhCn : En)
            : (En.Length > 0 ? En : ZhCn);

    public override string ToString() => En.Length > 0 ? En : ZhCn;
}
