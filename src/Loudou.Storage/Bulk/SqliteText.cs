using System.Globalization;

namespace Loudou.Storage.Bulk;

/// <summary>The text Microsoft.Data.Sqlite stores for moments, dates and decimals, written without its custom format strings.</summary>
/// <remarks>
/// Microsoft.Data.Sqlite formats a <see cref="DateTime"/> as <c>yyyy-MM-dd HH:mm:ss.FFFFFFF</c>, a
/// <see cref="DateOnly"/> as <c>yyyy-MM-dd</c> and a <see cref="decimal"/> as
/// <c>0.0###########################</c>. Parsing those custom formats on every value is most of the
/// cost of binding a million rows, so this writes the same characters directly; a seeded random
/// test holds each method to the library's format string.
/// </remarks>
internal static class SqliteText
{
    /// <summary><c>yyyy-MM-dd HH:mm:ss</c>, then a point and the fraction's digits without trailing zeros when there is a fraction.</summary>
    public static int Moment(DateTime value, Span<char> buffer)
    {
        var n = Date(DateOnly.FromDateTime(value), buffer);
        buffer[n++] = ' ';
        n = Two(value.Hour, buffer, n);
        buffer[n++] = ':';
        n = Two(value.Minute, buffer, n);
        buffer[n++] = ':';
        n = Two(value.Second, buffer, n);
        var fraction = (int)(value.Ticks % TimeSpan.TicksPerSecond);
        if (fraction == 0)
        {
            return n;
        }
        buffer[n++] = '.';
        var digits = 7;
        while (fraction % 10 == 0)
        {
            fraction /= 10;
            digits--;
        }
        for (var i = digits - 1; i >= 0; i--)
        {
            buffer[n + i] = (char)('0' + (fraction % 10));
            fraction /= 10;
        }
        return n + digits;
    }

    public static int Date(DateOnly value, Span<char> buffer)
    {
        var year = value.Year;
        buffer[0] = (char)('0' + (year / 1000));
        buffer[1] = (char)('0' + (year / 100 % 10));
        buffer[2] = (char)('0' + (year / 10 % 10));
        buffer[3] = (char)('0' + (year % 10));
        buffer[4] = '-';
        Two(value.Month, buffer, 5);
        buffer[7] = '-';
        Two(value.Day, buffer, 8);
        return 10;
    }

    /// <summary>The number in full, with at least one digit after the point and no trailing zeros beyond it.</summary>
    public static int Decimal(decimal value, Span<char> buffer)
    {
        // Decimal's general format is exact and never exponential; only the zeros differ.
        if (!value.TryFormat(buffer, out var n, default, CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException($"{value} does not fit the bulk write's buffer.");
        }
        var point = buffer[..n].IndexOf('.');
        if (point < 0)
        {
            buffer[n++] = '.';
            buffer[n++] = '0';
            return n;
        }
        while (n > point + 2 && buffer[n - 1] == '0')
        {
            n--;
        }
        return n;
    }

    private static int Two(int value, Span<char> buffer, int at)
    {
        buffer[at] = (char)('0' + (value / 10));
        buffer[at + 1] = (char)('0' + (value % 10));
        return at + 2;
    }
}
