using System.Globalization;

namespace Loudou.Core.Import;

/// <summary>Keeps text that looks like a spreadsheet formula from being run when a CSV file is opened, and restores it on import.</summary>
/// <remarks>
/// A cell that begins with = + - or @ and is not a number gets a leading apostrophe (OWASP's advice
/// against CSV injection; Excel shows the apostrophe-prefixed cell as text). Text that already begins
/// with apostrophes before one of those characters gets one more, so <see cref="Unprotect"/>, which
/// removes exactly one, gives back every value unchanged: "'=x" is written "''=x" and read as "'=x".
/// Numbers such as -12.5 and +3 are left alone, because an apostrophe would make Excel read them as text.
/// </remarks>
public static class FormulaText
{
    public static string Protect(string value)
    {
        var start = value.AsSpan().TrimStart('\'');
        if (start.Length == 0 || start[0] is not ('=' or '+' or '-' or '@'))
        {
            return value;
        }
        if (start.Length == value.Length && decimal.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
        {
            return value;
        }
        return "'" + value;
    }

    /// <summary>Removes the one apostrophe <see cref="Protect"/> added; any other value is returned as it is.</summary>
    public static string Unprotect(string value)
    {
        if (value.Length < 2 || value[0] != '\'')
        {
            return value;
        }
        var start = value.AsSpan().TrimStart('\'');
        return start.Length > 0 && start[0] is '=' or '+' or '-' or '@' ? value[1..] : value;
    }
}
