using System.Globalization;
using Loudou.Core.Catalog;

namespace Loudou.Web.Components.Pages.Deals;

/// <summary>What the deal form holds for one custom field, in the shape its input takes (text, number, date, picked options).</summary>
/// <remarks>
/// <see cref="Canonical"/> gives it back as the field's stored text, so the form compares what was typed with the deal as
/// read in one form and sends only the fields that changed; the field's own check (<see cref="CustomField.Normalize"/>)
/// runs in the store, as for the API.
/// </remarks>
public sealed class CustomInput(CustomField field)
{
    public CustomField Field { get; } = field;

    public string? Text { get; set; }

    public decimal? Number { get; set; }

    public DateTime? Date { get; set; }

    public IReadOnlyCollection<string> Picked { get; set; } = [];

    /// <summary>The input holding a stored value (canonical text; empty for none).</summary>
    public static CustomInput Of(CustomField field, string? stored)
    {
        var input = new CustomInput(field);
        var value = stored ?? "";
        switch (field.Type)
        {
            case CustomFieldType.Number:
                input.Number = decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out var number) ? number : null;
                break;
            case CustomFieldType.Date:
                input.Date = DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date.ToDateTime(TimeOnly.MinValue) : null;
                break;
            case CustomFieldType.MultiChoice:
                input.Picked = field.Split(value);
                break;
            default:
                input.Text = value.Length == 0 ? null : value;
                break;
        }
        return input;
    }

    /// <summary>What the input holds as the field's stored text; empty when it holds nothing.</summary>
    public string Canonical() => Field.Type switch
    {
        CustomFieldType.Number => Number is { } number ? CustomField.NumberText(number) : "",
        CustomFieldType.Date => Date is { } date ? DateOnly.FromDateTime(date).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "",
        CustomFieldType.MultiChoice => string.Join(CustomField.MultiSeparator, Field.Options.Where(Picked.Contains)),
        _ => TypedText.OrNull(Text) ?? "",
    };
}
