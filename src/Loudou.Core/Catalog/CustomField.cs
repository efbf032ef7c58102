using System.Globalization;
using Loudou.Core.Deals;

namespace Loudou.Core.Catalog;

/// <summary>A typed field that a workspace adds to its deals; a stage may require it.</summary>
/// <remarks>
/// Values are stored as text in one canonical, culture-invariant form per type (see
/// <see cref="Normalize"/>), so they compare and sort the same on every database.
/// </remarks>
public sealed class CustomField
{
    // For EF Core, which cannot bind complex-type constructor parameters.
    private CustomField()
        : this("", LocalizedText.Empty, default)
    {
    }

    private CustomField(string key, LocalizedText name, CustomFieldType type)
    {
        Key = key;
        Name = name;
        Type = type;
    }

    public int Id { get; private set; }

    /// <summary>Unique, never one of <see cref="DealFields.BuiltIn"/>.</summary>
    public string Key { get; private set; }

    public LocalizedText Name { get; private set; }

    public CustomFieldType Type { get; private set; }

    /// <summary>The allowed values of a <see cref="CustomFieldType.Choice"/> field.</summary>
    public List<string> Options { get; private set; } = [];

    public static CustomField Create(string key, LocalizedText name, CustomFieldType type, IEnumerable<string>? options = null)
    {
        var checkedKey = Guard.Key(key, "key");
        if (DealFields.BuiltIn.Contains(checkedKey))
        {
            Guard.Throw("key", $"key '{checkedKey}' is a built-in deal field.");
        }
        var field = new CustomField(checkedKey, name, type);
        if (type == CustomFieldType.Choice)
        {
            field.Options = [.. (options ?? []).Select(o => o.Trim()).Where(o => o.Length > 0).Distinct()];
            if (field.Options.Count == 0)
            {
                Guard.Throw("options", "a choice field needs at least one option.");
            }
        }
        return field;
    }

    /// <summary>Checks a raw value and returns its canonical text, or null with an error message.</summary>
    public string? Normalize(string raw, out string? error)
    {
        error = null;
        var value = raw.Trim();
        switch (Type)
        {
            case CustomFieldType.Text:
                if (value.Length > 1000)
                {
                    error = $"{Key} is longer than 1000 characters.";
                    return null;
                }
                return value;
            case CustomFieldType.Number:
                if (decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out var number))
                {
                    return number.ToString(CultureInfo.InvariantCulture);
                }
                error = $"{Key} must be a number, was '{raw}'.";
                return null;
            case CustomFieldType.Date:
                if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                {
                    return date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                }
                error = $"{Key} must be a date like 2024-05-03, was '{raw}'.";
                return null;
            case CustomFieldType.Boolean:
                if (bool.TryParse(value, out var flag))
                {
                    return flag ? "true" : "false";
                }
                error = $"{Key} must be true or false, was '{raw}'.";
                return null;
            case CustomFieldType.Choice:
                if (Options.Contains(value))
                {
                    return value;
                }
                error = $"{Key} must be one of {string.Join(", ", Options)}, was '{raw}'.";
                return null;
            default:
                error = $"{Key} has an unknown type.";
                return null;
        }
    }
}
