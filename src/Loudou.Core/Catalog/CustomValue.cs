using System.Globalization;

namespace Loudou.Core.Catalog;

/// <summary>A deal's value of a custom field in its canonical text (<see cref="CustomField.Normalize"/>), with the field's type to read it by.</summary>
public sealed record CustomValue(CustomFieldType Type, string Text)
{
    /// <summary>The value as JSON writes it: a number, true or false, a list of options, or text (a date as 2024-05-03).</summary>
    public object Typed() => Type switch
    {
        CustomFieldType.Number when decimal.TryParse(Text, NumberStyles.Number, CultureInfo.InvariantCulture, out var number) => number,
        CustomFieldType.Boolean when bool.TryParse(Text, out var flag) => flag,
        CustomFieldType.MultiChoice => Text.Split([.. CustomField.MultiSeparators], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
        _ => Text,
    };
}
