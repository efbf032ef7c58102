using System.Globalization;

namespace Loudou.Import.Reading;

/// <summary>Turns the typed values of Excel cells into the text the mapping reads.</summary>
/// <remarks>
/// Cells come back as the values Excel stored: a formula's cached result, never the formula run
/// again, so a cell such as <c>=cmd|' /C calc'!A0</c> typed as text stays text. Dates come back
/// as ISO text, numbers in invariant form.
/// </remarks>
internal static class ExcelCells
{
    public static string Text(object? value) => value switch
    {
        null or DBNull => "",
        string s => s,
        DateTime d when d.TimeOfDay == TimeSpan.Zero => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime d => d.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        double n => n.ToString("R", CultureInfo.InvariantCulture),
        decimal n => n.ToString(CultureInfo.InvariantCulture),
        bool b => b ? "TRUE" : "FALSE",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
