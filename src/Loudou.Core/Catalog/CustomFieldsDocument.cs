namespace Loudou.Core.Catalog;

/// <summary>A custom fields file read whole: the fields to define or remove, each with its place in the file (docs/field-files.md).</summary>
public sealed record CustomFieldsDocument(IReadOnlyList<CustomFieldEntry> Fields);

/// <summary>One field of a custom fields file: its definition, or its removal.</summary>
/// <param name="Key">The field's key; values are <c>custom.KEY</c> in imports, exports, the API and analytics.</param>
/// <param name="Name">The label in Chinese and English; empty when <paramref name="Remove"/>.</param>
/// <param name="Options">The allowed values of a choice or multiple choice, in the order forms list them; empty for other types.</param>
/// <param name="Remove">True removes the field with every value it holds.</param>
/// <param name="Path">Where the entry is in the file, such as <c>$.fields[2]</c>, for errors found later.</param>
public sealed record CustomFieldEntry(string Key, LocalizedText Name, CustomFieldType Type, IReadOnlyList<string> Options, bool Remove, string Path)
{
    /// <summary>The entry a stored field reads as, at a position in a list.</summary>
    public static CustomFieldEntry Of(CustomField field, int index) =>
        new(field.Key, field.Name, field.Type, [.. field.Options], false, $"$.fields[{index}]");

    /// <summary>The field this entry defines, not yet saved.</summary>
    public CustomField Create() => CustomField.Create(Key, Name, Type, Options);
}

/// <summary>One problem in a custom fields file, located by a JSON path such as <c>$.fields[2].type</c>.</summary>
public sealed record CustomFieldsFileError(string Path, string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}

/// <summary>The outcome of reading a custom fields file: a document, or the errors that stop it.</summary>
public sealed record CustomFieldsFileResult(CustomFieldsDocument? Document, IReadOnlyList<CustomFieldsFileError> Errors)
{
    public bool IsValid => Document is not null;
}

/// <summary>The names of the types in files, the API and the CLI.</summary>
public static class CustomFieldTypes
{
    private static readonly Dictionary<CustomFieldType, string> Names = new()
    {
        [CustomFieldType.Text] = "text",
        [CustomFieldType.Number] = "number",
        [CustomFieldType.Date] = "date",
        [CustomFieldType.Boolean] = "boolean",
        [CustomFieldType.Choice] = "choice",
        [CustomFieldType.MultiChoice] = "multiChoice",
    };

    /// <summary>Every type's name, in the order documentation lists them.</summary>
    public static IReadOnlyList<string> All { get; } = [.. Names.Values];

    public static string Name(CustomFieldType type) => Names[type];

    /// <summary>The type a name means, ignoring case; "multi-choice" is read as multiChoice too, as people write it.</summary>
    public static CustomFieldType? Parse(string? name)
    {
        var wanted = name?.Trim().Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal);
        return Names.Where(n => string.Equals(n.Value, wanted, StringComparison.OrdinalIgnoreCase)).Select(n => (CustomFieldType?)n.Key).FirstOrDefault();
    }
}
