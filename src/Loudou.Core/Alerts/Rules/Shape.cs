using System.Globalization;
using System.Text.Json;

namespace Loudou.Core.Alerts.Rules;

/// <summary>Checks of single JSON values for the rules file and the condition, each reporting at its path and returning null when wrong or absent.</summary>
internal static class Shape
{
    public static bool Object(JsonElement element, string path, string[] allowed, List<AlertsFileError> errors)
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

    /// <summary>A trimmed string of 1 to 100 characters.</summary>
    public static string? Name(JsonElement element, string path, string property, List<AlertsFileError> errors)
    {
        if (!element.TryGetProperty(property, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        var text = value.ValueKind == JsonValueKind.String ? value.GetString()!.Trim() : "";
        if (text.Length is 0 or > 100)
        {
            errors.Add(new($"{path}.{property}", $"must be a name of 1 to 100 characters, was {value.GetRawText()}."));
            return null;
        }
        return text;
    }

    public static string? Choice(JsonElement element, string path, string property, IReadOnlyList<string> choices, bool required, List<AlertsFileError> errors)
    {
        if (!element.TryGetProperty(property, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                errors.Add(new($"{path}.{property}", $"is required: one of {string.Join(", ", choices)}."));
            }
            return null;
        }
        if (value.ValueKind != JsonValueKind.String || !choices.Contains(value.GetString()!))
        {
            errors.Add(new($"{path}.{property}", $"must be one of {string.Join(", ", choices)}, was {value.GetRawText()}."));
            return null;
        }
        return value.GetString();
    }

    public static int? Whole(JsonElement element, string path, string property, int min, int max, List<AlertsFileError> errors)
    {
        if (!element.TryGetProperty(property, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var n) || n < min || n > max)
        {
            errors.Add(new($"{path}.{property}", $"must be a whole number from {min} to {max}, was {value.GetRawText()}."));
            return null;
        }
        return n;
    }

    public static double? Number(JsonElement element, string path, string property, List<AlertsFileError> errors)
    {
        if (!element.TryGetProperty(property, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var x) || !double.IsFinite(x))
        {
            errors.Add(new($"{path}.{property}", $"must be a number, was {value.GetRawText()}."));
            return null;
        }
        return x;
    }

    public static bool? Bool(JsonElement element, string path, string property, List<AlertsFileError> errors)
    {
        if (!element.TryGetProperty(property, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            errors.Add(new($"{path}.{property}", $"must be true or false, was {value.GetRawText()}."));
            return null;
        }
        return value.ValueKind == JsonValueKind.True;
    }

    public static string Invariant(double x) => x.ToString(CultureInfo.InvariantCulture);
}
