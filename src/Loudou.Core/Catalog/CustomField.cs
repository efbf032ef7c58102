using System.Globalization;
using Loudou.Core.Deals;

namespace Loudou.Core.Catalog;

/// <summary>A typed field that a workspace adds to its deals; a stage may require it.</summary>
/// <remarks>
/// Values are stored as text in one canonical, culture-invariant form per type (see
/// <see cref="Normalize"/>), so they compare and sort the same on every database, and one value has
/// one text (a number without trailing zeros, a date as 2024-05-03). A multiple
/// choice is stored as its options in the field's order joined by ", ", which is why its options
/// may not hold a separator.
/// </remarks>
public sealed class CustomField
{
    /// <summary>The longest text value, and the longest stored value of any type.</summary>
    public const int MaxValueLength = 1000;

    /// <summary>The longest option.</summary>
    public const int MaxOptionLength = 100;

    /// <summary>The most options a field may have.</summary>
    public const int MaxOptions = 200;

    /// <summary>What joins the options of a multiple choice in its stored text.</summary>
    public const string MultiSeparator = ", ";

    /// <summary>What separates the options of a multiple choice in text people type or files hold.</summary>
    public static IReadOnlyList<char> MultiSeparators { get; } = [',', ';', '|', '、', '，', '；'];

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

    /// <summary>The allowed values of a <see cref="CustomFieldType.Choice"/> or <see cref="CustomFieldType.MultiChoice"/> field, in the order forms list them.</summary>
    public List<string> Options { get; private set; } = [];

    /// <summary>Whether values of this type are picked from <see cref="Options"/>.</summary>
    public static bool HasOptions(CustomFieldType type) => type is CustomFieldType.Choice or CustomFieldType.MultiChoice;

    public static CustomField Create(string key, LocalizedText name, CustomFieldType type, IEnumerable<string>? options = null)
    {
        var checkedKey = Guard.Key(key, "key");
        if (DealFields.BuiltIn.Contains(checkedKey))
        {
            Guard.Throw("key", $"key '{checkedKey}' is a built-in deal field.");
        }
        var field = new CustomField(checkedKey, name, type);
        field.Redefine(name, type, options);
        return field;
    }

    /// <summary>Changes the field's name, type and options; the caller has checked that its stored values still fit (<see cref="Breaks"/>).</summary>
    public void Redefine(LocalizedText name, CustomFieldType type, IEnumerable<string>? options = null)
    {
        var list = HasOptions(type) ? CheckOptions(type, options) : [];
        Name = name;
        Type = type;
        Options = list;
    }

    /// <summary>Whether a stored value would not fit this definition (a number field's "lots", an option the field no longer has).</summary>
    public bool Breaks(string storedValue) => Normalize(storedValue, out _) is null;

    private static List<string> CheckOptions(CustomFieldType type, IEnumerable<string>? options)
    {
        var list = (options ?? []).Select(o => o.Trim()).Where(o => o.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (list.Count == 0)
        {
            Guard.Throw("options", "a choice field needs at least one option.");
        }
        if (list.Count > MaxOptions)
        {
            Guard.Throw("options", $"a field may have at most {MaxOptions} options, was {list.Count}.");
        }
        if (list.Find(o => o.Length > MaxOptionLength) is { } tooLong)
        {
            Guard.Throw("options", $"option '{tooLong[..20]}…' is longer than {MaxOptionLength} characters.");
        }
        if (type == CustomFieldType.MultiChoice && list.Find(o => o.IndexOfAny([.. MultiSeparators]) >= 0) is { } joined)
        {
            Guard.Throw("options", $"option '{joined}' of a multiple choice holds a separator ({string.Join(" ", MultiSeparators)}), which would split it in two.");
        }
        return list;
    }

    /// <summary>Checks a raw value and returns its canonical text, or null with an error message.</summary>
    public string? Normalize(string raw, out string? error)
    {
        error = null;
        var value = raw.Trim();
        switch (Type)
        {
            case CustomFieldType.Text:
                if (value.Length > MaxValueLength)
                {
                    error = $"{Key} is longer than {MaxValueLength} characters.";
                    return null;
                }
                return value;
            case CustomFieldType.Number:
                if (decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out var number))
                {
                    return NumberText(number);
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
            case CustomFieldType.MultiChoice:
                return NormalizeMulti(value, raw, out error);
            default:
                error = $"{Key} has an unknown type.";
                return null;
        }
    }

    /// <summary>A number's canonical text: invariant, without trailing zeros (1200000.50 is 1200000.5), so that one number has one text.</summary>
    public static string NumberText(decimal number) => (number / 1.0000000000000000000000000000m).ToString(CultureInfo.InvariantCulture);

    /// <summary>The options a stored multiple choice holds; a single value for any other type, none for an empty text.</summary>
    public IReadOnlyList<string> Split(string storedValue) =>
        Type == CustomFieldType.MultiChoice
            ? storedValue.Split([.. MultiSeparators], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : storedValue.Length == 0 ? [] : [storedValue];

    private string? NormalizeMulti(string value, string raw, out string? error)
    {
        error = null;
        var picked = value.Split([.. MultiSeparators], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var unknown = picked.Where(p => !Options.Contains(p)).ToList();
        if (picked.Length == 0 || unknown.Count > 0)
        {
            error = picked.Length == 0
                ? $"{Key} takes any of {string.Join(", ", Options)}, was '{raw}'."
                : $"{Key} takes any of {string.Join(", ", Options)}; '{string.Join("', '", unknown)}' is not one (was '{raw}').";
            return null;
        }
        // The field's order, not the typing order, so that one choice has one stored text.
        var text = string.Join(MultiSeparator, Options.Where(picked.Contains));
        if (text.Length > MaxValueLength)
        {
            error = $"{Key} holds more than {MaxValueLength} characters of options.";
            return null;
        }
        return text;
    }
}
