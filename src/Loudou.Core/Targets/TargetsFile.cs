using System.Globalization;
using System.Text.Json;
using Loudou.Core.Pipelines;

namespace Loudou.Core.Targets;

/// <summary>Reads and writes targets files (format: docs/targets-files.md).</summary>
/// <remarks>
/// Walked by hand, as <see cref="PipelineFile"/> is, so every problem is reported at once with its
/// JSON path, and a file with any error yields no document. Names (pipeline, stages, teams, reps) are
/// only checked for shape here; the store resolves them and reports unknown ones at the same paths.
/// </remarks>
public static class TargetsFile
{
    private const string MonthFormat = "yyyy-MM";

    /// <summary>Parses and validates a targets file's text.</summary>
    public static TargetsFileResult Parse(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, PipelineFile.DocumentOptions);
        }
        catch (JsonException e)
        {
            var (where, message) = PipelineFile.JsonError(e);
            return new TargetsFileResult(null, [new TargetsFileError(where, message)]);
        }
        using (document)
        {
            var reader = new Reader();
            var targets = reader.ReadDocument(document.RootElement);
            return reader.Errors.Count == 0 ? new TargetsFileResult(targets, []) : new TargetsFileResult(null, reader.Errors);
        }
    }

    /// <summary>Writes a document in the file format, as <c>loudou targets list --format json</c> shows it.</summary>
    public static string Write(TargetsDocument document)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            if (document.Pipeline is { } pipeline)
            {
                w.WriteString("pipeline", pipeline);
            }
            w.WriteStartArray("conversion");
            foreach (var entry in document.Conversion)
            {
                w.WriteStartObject();
                w.WriteString("stage", entry.Stage);
                WriteOptional(w, "team", entry.Team);
                WriteOptional(w, "month", entry.Month?.ToString(MonthFormat, CultureInfo.InvariantCulture));
                if (entry.Rate is { } rate)
                {
                    w.WriteNumber("rate", rate);
                }
                else
                {
                    w.WriteNull("rate");
                }
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("sales");
            foreach (var entry in document.Sales)
            {
                w.WriteStartObject();
                w.WriteString("month", entry.Month.ToString(MonthFormat, CultureInfo.InvariantCulture));
                WriteOptional(w, "team", entry.Team);
                WriteOptional(w, "rep", entry.Rep);
                if (entry.WonAmount is { } amount)
                {
                    // Stored amounts carry four decimals; 3000000.0000 reads better as 3000000.
                    w.WriteNumber("wonAmount", amount / 1.0000000000000000000000000000m);
                }
                if (entry.WonCount is { } count)
                {
                    w.WriteNumber("wonCount", count);
                }
                if (entry.Remove)
                {
                    w.WriteBoolean("remove", true);
                }
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteOptional(Utf8JsonWriter w, string name, string? value)
    {
        if (value is not null)
        {
            w.WriteString(name, value);
        }
    }

    /// <summary>Walks one document, collecting errors.</summary>
    private sealed class Reader
    {
        private static readonly string[] RootProperties = ["$schema", "pipeline", "conversion", "sales"];
        private static readonly string[] ConversionProperties = ["stage", "team", "month", "rate"];
        private static readonly string[] SalesProperties = ["month", "team", "rep", "wonAmount", "wonCount", "remove"];
        private static readonly string[] SalesFigures = ["wonAmount", "wonCount"];

        public List<TargetsFileError> Errors { get; } = [];

        public TargetsDocument? ReadDocument(JsonElement root)
        {
            if (!ExpectObject(root, "$", RootProperties))
            {
                return null;
            }
            string? pipeline = null;
            if (root.TryGetProperty("pipeline", out var value) && value.ValueKind != JsonValueKind.Null)
            {
                pipeline = value.ValueKind == JsonValueKind.String ? value.GetString()!.Trim() : null;
                if (pipeline is null || !Guard.IsKey(pipeline))
                {
                    Add("$.pipeline", $"must be a pipeline key such as \"default\", was {value.GetRawText()}.");
                }
            }
            var conversion = ReadArray(root, "conversion", ReadConversion);
            var sales = ReadArray(root, "sales", ReadSales);
            FindDuplicates(conversion, "conversion", e => (e.Stage, e.Team, e.Month), e => e.Path);
            FindDuplicates(sales, "sales", e => (e.Month, e.Team, e.Rep), e => e.Path);
            return new TargetsDocument(pipeline, conversion, sales);
        }

        private List<T> ReadArray<T>(JsonElement root, string property, Func<JsonElement, string, T?> readItem)
            where T : class
        {
            var items = new List<T>();
            if (!root.TryGetProperty(property, out var array) || array.ValueKind == JsonValueKind.Null)
            {
                return items;
            }
            if (array.ValueKind != JsonValueKind.Array)
            {
                Add("$." + property, "must be an array of targets.");
                return items;
            }
            var index = 0;
            foreach (var element in array.EnumerateArray())
            {
                if (readItem(element, $"$.{property}[{index++}]") is { } item)
                {
                    items.Add(item);
                }
            }
            return items;
        }

        private ConversionTargetEntry? ReadConversion(JsonElement element, string path)
        {
            if (!ExpectObject(element, path, ConversionProperties))
            {
                return null;
            }
            var stage = ReadName(element, path, "stage", required: true);
            var team = ReadName(element, path, "team", required: false);
            var month = ReadMonth(element, path, required: false);
            double? rate = null;
            if (!element.TryGetProperty("rate", out var value))
            {
                Add(path + ".rate", "is required: a number from 0 to 1, or null to remove the target.");
            }
            else if (value.ValueKind != JsonValueKind.Null)
            {
                if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var number))
                {
                    Add(path + ".rate", $"must be a number from 0 to 1, or null to remove the target, was {value.GetRawText()}.");
                }
                else if (!(number >= 0 && number <= 1))
                {
                    Add(path + ".rate", $"must be between 0 and 1, was {number.ToString(CultureInfo.InvariantCulture)}.");
                }
                else
                {
                    rate = number;
                }
            }
            return new ConversionTargetEntry(stage ?? "", team, month, rate, path);
        }

        private SalesTargetEntry? ReadSales(JsonElement element, string path)
        {
            if (!ExpectObject(element, path, SalesProperties))
            {
                return null;
            }
            var month = ReadMonth(element, path, required: true);
            var team = ReadName(element, path, "team", required: false);
            var rep = ReadName(element, path, "rep", required: false);
            if (team is not null && rep is not null)
            {
                Add(path + ".rep", "a sales target is for a team or a rep, not both; leave both out for the whole workspace.");
            }
            var amount = ReadNumber(element, path, "wonAmount", (JsonElement v, out decimal d) => v.TryGetDecimal(out d) && d >= 0);
            var count = ReadNumber(element, path, "wonCount", (JsonElement v, out int n) => v.TryGetInt32(out n) && n >= 0);
            var remove = false;
            if (element.TryGetProperty("remove", out var value) && value.ValueKind != JsonValueKind.Null)
            {
                if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                {
                    Add(path + ".remove", $"must be true or false, was {value.GetRawText()}.");
                    return null;
                }
                remove = value.ValueKind == JsonValueKind.True;
            }
            var figures = SalesFigures.Count(f => element.TryGetProperty(f, out var v) && v.ValueKind != JsonValueKind.Null);
            if (remove && figures > 0)
            {
                Add(path + ".remove", "removes the target, so leave out wonAmount and wonCount.");
            }
            else if (!remove && figures == 0)
            {
                Add(path, "needs a wonAmount, a wonCount or both (or \"remove\": true).");
            }
            return new SalesTargetEntry(month ?? default, team, rep, amount, count, remove, path);
        }

        private delegate bool TryRead<T>(JsonElement value, out T result);

        /// <summary>A non-negative number, or null when absent or bad (a bad one is reported).</summary>
        private T? ReadNumber<T>(JsonElement element, string path, string property, TryRead<T> tryRead)
            where T : struct
        {
            if (!element.TryGetProperty(property, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }
            if (value.ValueKind != JsonValueKind.Number || !tryRead(value, out var result))
            {
                var what = typeof(T) == typeof(int) ? "whole number" : "number";
                Add($"{path}.{property}", $"must be a {what} of 0 or more, was {value.GetRawText()}.");
                return null;
            }
            return result;
        }

        private DateOnly? ReadMonth(JsonElement element, string path, bool required)
        {
            if (!element.TryGetProperty("month", out var value) || value.ValueKind == JsonValueKind.Null)
            {
                if (required)
                {
                    Add(path + ".month", "is required: a month such as \"2026-11\".");
                }
                return null;
            }
            if (value.ValueKind != JsonValueKind.String
                || !DateOnly.TryParseExact(value.GetString()!.Trim(), MonthFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var month))
            {
                Add(path + ".month", $"must be a month such as \"2026-11\", was {value.GetRawText()}.");
                return null;
            }
            return month;
        }

        private string? ReadName(JsonElement element, string path, string property, bool required)
        {
            if (!element.TryGetProperty(property, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                if (required)
                {
                    Add($"{path}.{property}", "is required.");
                }
                return null;
            }
            var text = value.ValueKind == JsonValueKind.String ? value.GetString()!.Trim() : "";
            if (text.Length is 0 or > 100)
            {
                Add($"{path}.{property}", $"must be a name of 1 to 100 characters, was {value.GetRawText()}.");
                return null;
            }
            return text;
        }

        /// <summary>Reports the second and later entries for one combination at their own paths.</summary>
        private void FindDuplicates<T, TKey>(List<T> entries, string property, Func<T, TKey> keyOf, Func<T, string> pathOf)
            where TKey : notnull
        {
            var seen = new Dictionary<TKey, string>();
            foreach (var entry in entries.Where(e => !HasError(pathOf(e))))
            {
                if (!seen.TryAdd(keyOf(entry), pathOf(entry)))
                {
                    Add(pathOf(entry), $"sets the same {property} target as {seen[keyOf(entry)]}; give each combination once.");
                }
            }
        }

        /// <summary>Whether a problem was already reported at or under <paramref name="path"/>.</summary>
        private bool HasError(string path) =>
            Errors.Any(e => e.Path.StartsWith(path, StringComparison.Ordinal) && (e.Path.Length == path.Length || e.Path[path.Length] is '.' or '['));

        private bool ExpectObject(JsonElement element, string path, string[] allowed)
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                Add(path, $"must be an object, was {element.ValueKind.ToString().ToLowerInvariant()}.");
                return false;
            }
            foreach (var property in element.EnumerateObject().Where(p => !allowed.Contains(p.Name)))
            {
                Add($"{path}.{property.Name}", $"unknown field; expected one of: {string.Join(", ", allowed)}.");
            }
            return true;
        }

        private void Add(string path, string message) => Errors.Add(new TargetsFileError(path, message));
    }
}
