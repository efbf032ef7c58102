using System.Globalization;
using Loudou.Storage.Privacy;

namespace Loudou.Import.Export;

/// <summary>Everything held about a person as an .xlsx workbook: a first sheet naming the subject, then one sheet per table.</summary>
/// <remarks>A sheet's columns are the union of its rows' columns; moments are written as ISO 8601 text with their offset.</remarks>
public static class PersonalDataWorkbook
{
    public static void Write(Stream stream, PersonalData data)
    {
        var sheets = new List<(string Sheet, IReadOnlyList<string> Header, IEnumerable<object?[]> Rows)>
        {
            ("subject", ["subject", "id", "exportedAt"], [[data.Subject, data.Id, Cell(data.ExportedAt)]]),
        };
        foreach (var section in data.Sections)
        {
            var header = section.Rows.SelectMany(r => r.Keys).Distinct(StringComparer.Ordinal).ToList();
            if (header.Count == 0)
            {
                header = ["(none)"];
            }
            sheets.Add((section.Name, header, section.Rows.Select(r => header.Select(h => Cell(r.GetValueOrDefault(h))).ToArray())));
        }
        ExportFile.WriteXlsx(stream, sheets);
    }

    private static object? Cell(object? value) => value switch
    {
        null => null,
        DateTimeOffset moment => moment.ToString("O", CultureInfo.InvariantCulture),
        DateTime moment => moment.ToString("O", CultureInfo.InvariantCulture),
        DateOnly day => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        bool flag => flag ? "true" : "false",
        string text => text,
        int or long or decimal or double => value,
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };
}
