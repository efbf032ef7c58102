namespace Loudou.Core.Accounts;

/// <summary>How an erased contact's personal values are taken out of free text: every exact occurrence is replaced.</summary>
/// <remarks>
/// Only values of two characters or more are replaced (a one-character name would rewrite unrelated words), and
/// the search is exact, e-mail addresses ignoring case: a name written differently (a nickname, a pinyin
/// spelling) is not found, which docs/privacy.md says. The values are tried longest first, so that a phone number
/// inside a longer text of the same digits is replaced whole.
/// </remarks>
public static class PersonalText
{
    /// <summary>What replaces an erased value wherever it is found.</summary>
    public const string Erased = "[erased]";

    /// <summary>The shortest value that is searched for in free text.</summary>
    public const int MinLength = 2;

    /// <summary>The text with each of the values replaced by <see cref="Erased"/>; the same instance when none occurs.</summary>
    public static string? Redact(string? text, IReadOnlyList<string> values)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }
        var result = text;
        foreach (var value in values.Where(v => v.Length >= MinLength).OrderByDescending(v => v.Length))
        {
            var comparison = value.Contains('@', StringComparison.Ordinal) ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
            result = result.Replace(value, Erased, comparison);
        }
        return result == text ? text : result;
    }
}
