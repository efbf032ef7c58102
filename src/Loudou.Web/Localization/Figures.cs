using System.Globalization;

namespace Loudou.Web.Localization;

/// <summary>How the analytics pages write a rate, a count and a number of days, and which language they ask the API for.</summary>
/// <remarks>Display only, as <see cref="Amounts"/>: the API, the exports and the CLI keep the numbers as they are.</remarks>
public static class Figures
{
    /// <summary>A fraction as a percentage with one decimal ("41.8%"); "—" when there is none.</summary>
    public static string Percent(double? rate, CultureInfo culture) => rate is { } r ? (r * 100).ToString("0.0", culture) + "%" : "—";

    /// <summary>A count with the culture's thousands separator.</summary>
    public static string Count(long n, CultureInfo culture) => n.ToString("N0", culture);

    /// <summary>A difference of two rates in percentage points, signed ("+2.4 pts"); "—" when there is none.</summary>
    public static string Points(double? difference, CultureInfo culture, string unit) =>
        difference is { } d ? (d >= 0 ? "+" : "−") + Math.Abs(d * 100).ToString("0.0", culture) + " " + unit : "—";

    /// <summary>Days with one decimal; "—" when there is none.</summary>
    public static string Days(double? days, CultureInfo culture) => days is { } d ? d.ToString("0.0", culture) : "—";

    /// <summary>A q- or p-value as people read it: three decimals, and "&lt; 0.001" rather than a zero that is not one.</summary>
    public static string Q(double? q, CultureInfo culture) => q switch
    {
        null => "—",
        < 0.001 => "< 0.001",
        _ => q.Value.ToString("0.###", culture),
    };

    /// <summary>An odds ratio: two decimals, three significant digits below 0.1 so a small one is not shown as 0.</summary>
    public static string Ratio(double ratio, CultureInfo culture) => ratio.ToString(ratio < 0.1 ? "0.###" : ratio >= 100 ? "0" : "0.00", culture);

    /// <summary>The analytics API's <c>lang</c> for the page's language: zh-CN for any Chinese culture, else en.</summary>
    public static string Language => CultureInfo.CurrentUICulture.Name.StartsWith("zh", StringComparison.OrdinalIgnoreCase) ? "zh-CN" : "en";
}
