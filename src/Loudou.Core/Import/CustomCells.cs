using System.Globalization;
using Loudou.Core.Catalog;

namespace Loudou.Core.Import;

/// <summary>Reads a file's cell as a custom field's value, in the forms files hold, into the field's canonical text.</summary>
/// <remarks>
/// Numbers and dates are read as every other number and date of an import is (<see cref="ImportValues"/>: 1,234.5,
/// 3.5万, 2024/5/3, 2024年5月3日…); a yes/no field takes true/false, yes/no, y/n, 1/0 and 是/否; text and choices are
/// checked by the field itself (<see cref="CustomField.Normalize"/>), so an import stores exactly what a form would.
/// </remarks>
public static class CustomCells
{
    private static readonly Dictionary<string, bool> Flags = new(StringComparer.OrdinalIgnoreCase)
    {
        ["true"] = true,
        ["yes"] = true,
        ["y"] = true,
        ["1"] = true,
        ["是"] = true,
        ["false"] = false,
        ["no"] = false,
        ["n"] = false,
        ["0"] = false,
        ["否"] = false,
    };

    /// <returns>The canonical text, or null with <paramref name="problem"/> saying why (naming the field as custom.KEY).</returns>
    public static string? Read(CustomField field, string text, string? dateFormat, TimeZoneInfo zone, out string? problem)
    {
        problem = null;
        var name = ImportFields.CustomPrefix + field.Key;
        switch (field.Type)
        {
            case CustomFieldType.Number:
                // Most cells are plain numbers (-1.8, 5191): read without the general reader's affixes and separators.
                if (text.Length > 0 && text[0] != '+' && decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var plain))
                {
                    return CustomField.NumberText(plain);
                }
                if (ImportValues.ParseNumber(text, out var numberProblem) is { } number)
                {
                    return CustomField.NumberText(number);
                }
                problem = $"{name} {numberProblem}";
                return null;
            case CustomFieldType.Date:
                if (ImportValues.ParseMoment(text, dateFormat, out var dateProblem) is { } moment)
                {
                    return DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(moment.In(zone), zone).DateTime).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                }
                problem = $"{name} {dateProblem}";
                return null;
            case CustomFieldType.Boolean:
                if (Flags.TryGetValue(text.Trim(), out var flag))
                {
                    return flag ? "true" : "false";
                }
                problem = $"{name} must be yes or no (true/false, y/n, 1/0, 是/否)";
                return null;
            default:
                var value = field.Normalize(text, out var error);
                problem = value is null ? ImportFields.CustomPrefix + error!.TrimEnd('.') : null;
                return value;
        }
    }
}
