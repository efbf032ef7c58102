namespace Loudou.Web;

/// <summary>Text a person typed into a filter or a query string, as the app reads it.</summary>
public static class TypedText
{
    /// <summary>Trimmed, without NUL characters (no one types them, and PostgreSQL cannot hold them); null when nothing is left.</summary>
    public static string? OrNull(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        var text = value.Contains('\0', StringComparison.Ordinal) ? value.Replace("\0", "", StringComparison.Ordinal) : value;
        return string.IsNullOrWhiteSpace(text) ? null : text.Trim();
    }
}
