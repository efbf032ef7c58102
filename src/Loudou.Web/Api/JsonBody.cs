using System.Globalization;
using System.Text.Json;

namespace Loudou.Web.Api;

/// <summary>Reads a JSON object body field by field, collecting an error per bad field instead of failing at the first.</summary>
/// <remarks>
/// Used by PATCH (a JSON merge patch: a field left out is unchanged, a field sent as null is
/// cleared) and by the bodies whose fields have rules beyond their JSON type. Reading by hand, not
/// by binding a record, is what tells "left out" from "null" and lets one 400 name every bad field,
/// unknown ones included, so a misspelt field is never silently ignored.
/// </remarks>
public sealed class JsonBody
{
    private readonly JsonElement _root;
    private readonly HashSet<string> _known = new(StringComparer.Ordinal);

    public JsonBody(JsonElement root, IEnumerable<string> fields)
    {
        _root = root;
        _known.UnionWith(fields);
        if (root.ValueKind != JsonValueKind.Object)
        {
            Errors["body"] = [$"the body must be a JSON object with the fields {string.Join(", ", _known)}; was {root.ValueKind.ToString().ToLowerInvariant()}."];
            return;
        }
        foreach (var property in root.EnumerateObject())
        {
            if (!_known.Contains(property.Name))
            {
                Errors[property.Name] = [$"unknown field '{property.Name}'; this body takes {string.Join(", ", _known)}."];
            }
        }
    }

    public Dictionary<string, string[]> Errors { get; } = new(StringComparer.Ordinal);

    public bool IsValid => Errors.Count == 0;

    /// <summary>The fields the body sends, null or not; empty when the body is not an object.</summary>
    public IReadOnlySet<string> Given => _root.ValueKind == JsonValueKind.Object
        ? _root.EnumerateObject().Select(p => p.Name).Where(_known.Contains).ToHashSet(StringComparer.Ordinal)
        : new HashSet<string>();

    /// <remarks>A NUL character is refused: no one types it, and PostgreSQL cannot store it.</remarks>
    public string? String(string field) => Read(field, JsonValueKind.String, "a string", e => e.GetString() is { } text && text.Contains('\0', StringComparison.Ordinal)
        ? Fail<string?>(field, "text without NUL characters (\\u0000)")
        : e.GetString());

    public int? Int(string field) => Read(field, JsonValueKind.Number, "a whole number", e => e.TryGetInt32(out var v) ? v : Fail<int?>(field, "a whole number"));

    public long? Long(string field) => Read(field, JsonValueKind.Number, "a whole number", e => e.TryGetInt64(out var v) ? v : Fail<long?>(field, "a whole number"));

    public decimal? Decimal(string field) => Read(field, JsonValueKind.Number, "a number", e => e.TryGetDecimal(out var v) ? v : Fail<decimal?>(field, "a number"));

    public double? Double(string field) => Read(field, JsonValueKind.Number, "a number", e => e.TryGetDouble(out var v) && double.IsFinite(v) ? v : Fail<double?>(field, "a number"));

