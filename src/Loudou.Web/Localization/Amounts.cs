using System.Globalization;

namespace Loudou.Web.Localization;

/// <summary>How the pages write money and large counts: 万/亿 in Chinese, K/M in English, exact below 10,000.</summary>
/// <remarks>
/// Display only: exports, the API and the command line keep plain numbers. The exact value goes
/// in a tooltip (<see cref="Exact"/>), so a rounded figure can always be checked.
/// </remarks>
public static class Amounts
{
    /// <summary>A short form: "12.3万" / "1.2亿" in Chinese, "123.5K" / "1.2M" in English, always with one decimal so "1.0M" never reads as exact.</summary>
    public static string Short(decimal value, CultureInfo culture)
    {
        var abs = Math.Abs(value);
        if (abs >= 10_000m)
        {
            // The largest unit the value still reaches once rounded, so 99,999,999 reads 1亿, not 10000万.
            foreach (var (divisor, unit) in IsChinese(culture) ? ChineseUnits : EnglishUnits)
            {
                var scaled = Math.Round(value / divisor, 1, MidpointRounding.AwayFromZero);
                if (Math.Abs(scaled) >= 1m)
                {
                    return scaled.ToString("#,##0.0", culture) + unit;
                }
            }
        }
        return value.ToString("N0", culture);
    }

    private static readonly (decimal Divisor, string Unit)[] ChineseUnits = [(100_000_000m, "亿"), (10_000m, "万")];

    private static readonly (decimal Divisor, string Unit)[] EnglishUnits = [(1_000_000_000m, "B"), (1_000_000m, "M"), (1_000m, "K")];

    /// <summary>The exact amount with thousands separators and the currency code, for a tooltip.</summary>
    public static string Exact(decimal value, string currency, CultureInfo culture) =>
        value.ToString(value == decimal.Truncate(value) ? "N0" : "N2", culture) + " " + currency;

    private static bool IsChinese(CultureInfo culture) => culture.Name.StartsWith("zh", StringComparison.OrdinalIgnoreCase);
}
