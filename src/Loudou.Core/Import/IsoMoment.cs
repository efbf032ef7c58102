namespace Loudou.Core.Import;

/// <summary>A direct reader for the ISO forms that exports and databases write, ahead of the general date search.</summary>
/// <remarks>
/// Reads <c>yyyy-MM-dd</c>, then optionally <c>HH:mm</c>, <c>:ss</c> and a fraction of 1 to 7
/// digits after a space or <c>T</c>, then optionally an offset <c>+HH:mm</c> (with seconds, or after
/// <c>T</c>, as <see cref="ImportValues"/>' offset forms require). Anything else, or anything out of
/// range (month 13, hour 24, an offset beyond 14 hours, a year outside 1000–8999), is left to the general search, which
/// accepts or refuses it and words the problem; so this reader only ever makes the common case
/// faster and never changes what a value means.
/// </remarks>
internal static class IsoMoment
{
    public static bool TryRead(string s, out ImportedMoment moment)
    {
        moment = default;
        if (s.Length < 10 || s[4] != '-' || s[7] != '-'
            || !Digits(s, 0, 4, out var year) || !Digits(s, 5, 2, out var month) || !Digits(s, 8, 2, out var day)
            || year is < 1000 or > 8999 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }
        var date = new DateTime(year, month, day);
        if (s.Length == 10)
        {
            moment = new ImportedMoment(date, null, false);
            return true;
        }
        if (s.Length < 16 || s[10] is not (' ' or 'T') || s[13] != ':'
            || !Digits(s, 11, 2, out var hour) || !Digits(s, 14, 2, out var minute) || hour > 23 || minute > 59)
        {
            return false;
        }
        var at = 16;
        var second = 0;
        var fraction = 0L;
        var hasSeconds = s.Length >= 19 && s[16] == ':';
        if (hasSeconds)
        {
            if (!Digits(s, 17, 2, out second) || second > 59)
            {
                return false;
            }
            at = 19;
            if (at < s.Length && s[at] == '.')
            {
                var digits = 0;
                while (at + 1 + digits < s.Length && char.IsAsciiDigit(s[at + 1 + digits]))
                {
                    digits++;
                }
                if (digits is 0 or > 7)
                {
                    return false;
                }
                Digits(s, at + 1, digits, out var value);
                fraction = value * Pow10(7 - digits);
                at += 1 + digits;
            }
        }
        var local = date.AddTicks(new TimeSpan(hour, minute, second).Ticks + fraction);
        if (at == s.Length)
        {
            moment = new ImportedMoment(local, null, true);
            return true;
        }
        if (s.Length - at != 6 || s[at] is not ('+' or '-') || s[at + 3] != ':' || (!hasSeconds && s[10] != 'T')
            || !Digits(s, at + 1, 2, out var offsetHours) || !Digits(s, at + 4, 2, out var offsetMinutes) || offsetMinutes > 59)
        {
            return false;
        }
        var offset = new TimeSpan(offsetHours, offsetMinutes, 0);
        if (offset > TimeSpan.FromHours(14))
        {
            return false;
        }
        moment = new ImportedMoment(local, s[at] == '-' ? -offset : offset, true);
        return true;
    }

    private static bool Digits(string s, int start, int count, out int value)
    {
        value = 0;
        for (var i = start; i < start + count; i++)
        {
            if (!char.IsAsciiDigit(s[i]))
            {
                return false;
            }
            value = (value * 10) + (s[i] - '0');
        }
        return true;
    }

    private static long Pow10(int n)
    {
        var p = 1L;
        for (var i = 0; i < n; i++)
        {
            p *= 10;
        }
        return p;
    }
}
