using System.Globalization;

namespace Loudou.Core.Import;

/// <summary>A date or moment as a file wrote it: a local date and time, with an offset only when the file gave one.</summary>
/// <param name="HasTime">False for a bare date, which means local midnight.</param>
public readonly record struct ImportedMoment(DateTime Local, TimeSpan? Offset, bool HasTime)
{
    /// <summary>The moment, reading a value without an offset in <paramref name="zone"/> (the workspace's).</summary>
    public DateTimeOffset In(TimeZoneInfo zone)
    {
        if (Offset is { } offset)
        {
            return new DateTimeOffset(Local, offset);
        }
        var local = Local;
        // A local time in a DST gap does not exist; the first valid minute after it is used.
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(1);
        }
        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }
}

/// <summary>Reads dates and numbers in the forms spreadsheets and Chinese business files write them.</summary>
/// <remarks>
/// Dates: ISO 8601 (with or without time and offset), <c>2024/5/3</c>, <c>2024.5.3</c>,
/// <c>20240503</c>, <c>2024年5月3日</c> (optionally with <c>14:30</c> or <c>14时30分</c>), and Excel
/// serial day numbers from 10000 to 99999 (1927 to 2173; smaller numbers are more likely a year or
/// a count than a date). A day-month order such as <c>5/3/2024</c> is ambiguous and is read only
/// with an explicit format. Numbers: thousands separators (<c>,</c> <c>，</c> space), currency signs
/// (¥ ￥ $ € £) and codes, the units 万 (10^4) and 亿 (10^8), a trailing 元; a lone comma
/// followed by other than three digits is ambiguous (decimal or thousands) and refused.
/// </remarks>
public static class ImportValues
{
    private static readonly string[] IsoForms =
    [
        "yyyy-MM-dd", "yyyy-M-d",
        "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss.FFFFFFF",
        "yyyy-M-d H:mm", "yyyy-M-d H:mm:ss",
        "yyyy/M/d", "yyyy/M/d H:mm", "yyyy/M/d H:mm:ss",
        "yyyy.M.d", "yyyy.M.d H:mm", "yyyy.M.d H:mm:ss",
        "yyyyMMdd",
        "yyyy年M月d日", "yyyy年M月d日 H:mm", "yyyy年M月d日 H:mm:ss", "yyyy年M月d日H时m分", "yyyy年M月d日 H时m分", "yyyy年M月d日H时m分s秒",
    ];

    private static readonly string[] OffsetForms =
    [
        "yyyy-MM-dd'T'HH:mmzzz", "yyyy-MM-dd'T'HH:mm:sszzz", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz",
        "yyyy-MM-dd HH:mm:sszzz", "yyyy-MM-dd HH:mm:ss.FFFFFFFzzz",
    ];

    /// <summary>Reads a date or moment; <paramref name="format"/> (a .NET custom format) is tried first when given.</summary>
    /// <returns>Null when the text is not a date in any accepted form; <paramref name="problem"/> then says why.</returns>
    public static ImportedMoment? ParseMoment(string text, string? format, out string? problem)
    {
        problem = null;
        var s = text.Trim();
        if (format is null && IsoMoment.TryRead(s, out var iso))
        {
            // The common case of a million-row file, without the format-list search below; it gives
            // exactly what that search gives for these forms (a property test holds it to that).
            return iso;
        }
        return ParseMomentByForms(s, format, out problem);
    }