    public bool? Bool(string field)
    {
        if (!TryGet(field, out var e) || e.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (e.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return e.GetBoolean();
        }
        return Fail<bool?>(field, "true or false");
    }

    public DateOnly? Date(string field) => Read(field, JsonValueKind.String, "a date such as 2026-12-31",
        e => DateOnly.TryParseExact(e.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var v) ? v : Fail<DateOnly?>(field, "a date such as 2026-12-31"));

    /// <summary>A moment with its offset, such as 2026-12-01T09:30:00+08:00.</summary>
    public DateTimeOffset? Moment(string field) => Read(field, JsonValueKind.String, "a time with offset such as 2026-12-01T09:30:00+08:00",
        e => e.TryGetDateTimeOffset(out var v) && HasOffset(e.GetString()!) ? v : Fail<DateTimeOffset?>(field, "a time with offset such as 2026-12-01T09:30:00+08:00"));

    public IReadOnlyList<string>? StringList(string field)
    {
        if (!TryGet(field, out var e) || e.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (e.ValueKind == JsonValueKind.Array && e.EnumerateArray().All(x => x.ValueKind == JsonValueKind.String && !x.GetString()!.Contains('\0', StringComparison.Ordinal)))
        {
            return [.. e.EnumerateArray().Select(x => x.GetString()!)];
        }
        return Fail<IReadOnlyList<string>?>(field, "a list of strings");
    }

    /// <summary>
    /// Custom values by field key (<c>"custom": {"budget": 1200, "regions": ["north", "east"], "source": null}</c>) as text for the
    /// fields' own checks: a number as written, true or false, a list of options joined by commas, null to clear.
    /// </summary>
    public IReadOnlyDictionary<string, string?>? CustomValues(string field)
    {
        if (!TryGet(field, out var e) || e.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (e.ValueKind != JsonValueKind.Object)
        {
            return Fail<IReadOnlyDictionary<string, string?>>(field, "an object of custom values by field key");
        }
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var property in e.EnumerateObject())
        {
            var value = property.Value;
            var (ok, text) = value.ValueKind switch
            {
                JsonValueKind.Null => (true, null),
                JsonValueKind.String => (true, value.GetString()),
                JsonValueKind.Number => (true, value.GetRawText()),
                JsonValueKind.True => (true, "true"),
                JsonValueKind.False => (true, "false"),
                JsonValueKind.Array when value.EnumerateArray().All(x => x.ValueKind == JsonValueKind.String) =>
                    (true, string.Join(", ", value.EnumerateArray().Select(x => x.GetString()))),
                _ => (false, (string?)null),
            };
            // NUL is refused as in every text field: no one types it, and PostgreSQL cannot store it.
            if (!ok || (text?.Contains('\0', StringComparison.Ordinal) ?? false))
            {
                var raw = value.GetRawText();
                Errors.TryAdd($"{field}.{property.Name}", [$"{field}.{property.Name} must be text, a number, true or false, a list of options or null; was {(raw.Length > 60 ? raw[..60] + "…" : raw)}."]);
                continue;
            }
            values[property.Name] = text;
        }
        return values;
    }

    /// <summary>A nested object, read by a body of its own; call <see cref="Adopt"/> once it is read so its errors count here.</summary>
    public JsonBody? Object(string field, IEnumerable<string> fields) =>
        !TryGet(field, out var e) || e.ValueKind == JsonValueKind.Null ? null
        : e.ValueKind == JsonValueKind.Object ? new JsonBody(e, fields)
        : Fail<JsonBody>(field, "an object");

    /// <summary>A list of objects, each read by a body of its own (see <see cref="Object"/>).</summary>
    public IReadOnlyList<JsonBody>? Objects(string field, IEnumerable<string> fields)
    {
        if (!TryGet(field, out var e) || e.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (e.ValueKind != JsonValueKind.Array)
        {
            return Fail<IReadOnlyList<JsonBody>>(field, "a list of objects");
        }
        var known = fields.ToList();
        return [.. e.EnumerateArray().Select(item => new JsonBody(item, known))];
    }

    /// <summary>Takes a nested body's errors as this one's, named <paramref name="prefix"/>.field, such as rules[2].rule.</summary>
    public void Adopt(string prefix, JsonBody inner)
    {
        foreach (var (field, messages) in inner.Errors)
        {
            Errors.TryAdd(field == "body" ? prefix : $"{prefix}.{field}", messages);
        }
    }

    /// <summary>Records an error for a field the caller checks itself.</summary>
    public void Error(string field, string message) => Errors.TryAdd(field, [message]);

    private T? Read<T>(string field, JsonValueKind kind, string expected, Func<JsonElement, T?> read)
    {
        if (!TryGet(field, out var e) || e.ValueKind == JsonValueKind.Null)
        {
            return default;
        }
        return e.ValueKind == kind ? read(e) : Fail<T>(field, expected);
    }

    private bool TryGet(string field, out JsonElement value)
    {
        value = default;
        return _root.ValueKind == JsonValueKind.Object && _root.TryGetProperty(field, out value);
    }

    private T? Fail<T>(string field, string expected)
    {
        var raw = _root.GetProperty(field).GetRawText();
        Errors.TryAdd(field, [$"{field} must be {expected}; was {(raw.Length > 60 ? raw[..60] + "…" : raw)}."]);
        return default;
    }

    // ISO 8601 with Z or ±hh:mm after the time: a time without an offset would be read in the server's zone.
    private static bool HasOffset(string text) =>
        text.Length > 10 && (text.EndsWith('Z') || text.EndsWith('z') || text[^6] is '+' or '-');
}
