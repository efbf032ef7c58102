using System.Text.Json;
using Loudou.Core.Deals;
using Loudou.Core.Pipelines;

namespace Loudou.Core.Catalog;

/// <summary>Reads and writes custom fields files (format: docs/field-files.md).</summary>
/// <remarks>
/// Walked by hand, as <see cref="PipelineFile"/> is, so every problem is reported at once with its
/// JSON path, and a file with any error yields no document. Each definition is checked by
/// <see cref="CustomField.Create"/> itself, so a file, the admin page, the API and an import
/// mapping's <c>customFields</c> refuse the same things. What only the database knows (values a
/// change would break) the store checks, at the same paths.
/// </remarks>
public static class CustomFieldsFile
{
    /// <summary>The one entity that has custom fields; the file names it so that accounts can follow without a format change.</summary>
    public const string DealsEntity = "deals";

    private static readonly string[] RootProperties = ["$schema", "fields"];
    private static readonly string[] EntryProperties = ["key", "entity", "name", "type", "options", "remove"];
    private static readonly string[] TextProperties = ["zh-CN", "en"];

    /// <summary>Parses and validates a custom fields file's text.</summary>
    public static CustomFieldsFileResult Parse(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, PipelineFile.DocumentOptions);
        }
        catch (JsonException e)
        {
            var (where, message) = PipelineFile.JsonError(e);
            return new CustomFieldsFileResult(null, [new CustomFieldsFileError(where, message)]);
        }
        using (document)
        {
            var errors = new List<CustomFieldsFileError>();
            var root = document.RootElement;
            if (!ExpectObject(root, "$", RootProperties, errors))
            {
                return new CustomFieldsFileResult(null, errors);
            }
            if (!root.TryGetProperty("fields", out var fields))
            {
                errors.Add(new("$.fields", "is required: a list of fields, such as [{ \"key\": \"budget\", \"name\": \"Budget\", \"type\": \"number\" }]."));
                return new CustomFieldsFileResult(null, errors);
            }
            var entries = ReadFields(fields, "$.fields", errors, allowRemove: true);
            return errors.Count == 0 ? new CustomFieldsFileResult(new CustomFieldsDocument(entries), []) : new CustomFieldsFileResult(null, errors);
        }
    }

    /// <summary>Reads a list of field entries, as a custom fields file or an import mapping's <c>customFields</c> hold them.</summary>
    /// <param name="allowRemove">Whether an entry may say <c>"remove": true</c> (a mapping only adds fields).</param>
    internal static List<CustomFieldEntry> ReadFields(JsonElement array, string path, List<CustomFieldsFileError> errors, bool allowRemove)
    {
        var entries = new List<CustomFieldEntry>();
        if (array.ValueKind != JsonValueKind.Array)
        {
            errors.Add(new(path, "must be a list of fields."));
            return entries;
        }
        var index = 0;
        var first = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var element in array.EnumerateArray())
        {
            var at = $"{path}[{index++}]";
            if (ReadEntry(element, at, errors, allowRemove) is not { } entry)
            {
                continue;
            }
            if (!first.TryAdd(entry.Key, at))
            {
                errors.Add(new(at + ".key", $"'{entry.Key}' is also defined at {first[entry.Key]}; give each field once."));
                continue;
            }
            entries.Add(entry);
        }
        return entries;
    }

    private static CustomFieldEntry? ReadEntry(JsonElement element, string path, List<CustomFieldsFileError> errors, bool allowRemove)
    {
        if (!ExpectObject(element, path, allowRemove ? EntryProperties : [.. EntryProperties.Where(p => p != "remove")], errors))
        {
            return null;
        }
        var before = errors.Count;
        var key = ReadKey(element, path, errors);
        if (element.TryGetProperty("entity", out var entity) && entity.ValueKind != JsonValueKind.Null
            && !(entity.ValueKind == JsonValueKind.String && entity.GetString()!.Trim() == DealsEntity))
        {
            errors.Add(new(path + ".entity", $"must be \"{DealsEntity}\": custom fields are fields of deals; was {entity.GetRawText()}."));
        }
        var remove = false;
        if (element.TryGetProperty("remove", out var removeValue) && removeValue.ValueKind != JsonValueKind.Null)
        {
            if (removeValue.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                errors.Add(new(path + ".remove", $"must be true or false, was {removeValue.GetRawText()}."));
                return null;
            }
            remove = removeValue.ValueKind == JsonValueKind.True;
        }
        if (remove)
        {
            foreach (var extra in new[] { "name", "type", "options" }.Where(p => element.TryGetProperty(p, out _)))
            {
                errors.Add(new($"{path}.{extra}", "a field that is removed needs only its key; leave the rest out."));
            }
            return errors.Count > before || key is null ? null : new CustomFieldEntry(key, LocalizedText.Empty, default, [], true, path);
        }
        var name = ReadName(element, path, errors);
        var type = ReadType(element, path, errors);
        var options = ReadOptions(element, path, type, errors);
        if (errors.Count > before || key is null || name is null || type is not { } checkedType)
        {
            return null;
        }
        var entry = new CustomFieldEntry(key, name, checkedType, options, false, path);
        try
        {
            // The domain's own rules (options, built-in keys), at this entry's paths.
            entry = entry with { Options = [.. entry.Create().Options] };
        }
        catch (DomainRuleException e)
        {
            errors.Add(new($"{path}.{e.Field}", e.Message));
            return null;
        }
        return entry;
    }

    private static string? ReadKey(JsonElement element, string path, List<CustomFieldsFileError> errors)
    {
        if (!element.TryGetProperty("key", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            errors.Add(new(path + ".key", "is required: lower-case letters, digits, '-' and '_', starting with a letter, such as \"budget_source\"."));
            return null;
        }
        var key = value.ValueKind == JsonValueKind.String ? value.GetString()!.Trim() : null;
        if (key is null || !Guard.IsKey(key))
        {
            errors.Add(new(path + ".key", $"must start with a lower-case letter and hold only a-z, 0-9, '-' and '_' (at most 64), was {value.GetRawText()}."));
            return null;
        }
        if (DealFields.BuiltIn.Contains(key))
        {
            errors.Add(new(path + ".key", $"'{key}' is a built-in deal field ({string.Join(", ", DealFields.BuiltIn)}); give the custom field another key."));
            return null;
        }
        return key;
    }

    private static LocalizedText? ReadName(JsonElement element, string path, List<CustomFieldsFileError> errors)
    {
        var at = path + ".name";
        if (!element.TryGetProperty("name", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            errors.Add(new(at, "is required: the label forms show, as {\"zh-CN\": \"…\", \"en\": \"…\"} or one string."));
            return null;
        }
        string? zh, en;
        if (value.ValueKind == JsonValueKind.String)
        {
            zh = en = value.GetString()!.Trim();
        }
        else if (ExpectObject(value, at, TextProperties, errors))
        {
            zh = ReadString(value, at, "zh-CN", errors);
            en = ReadString(value, at, "en", errors);
        }
        else
        {
            return null;
        }
        if (zh is null || en is null)
        {
            return null;
        }
        if (zh.Length == 0 && en.Length == 0)
        {
            errors.Add(new(at, "needs a zh-CN or an en label."));
            return null;
        }
        foreach (var (text, where) in new[] { (zh, value.ValueKind == JsonValueKind.String ? at : at + ".zh-CN"), (en, value.ValueKind == JsonValueKind.String ? at : at + ".en") })
        {
            if (text.Length > PipelineFile.MaxTextLength)
            {
                errors.Add(new(where, $"is longer than {PipelineFile.MaxTextLength} characters ({text.Length})."));
                return null;
            }
        }
        return new LocalizedText(zh.Length > 0 ? zh : en, en.Length > 0 ? en : zh);
    }

    private static string? ReadString(JsonElement parent, string path, string property, List<CustomFieldsFileError> errors)
    {
        if (!parent.TryGetProperty(property, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return "";
        }
        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add(new($"{path}.{property}", $"must be a string, was {value.GetRawText()}."));
            return null;
        }
        return value.GetString()!.Trim();
    }

    private static CustomFieldType? ReadType(JsonElement element, string path, List<CustomFieldsFileError> errors)
    {
        var expected = string.Join(", ", CustomFieldTypes.All);
        if (!element.TryGetProperty("type", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            errors.Add(new(path + ".type", $"is required: one of {expected}."));
            return null;
        }
        var type = value.ValueKind == JsonValueKind.String ? CustomFieldTypes.Parse(value.GetString()) : null;
        if (type is null)
        {
            errors.Add(new(path + ".type", $"must be one of {expected}, was {value.GetRawText()}."));
        }
        return type;
    }

    private static List<string> ReadOptions(JsonElement element, string path, CustomFieldType? type, List<CustomFieldsFileError> errors)
    {
        var at = path + ".options";
        var given = element.TryGetProperty("options", out var value) && value.ValueKind != JsonValueKind.Null;
        if (type is not { } known)
        {
            return [];
        }
        if (!CustomField.HasOptions(known))
        {
            if (given)
            {
                errors.Add(new(at, $"only choice and multiChoice fields have options; a {CustomFieldTypes.Name(known)} field takes any {CustomFieldTypes.Name(known)}."));
            }
            return [];
        }
        if (!given)
        {
            errors.Add(new(at, $"is required for a {CustomFieldTypes.Name(known)} field: the values people pick from, such as [\"capex\", \"opex\"]."));
            return [];
        }
        if (value.ValueKind != JsonValueKind.Array)
        {
            errors.Add(new(at, $"must be a list of strings, was {value.GetRawText()}."));
            return [];
        }
        var options = new List<string>();
        var index = 0;
        foreach (var option in value.EnumerateArray())
        {
            var text = option.ValueKind == JsonValueKind.String ? option.GetString()!.Trim() : "";
            if (text.Length == 0)
            {
                errors.Add(new($"{at}[{index}]", $"must be a text that is not empty, was {option.GetRawText()}."));
            }
            else if (options.Contains(text))
            {
                errors.Add(new($"{at}[{index}]", $"'{text}' is listed twice."));
            }
            options.Add(text);
            index++;
        }
        return options;
    }

    private static bool ExpectObject(JsonElement element, string path, string[] allowed, List<CustomFieldsFileError> errors)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new(path, $"must be an object, was {element.ValueKind.ToString().ToLowerInvariant()}."));
            return false;
        }
        foreach (var property in element.EnumerateObject().Where(p => !allowed.Contains(p.Name)))
        {
            errors.Add(new($"{path}.{property.Name}", $"unknown field; expected one of: {string.Join(", ", allowed)}."));
        }
        return true;
    }

    /// <summary>Writes a document in the file format, as <c>loudou fields list --format json</c> shows it.</summary>
    public static string Write(CustomFieldsDocument document)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteStartArray("fields");
            foreach (var entry in document.Fields)
            {
                w.WriteStartObject();
                w.WriteString("key", entry.Key);
                if (entry.Remove)
                {
                    w.WriteBoolean("remove", true);
                    w.WriteEndObject();
                    continue;
                }
                w.WriteString("entity", DealsEntity);
                w.WriteStartObject("name");
                w.WriteString("zh-CN", entry.Name.ZhCn);
                w.WriteString("en", entry.Name.En);
                w.WriteEndObject();
                w.WriteString("type", CustomFieldTypes.Name(entry.Type));
                if (CustomField.HasOptions(entry.Type))
                {
                    w.WriteStartArray("options");
                    entry.Options.ToList().ForEach(w.WriteStringValue);
                    w.WriteEndArray();
                }
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}