    /// <summary>The general reading of <see cref="ParseMoment"/>: every accepted form in turn; <paramref name="s"/> is trimmed.</summary>
    internal static ImportedMoment? ParseMomentByForms(string s, string? format, out string? problem)
    {
        problem = null;
        if (format is not null)
        {
            if (DateTime.TryParseExact(s, format, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var exact))
            {
                return new ImportedMoment(exact, null, exact.TimeOfDay != TimeSpan.Zero || format.Contains('H', StringComparison.Ordinal) || format.Contains('h', StringComparison.Ordinal));
            }
        }
        if (s.EndsWith('Z') || s.EndsWith('z'))
        {
            if (DateTime.TryParseExact(s[..^1], IsoForms, CultureInfo.InvariantCulture, DateTimeStyles.None, out var utc))
            {
                return new ImportedMoment(utc, TimeSpan.Zero, true);
            }
        }
        if (DateTimeOffset.TryParseExact(s, OffsetForms, CultureInfo.InvariantCulture, DateTimeStyles.None, out var withOffset))
        {
            return new ImportedMoment(withOffset.DateTime, withOffset.Offset, true);
        }
        if (DateTime.TryParseExact(s, IsoForms, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            return new ImportedMoment(local, null, s.Contains(':', StringComparison.Ordinal) || s.Contains('时', StringComparison.Ordinal));
        }
        if (double.TryParse(s, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var serial) && serial is >= 10000 and < 100000)
        {
            // Excel's day 0 is 1899-12-30 once its 1900 leap-year bug is accounted for.
            var moment = new DateTime(1899, 12, 30).AddDays(serial);
            return new ImportedMoment(new DateTime(moment.Ticks - (moment.Ticks % TimeSpan.TicksPerSecond)), null, serial % 1 != 0);
        }
        problem = format is not null
            ? $"is not a date in the format '{format}' or an ISO date such as 2024-05-03"
            : LooksDayMonth(s)
                ? "is ambiguous (day/month or month/day); name the order with --date-format, such as M/d/yyyy or d/M/yyyy"
                : "is not a date (use forms such as 2024-05-03, 2024/5/3, 2024年5月3日 or 2024-05-03 14:30)";
        return null;
    }

    private static bool LooksDayMonth(string s)
    {
        var parts = s.Split(' ')[0].Split('/', '.', '-');
        return parts.Length == 3 && parts[2].Length == 4 && parts[0].Length <= 2 && parts[1].Length <= 2;
    }

    /// <summary>Reads a number such as <c>1,234.50</c>, <c>¥12,000</c>, <c>€99</c> or <c>3.5万</c>.</summary>
    /// <returns>Null when it is not a number; <paramref name="problem"/> then says why.</returns>
    public static decimal? ParseNumber(string text, out string? problem)
    {
        problem = null;
        var s = text.Trim().Replace('\u00a0', ' ').Replace('，', ',').Replace('．', '.');
        s = StripAffixes(s);
        var multiplier = 1m;
        if (s.EndsWith('万'))
        {
            multiplier = 10_000m;
            s = s[..^1].TrimEnd();
        }
        else if (s.EndsWith('亿'))
        {
            multiplier = 100_000_000m;
            s = s[..^1].TrimEnd();
        }
        s = StripAffixes(s);
        var negative = false;
        if (s.StartsWith('-') || s.StartsWith('−'))
        {
            negative = true;
            s = s[1..].TrimStart();
        }
        else if (s.StartsWith('(') && s.EndsWith(')'))
        {
            negative = true;
            s = s[1..^1].Trim();
        }
        s = StripAffixes(s);
        var lastComma = s.LastIndexOf(',');
        var lastDot = s.LastIndexOf('.');
        string? plain;
        if (lastComma >= 0 && lastDot >= 0)
        {
            // Both present: the later one is the decimal mark (1,234.5 and 1.234,5).
            plain = lastDot > lastComma ? RemoveGroups(s, ',', '.') : RemoveGroups(s, '.', ',');
        }
        else if (lastComma >= 0)
        {
            plain = RemoveGroups(s, ',', '.') ?? AmbiguousComma(s, ref problem);
        }
        else
        {
            plain = s.Replace(" ", "", StringComparison.Ordinal);
        }
        if (problem is not null)
        {
            return null;
        }
        if (plain is null || plain.Length == 0 || plain.Any(c => !(char.IsAsciiDigit(c) || c == '.'))
            || !decimal.TryParse(plain, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            problem = "is not a number (use forms such as 1234.5, 1,234.50, ¥12,000 or 3.5万)";
            return null;
        }
        try
        {
            value *= multiplier;
        }
        catch (OverflowException)
        {
            problem = "is too large a number";
            return null;
        }
        return negative ? -value : value;
    }

    private static string? AmbiguousComma(string s, ref string? problem)
    {
        problem = $"has a comma that could be a decimal mark or a thousands separator; write {s.Replace(',', '.')} or group thousands by three";
        return null;
    }

    /// <summary>Removes thousands separators, checking they group by three; null when they do not.</summary>
    /// <returns>The number with '.' as its decimal mark; null when the groups are not of three.</returns>
    private static string? RemoveGroups(string s, char separator, char decimalMark)
    {
        var mark = s.IndexOf(decimalMark, StringComparison.Ordinal);
        var integer = mark >= 0 ? s[..mark] : s;
        var fraction = mark >= 0 ? s[(mark + 1)..] : null;
        var groups = integer.Split(separator);
        if (groups.Length > 1 && (groups[0].Trim().Length is 0 or > 3 || groups.Skip(1).Any(g => g.Trim().Length != 3)))
        {
            return null;
        }
        var whole = string.Concat(groups).Replace(" ", "", StringComparison.Ordinal);
        return fraction is null ? whole : whole + "." + fraction;
    }

    private static readonly string[] Affixes = ["CNY", "RMB", "USD", "EUR", "GBP", "元", "¥", "￥", "$", "€", "£", "US$"];

    private static string StripAffixes(string s)
    {
        var changed = true;
        while (changed)
        {
            changed = false;
            foreach (var affix in Affixes)
            {
                if (s.StartsWith(affix, StringComparison.OrdinalIgnoreCase))
                {
                    s = s[affix.Length..].TrimStart();
                    changed = true;
                }
                if (s.EndsWith(affix, StringComparison.OrdinalIgnoreCase))
                {
                    s = s[..^affix.Length].TrimEnd();
                    changed = true;
                }
            }
        }
        return s;
    }
}
