using System.Globalization;
using System.Text.Json;
using Loudou.Core.Deals;

namespace Loudou.Core.Pipelines;

/// <summary>Reads and validates pipeline files (format: docs/pipeline-files.md).</summary>
/// <remarks>
/// Parsing walks the JSON by hand rather than deserializing, so that every problem is reported with
/// its path and all problems are reported at once, not just the first. A file with any error yields
/// no definition, so a caller can never apply half of it.
/// </remarks>
public static class PipelineFile
{
    /// <summary>The longest name, goal or action text, in characters.</summary>
    public const int MaxTextLength = 200;

    internal static readonly JsonDocumentOptions DocumentOptions = new()
    {
        AllowTrailingCommas = true,
        CommentHandling = JsonCommentHandling.Skip,
        // A field given twice is a mistake to report, not a "last one wins".
        AllowDuplicateProperties = false,
    };

    /// <summary>Parses and validates a pipeline file's text.</summary>
    /// <param name="json">The file's content.</param>
    /// <param name="knownFields">
    /// Field keys a stage may require: <see cref="DealFields.BuiltIn"/> plus the workspace's custom
    /// fields. Null skips that one check, so a file can be checked before a database is opened.
    /// </param>
    public static PipelineFileResult Parse(string json, IReadOnlySet<string>? knownFields)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException e)
        {
            var (where, message) = JsonError(e);
            return new PipelineFileResult(null, [new PipelineFileError(where, message)]);
        }
        using (document)
        {
            var reader = new Reader(knownFields);
            var definition = reader.ReadPipeline(document.RootElement);
            return reader.Errors.Count == 0
                ? new PipelineFileResult(definition, [])
                : new PipelineFileResult(null, reader.Errors);
        }
    }

    /// <summary>Writes a definition in the file format, as <c>loudou pipeline list --format json</c> shows it.</summary>
    public static string Write(PipelineDefinition definition)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            WriteDefinition(w, definition);
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    internal static void WriteDefinition(Utf8JsonWriter w, PipelineDefinition definition)
    {
        w.WriteStartObject();
        w.WriteString("key", definition.Key);
        WriteText(w, "name", definition.Name);
        w.WriteBoolean("default", definition.IsDefault);
        w.WriteStartArray("stages");
        foreach (var stage in definition.Stages)
        {
            w.WriteStartObject();
            w.WriteString("key", stage.Key);
            WriteText(w, "name", stage.Name);
            if (stage.Goal is { } goal)
            {
                WriteText(w, "goal", goal);
            }
            w.WriteString("kind", stage.Kind.ToString().ToLowerInvariant());
            w.WriteNumber("probability", stage.Probability);
            if (stage.RottingDays is { } rotting)
            {
                w.WriteNumber("rottingDays", rotting);
            }
            if (stage.FirstResponseSlaHours is { } sla)
            {
                w.WriteNumber("firstResponseSlaHours", sla);
            }
            if (stage.Color is { } color)
            {
                w.WriteString("color", color);
            }
            w.WriteStartArray("actions");
            foreach (var action in stage.Actions)
            {
                w.WriteStartObject();
                w.WriteString("key", action.Key);
                WriteText(w, "text", action.Text);
                w.WriteBoolean("required", action.Required);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("requiredFields");
            foreach (var field in stage.RequiredFields)
            {
                w.WriteStringValue(field);
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteText(Utf8JsonWriter w, string name, LocalizedText text)
    {
        w.WriteStartObject(name);
        w.WriteString("zh-CN", text.ZhCn);
        w.WriteString("en", text.En);
        w.WriteEndObject();
    }

    /// <summary>Where a file that is not JSON breaks ("line 3, position 7") and why, without the parser's own path: the words every file format reports.</summary>
    internal static (string Where, string Message) JsonError(JsonException e)
    {
        var where = e.LineNumber is { } line ? $"line {line + 1}, position {e.BytePositionInLine + 1}" : "$";
        var cut = e.Message.IndexOf(" Path:", StringComparison.Ordinal);
        return (where, "not valid JSON: " + (cut > 0 ? e.Message[..cut] : e.Message));
    }

    /// <summary>Walks one document, collecting errors; returns placeholders where a value is bad.</summary>
    private sealed class Reader(IReadOnlySet<string>? knownFields)
    {
        private static readonly string[] PipelineProperties = ["$schema", "key", "name", "default", "stages"];
        private static readonly string[] StageProperties = ["key", "name", "goal", "kind", "probability", "rottingDays", "firstResponseSlaHours", "color", "actions", "requiredFields"];
        private static readonly string[] ActionProperties = ["key", "text", "required"];
        private static readonly string[] TextProperties = ["zh-CN", "en"];

        public List<PipelineFileError> Errors { get; } = [];

        public PipelineDefinition? ReadPipeline(JsonElement root)
        {
            if (!ExpectObject(root, "$", PipelineProperties))
            {
                return null;
            }
            var key = ReadKey(root, "$");
            var name = ReadText(root, "$", "name", required: true);
            var isDefault = ReadBool(root, "$", "default") ?? false;
            var stages = new List<(int Index, StageDefinition Stage)>();
            if (!root.TryGetProperty("stages", out var stagesElement))
            {
                Add("$.stages", "is required: a pipeline needs its stages.");
            }
            else if (stagesElement.ValueKind != JsonValueKind.Array)
            {
                Add("$.stages", "must be an array of stages.");
            }
            else
            {
                var index = 0;
                foreach (var stageElement in stagesElement.EnumerateArray())
                {
                    if (ReadStage(stageElement, $"$.stages[{index}]") is { } stage)
                    {
                        stages.Add((index, stage));
                    }
                    index++;
                }
                CheckStages(stages, stagesElement.GetArrayLength());
            }
            return new PipelineDefinition(key, name, isDefault, [.. stages.Select(s => s.Stage)]);
        }

        /// <summary>Checks the stages as a whole; each carries its index in the file's array.</summary>
        private void CheckStages(List<(int Index, StageDefinition Stage)> stages, int count)
        {
            if (count == 0)
            {
                Add("$.stages", "must hold at least one open, one won and one lost stage.");
                return;
            }
            var seen = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var (index, stage) in stages)
            {
                if (stage.Key.Length > 0 && !seen.TryAdd(stage.Key, index))
                {
                    Add($"$.stages[{index}].key", $"duplicate stage key '{stage.Key}' (also at $.stages[{seen[stage.Key]}]).");
                }
            }
            if (stages.Count != count)
            {
                return; // a stage was unreadable; kind checks would only repeat that error
            }
            foreach (var kind in Enum.GetValues<StageKind>())
            {
                if (!stages.Any(s => s.Stage.Kind == kind))
                {
                    Add("$.stages", $"has no {kind.ToString().ToLowerInvariant()} stage; a pipeline needs at least one open, one won and one lost stage.");
                }
            }
            var firstOutcome = stages.FindIndex(s => s.Stage.Kind != StageKind.Open);
            for (var i = firstOutcome + 1; firstOutcome >= 0 && i < stages.Count; i++)
            {
                if (stages[i].Stage.Kind == StageKind.Open)
                {
                    Add($"$.stages[{i}].kind", $"open stage '{stages[i].Stage.Key}' comes after the outcome stage '{stages[firstOutcome].Stage.Key}'; open stages come first, in funnel order.");
                }
            }
        }

        private StageDefinition? ReadStage(JsonElement element, string path)
        {
            if (!ExpectObject(element, path, StageProperties))
            {
                return null;
            }
            var key = ReadKey(element, path);
            var name = ReadText(element, path, "name", required: true);
            var goal = element.TryGetProperty("goal", out _) ? ReadText(element, path, "goal", required: false) : null;
            var kind = ReadKind(element, path);
            var probability = ReadProbability(element, path, kind);
            var rotting = ReadPositiveInt(element, path, "rottingDays");
            var sla = ReadPositiveInt(element, path, "firstResponseSlaHours");
            var color = ReadColor(element, path);
            var actions = ReadActions(element, path);
            var requiredFields = ReadRequiredFields(element, path);
            return new StageDefinition(key, name, kind, probability, goal, rotting, sla, color, actions, requiredFields);
        }

        private List<StageActionDefinition> ReadActions(JsonElement stage, string path)
        {
            var actions = new List<StageActionDefinition>();
            if (!stage.TryGetProperty("actions", out var element) || element.ValueKind == JsonValueKind.Null)
            {
                return actions;
            }
            if (element.ValueKind != JsonValueKind.Array)
            {
                Add(path + ".actions", "must be an array of actions.");
                return actions;
            }
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var index = 0;
            foreach (var item in element.EnumerateArray())
            {
                var itemPath = $"{path}.actions[{index++}]";
                if (!ExpectObject(item, itemPath, ActionProperties))
                {
                    continue;
                }
                var key = ReadKey(item, itemPath);
                if (key.Length > 0 && !seen.Add(key))
                {
                    Add(itemPath + ".key", $"duplicate action key '{key}' in this stage.");
                }
                actions.Add(new StageActionDefinition(key, ReadText(item, itemPath, "text", required: true), ReadBool(item, itemPath, "required") ?? true));
            }
            return actions;
        }

        private List<string> ReadRequiredFields(JsonElement stage, string path)
        {
            var fields = new List<string>();
            if (!stage.TryGetProperty("requiredFields", out var element) || element.ValueKind == JsonValueKind.Null)
            {
                return fields;
            }
            if (element.ValueKind != JsonValueKind.Array)
            {
                Add(path + ".requiredFields", "must be an array of field keys.");
                return fields;
            }
            var index = 0;
            foreach (var item in element.EnumerateArray())
            {
                var itemPath = $"{path}.requiredFields[{index++}]";
                if (item.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(item.GetString()))
                {
                    Add(itemPath, "must be a field key string.");
                    continue;
                }
                var field = item.GetString()!.Trim();
                if (knownFields is not null && !knownFields.Contains(field))
                {
                    Add(itemPath, $"unknown field '{field}'; known fields: {string.Join(", ", knownFields.Order(StringComparer.Ordinal))}.");
                }
                else if (fields.Contains(field))
                {
                    Add(itemPath, $"field '{field}' is listed twice.");
                }
                else
                {
                    fields.Add(field);
                }
            }
            return fields;
        }

        private string ReadKey(JsonElement element, string path)
        {
            if (!element.TryGetProperty("key", out var value))
            {
                Add(path + ".key", "is required.");
                return "";
            }
            if (value.ValueKind != JsonValueKind.String)
            {
                Add(path + ".key", "must be a string.");
                return "";
            }
            var key = value.GetString()!;
            if (!Guard.IsKey(key))
            {
                Add(path + ".key", $"'{key}' must start with a lower-case letter and hold only a-z, 0-9, '-' and '_' (at most 64).");
                return "";
            }
            return key;
        }

        private LocalizedText ReadText(JsonElement parent, string path, string property, bool required)
        {
            var textPath = $"{path}.{property}";
            if (!parent.TryGetProperty(property, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                if (required)
                {
                    Add(textPath, "is required: give {\"zh-CN\": \"…\", \"en\": \"…\"} or one string.");
                }
                return LocalizedText.Empty;
            }
            if (value.ValueKind == JsonValueKind.String)
            {
                var both = CheckLength(value.GetString()!.Trim(), textPath);
                if (required && both.Length == 0)
                {
                    Add(textPath, "must not be empty.");
                }
                return new LocalizedText(both, both);
            }
            if (!ExpectObject(value, textPath, TextProperties))
            {
                return LocalizedText.Empty;
            }
            var zh = ReadString(value, textPath, "zh-CN");
            var en = ReadString(value, textPath, "en");
            if (required && zh.Length == 0 && en.Length == 0)
            {
                Add(textPath, "needs a zh-CN or an en text.");
            }
            return new LocalizedText(zh.Length > 0 ? zh : en, en.Length > 0 ? en : zh);
        }

        private string ReadString(JsonElement parent, string path, string property)
        {
            if (!parent.TryGetProperty(property, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return "";
            }
            if (value.ValueKind != JsonValueKind.String)
            {
                Add($"{path}.{property}", "must be a string.");
                return "";
            }
            return CheckLength(value.GetString()!.Trim(), $"{path}.{property}");
        }

        /// <summary>Texts are stored in columns of <see cref="MaxTextLength"/> characters on every provider.</summary>
        private string CheckLength(string text, string path)
        {
            if (text.Length > MaxTextLength)
            {
                Add(path, $"is longer than {MaxTextLength} characters ({text.Length}).");
            }
            return text;
        }

        private StageKind ReadKind(JsonElement stage, string path)
        {
            if (!stage.TryGetProperty("kind", out var value))
            {
                Add(path + ".kind", "is required: open, won or lost.");
                return StageKind.Open;
            }
            var text = value.ValueKind == JsonValueKind.String ? value.GetString() : null;
            switch (text?.Trim().ToLowerInvariant())
            {
                case "open": return StageKind.Open;
                case "won": return StageKind.Won;
                case "lost": return StageKind.Lost;
                default:
                    Add(path + ".kind", $"must be open, won or lost, was {value.GetRawText()}.");
                    return StageKind.Open;
            }
        }

        private double ReadProbability(JsonElement stage, string path, StageKind kind)
        {
            if (!stage.TryGetProperty("probability", out var value))
            {
                // Outcome stages have an obvious probability; open stages must say theirs.
                switch (kind)
                {
                    case StageKind.Won: return 1;
                    case StageKind.Lost: return 0;
                    default:
                        Add(path + ".probability", "is required for an open stage (a number from 0 to 1).");
                        return 0;
                }
            }
            if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var probability))
            {
                Add(path + ".probability", $"must be a number from 0 to 1, was {value.GetRawText()}.");
                return 0;
            }
            if (!(probability >= 0 && probability <= 1))
            {
                Add(path + ".probability", $"must be between 0 and 1, was {probability.ToString(CultureInfo.InvariantCulture)}.");
                return 0;
            }
            return probability;
        }

        private int? ReadPositiveInt(JsonElement stage, string path, string property)
        {
            if (!stage.TryGetProperty(property, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }
            if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var number) || number <= 0)
            {
                Add($"{path}.{property}", $"must be a positive whole number, was {value.GetRawText()}.");
                return null;
            }
            return number;
        }

        private string? ReadColor(JsonElement stage, string path)
        {
            if (!stage.TryGetProperty("color", out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }
            var text = value.ValueKind == JsonValueKind.String ? value.GetString()! : "";
            var isHex = text.Length is 4 or 7 && text[0] == '#' && text[1..].All(char.IsAsciiHexDigit);
            if (!isHex)
            {
                Add(path + ".color", $"must be a colour like \"#4e79a7\", was {value.GetRawText()}.");
                return null;
            }
            return text.ToLowerInvariant();
        }

        private bool? ReadBool(JsonElement parent, string path, string property)
        {
            if (!parent.TryGetProperty(property, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }
            if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                Add($"{path}.{property}", $"must be true or false, was {value.GetRawText()}.");
                return null;
            }
            return value.GetBoolean();
        }

        private bool ExpectObject(JsonElement element, string path, string[] allowed)
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                Add(path, $"must be an object, was {element.ValueKind.ToString().ToLowerInvariant()}.");
                return false;
            }
            foreach (var property in element.EnumerateObject())
            {
                if (!allowed.Contains(property.Name))
                {
                    Add($"{path}.{property.Name}", $"unknown field; expected one of: {string.Join(", ", allowed)}.");
                }
            }
            return true;
        }

        private void Add(string path, string message) => Errors.Add(new PipelineFileError(path, message));
    }
}

/// <summary>The outcome of reading a pipeline file: a definition, or the errors that stop it.</summary>
public sealed record PipelineFileResult(PipelineDefinition? Definition, IReadOnlyList<PipelineFileError> Errors)
{
    public bool IsValid => Definition is not null;
}
