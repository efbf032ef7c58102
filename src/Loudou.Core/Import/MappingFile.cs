using System.Text.Json;
using Loudou.Core.Pipelines;

namespace Loudou.Core.Import;

/// <summary>Reads and checks mapping files (format: docs/import.md).</summary>
/// <remarks>
/// Walks the JSON by hand, as <see cref="PipelineFile"/> does, so every problem is reported with
/// its JSON path and all at once. A misspelt field is an error, not ignored.
/// </remarks>
public static class MappingFile
{
    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        AllowTrailingCommas = true,
        CommentHandling = JsonCommentHandling.Skip,
        AllowDuplicateProperties = false,
    };

    /// <returns>The mapping, or null with the problems as "$.path: message".</returns>
    public static ImportMapping? Parse(string json, out IReadOnlyList<string> errors)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $"line {line + 1}, position {e.BytePositionInLine + 1}" : "$";
            errors = [$"{where}: not valid JSON: {e.Message.Split(". ")[0]}."];
            return null;
        }
        using (document)
        {
            var reader = new Reader();
            var mapping = reader.ReadMapping(document.RootElement);
            errors = reader.Errors;
            return reader.Errors.Count == 0 ? mapping : null;
        }
    }

    private sealed class Reader
    {
        public List<string> Errors { get; } = [];

        public ImportMapping? ReadMapping(JsonElement root)
        {
            if (!Object(root, "$", ["$schema", "entity", "source", "description", "pipeline", "currency", "dateFormat", "lossReasons", "customFields", "customColumns", "files", "rewrite", "fields", "stage"]))
            {
                return null;
            }
            var entityText = String(root, "$", "entity", required: true);
            ImportEntity entity = default;
            if (entityText is not null && !Enum.TryParse(entityText, ignoreCase: true, out entity))
            {
                Errors.Add($"$.entity: must be deals, accounts, contacts, activities or history, was '{entityText}'.");
            }
            var source = String(root, "$", "source", required: true);
            if (source is not null && (source.Trim().Length == 0 || source.Length > 50))
            {
                Errors.Add("$.source: must be 1 to 50 characters.");
            }
            string? pipelineKey = null;
            string? pipelineJson = null;
            if (root.TryGetProperty("pipeline", out var pipeline))
            {
                switch (pipeline.ValueKind)
                {
                    case JsonValueKind.String:
                        pipelineKey = pipeline.GetString();
                        break;
                    case JsonValueKind.Object:
                        pipelineJson = pipeline.GetRawText();
                        var parsed = PipelineFile.Parse(pipelineJson, knownFields: null);
                        Errors.AddRange(parsed.Errors.Select(e => $"$.pipeline{e.Path.TrimStart('$')}: {e.Message}"));
                        pipelineKey = parsed.Definition?.Key;
                        break;
                    default:
                        Errors.Add("$.pipeline: must be a pipeline key or a pipeline file object.");
                        break;
                }
            }
            var lossReasons = new List<LossReasonSpec>();
            if (root.TryGetProperty("lossReasons", out var reasons))
            {
                foreach (var (reason, i) in Array(reasons, "$.lossReasons"))
                {
                    var path = $"$.lossReasons[{i}]";
                    if (!Object(reason, path, ["key", "name"]))
                    {
                        continue;
                    }
                    var key = String(reason, path, "key", required: true);
                    if (key is not null && !Guard.IsKey(key))
                    {
                        Errors.Add($"{path}.key: '{key}' must start with a lower-case letter and hold only a-z, 0-9, '-' and '_'.");
                    }
                    var name = Text(reason, path, "name");
                    if (key is not null && name is not null)
                    {
                        lossReasons.Add(new LossReasonSpec(key, name));
                    }
                }
            }
            var files = new List<FileSpec>();
            if (!root.TryGetProperty("files", out var filesElement))
            {
                Errors.Add("$.files: is required.");
            }
            else
            {
                foreach (var (file, i) in Array(filesElement, "$.files"))
                {
                    if (ReadFile(file, $"$.files[{i}]", i == 0) is { } spec)
                    {
                        files.Add(spec);
                    }
                }
                if (files.Count == 0 && filesElement.ValueKind == JsonValueKind.Array)
                {
                    Errors.Add("$.files: names no file.");
                }
                foreach (var name in files.GroupBy(f => f.Name).Where(g => g.Count() > 1))
                {
                    Errors.Add($"$.files: two files are named '{name.Key}'.");
                }
            }
            var rewrite = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
            if (root.TryGetProperty("rewrite", out var rewriteElement))
            {
                if (rewriteElement.ValueKind != JsonValueKind.Object)
                {
                    Errors.Add("$.rewrite: must be an object of column → { value: replacement }.");
                }
                else
                {
                    foreach (var column in rewriteElement.EnumerateObject())
                    {
                        if (StringMap(column.Value, $"$.rewrite.{column.Name}") is { } map)
                        {
                            rewrite[column.Name] = map;
                        }
                    }
                }
            }
            var fields = new Dictionary<string, ValueSpec>(StringComparer.Ordinal);
            var known = ImportFields.For(entity);
            if (!root.TryGetProperty("fields", out var fieldsElement) || fieldsElement.ValueKind != JsonValueKind.Object)
            {
                Errors.Add("$.fields: is required, an object of field → column.");
            }
            else
            {
                foreach (var field in fieldsElement.EnumerateObject())
                {
                    var custom = entity == ImportEntity.Deals && ImportFields.CustomKey(field.Name) is not null;
                    if (!known.Contains(field.Name) && !custom)
                    {
                        Errors.Add($"$.fields.{field.Name}: is not a field of {entityText}; the fields are {string.Join(", ", known)}"
                            + (entity == ImportEntity.Deals ? ", and custom.KEY for a custom field." : "."));
                        continue;
                    }
                    if (ReadValue(field.Value, $"$.fields.{field.Name}") is { } value)
                    {
                        fields[field.Name] = value;
                    }
                }
                foreach (var required in ImportFields.Required(entity).Where(r => !fields.ContainsKey(r)))
                {
                    Errors.Add($"$.fields.{required}: is required.");
                }
            }
            StageSpec? stage = null;
            if (root.TryGetProperty("stage", out var stageElement))
            {
                stage = ReadStage(stageElement, "$.stage");
            }
            else if (entity is ImportEntity.Deals or ImportEntity.History)
            {
                Errors.Add("$.stage: is required for deals and history.");
            }
            var customFields = new List<Catalog.CustomFieldEntry>();
            if (root.TryGetProperty("customFields", out var customElement))
            {
                if (entity != ImportEntity.Deals)
                {
                    Errors.Add("$.customFields: custom fields are fields of deals; only a deals mapping defines them.");
                }
                var problems = new List<Catalog.CustomFieldsFileError>();
                customFields = Catalog.CustomFieldsFile.ReadFields(customElement, "$.customFields", problems, allowRemove: false);
                Errors.AddRange(problems.Select(p => p.ToString()));
            }
            var customColumns = false;
            if (root.TryGetProperty("customColumns", out var columnsFlag))
            {
                if (columnsFlag.ValueKind is not (JsonValueKind.True or JsonValueKind.False) || (columnsFlag.ValueKind == JsonValueKind.True && entity != ImportEntity.Deals))
                {
                    Errors.Add("$.customColumns: must be true or false, and true only in a deals mapping.");
                }
                customColumns = columnsFlag.ValueKind == JsonValueKind.True;
            }
            var currency = String(root, "$", "currency", required: false);
            if (currency is not null && (currency.Length != 3 || !currency.All(char.IsAsciiLetterUpper)))
            {
                Errors.Add($"$.currency: '{currency}' is not a three-letter ISO 4217 code such as CNY.");
            }
            return new ImportMapping
            {
                Entity = entity,
                Source = source ?? "",
                Description = String(root, "$", "description", required: false),
                PipelineKey = pipelineKey,
                PipelineJson = pipelineJson,
                Currency = currency,
                DateFormat = String(root, "$", "dateFormat", required: false),
                LossReasons = lossReasons,
                CustomFields = customFields,
                CustomColumns = customColumns,
                Files = files,
                Rewrite = rewrite,
                Fields = fields,
                Stage = stage,
            };
        }

        private FileSpec? ReadFile(JsonElement file, string path, bool main)
        {
            if (!Object(file, path, ["name", "columns", "optionalColumns", "key", "joinOn", "optional"]))
            {
                return null;
            }
            var name = String(file, path, "name", required: true);
            if (name is not null && (name.Length == 0 || name.Contains('.', StringComparison.Ordinal)))
            {
                Errors.Add($"{path}.name: must be a word without '.', was '{name}'.");
            }
            if (!file.TryGetProperty("columns", out var columnsElement))
            {
                Errors.Add($"{path}.columns: is required: the header columns that recognise the file.");
            }
            var columns = Strings(columnsElement, $"{path}.columns");
            var optionalColumns = file.TryGetProperty("optionalColumns", out var optionalElement) ? Strings(optionalElement, $"{path}.optionalColumns") : [];
            var key = String(file, path, "key", required: false);
            var joinOn = file.TryGetProperty("joinOn", out var joinElement) ? ReadValue(joinElement, $"{path}.joinOn") : null;
            if (!main && (key is null || joinOn is null))
            {
                Errors.Add($"{path}: a side file needs 'key' (its column) and 'joinOn' (the main file's value to look up).");
            }
            if (main && (key is not null || joinOn is not null))
            {
                Errors.Add($"{path}: the first file is the main file; 'key' and 'joinOn' belong to side files.");
            }
            var optional = file.TryGetProperty("optional", out var optionalFlag) && optionalFlag.ValueKind == JsonValueKind.True;
            return name is null ? null : new FileSpec(name, columns, key, joinOn, optional, optionalColumns);
        }

        private List<string> Strings(JsonElement element, string path)
        {
            var strings = new List<string>();
            if (element.ValueKind == JsonValueKind.Undefined)
            {
                return strings;
            }
            foreach (var (item, i) in Array(element, path))
            {
                if (item.ValueKind == JsonValueKind.String)
                {
                    strings.Add(item.GetString()!);
                }
                else
                {
                    Errors.Add($"{path}[{i}]: must be a string.");
                }
            }
            return strings;
        }

        private StageSpec? ReadStage(JsonElement stage, string path)
        {
            if (!Object(stage, path, ["column", "value", "template", "map", "values", "blank", "other"]))
            {
                return null;
            }
            var value = new ValueSpec
            {
                Column = String(stage, path, "column", required: false),
                Value = String(stage, path, "value", required: false),
                Template = String(stage, path, "template", required: false),
                Map = stage.TryGetProperty("map", out var map) ? StringMap(map, path + ".map") : null,
            };
            var values = new Dictionary<string, IReadOnlyList<StepSpec>>(StringComparer.OrdinalIgnoreCase);
            if (stage.TryGetProperty("values", out var valuesElement))
            {
                if (valuesElement.ValueKind != JsonValueKind.Object)
                {
                    Errors.Add($"{path}.values: must be an object of source value → stage path.");
                }
                else
                {
                    foreach (var entry in valuesElement.EnumerateObject())
                    {
                        if (ReadPath(entry.Value, $"{path}.values.{entry.Name}") is { } steps)
                        {
                            values[entry.Name.Trim()] = steps;
                        }
                    }
                }
            }
            var blank = stage.TryGetProperty("blank", out var blankElement) ? ReadPath(blankElement, path + ".blank") : null;
            var other = stage.TryGetProperty("other", out var otherElement) ? ReadPath(otherElement, path + ".other") : null;
            if (values.Count == 0 && blank is null && other is null)
            {
                Errors.Add($"{path}: gives no stage path ('values', 'blank' or 'other').");
            }
            return new StageSpec(value, values, blank, other);
        }

        private List<StepSpec>? ReadPath(JsonElement element, string path)
        {
            var steps = new List<StepSpec>();
            foreach (var (step, i) in Array(element, path))
            {
                var at = $"{path}[{i}]";
                if (!Object(step, at, ["stage", "at", "lossReason"]))
                {
                    continue;
                }
                var stage = String(step, at, "stage", required: true);
                var when = step.TryGetProperty("at", out var atElement) && atElement.ValueKind != JsonValueKind.Null ? ReadValue(atElement, at + ".at") : null;
                var reason = step.TryGetProperty("lossReason", out var reasonElement) ? ReadLossReason(reasonElement, at + ".lossReason") : null;
                if (stage is not null)
                {
                    steps.Add(new StepSpec(stage, when, reason));
                }
            }
            if (steps.Count == 0 && element.ValueKind == JsonValueKind.Array)
            {
                Errors.Add($"{path}: a stage path needs at least one step.");
            }
            return element.ValueKind == JsonValueKind.Array ? steps : null;
        }

        /// <summary>A loss reason given as a plain string is the reason's key, not a column.</summary>
        private ValueSpec? ReadLossReason(JsonElement element, string path) =>
            element.ValueKind == JsonValueKind.String ? new ValueSpec { Value = element.GetString() } : ReadValue(element, path);

        private ValueSpec? ReadValue(JsonElement element, string path)
        {
            if (element.ValueKind == JsonValueKind.String)
            {
                return new ValueSpec { Column = element.GetString() };
            }
            if (!Object(element, path, ["column", "value", "template", "rowNumber", "map", "strict", "empty"]))
            {
                return null;
            }
            var spec = new ValueSpec
            {
                Column = String(element, path, "column", required: false),
                Value = String(element, path, "value", required: false),
                Template = String(element, path, "template", required: false),
                RowNumber = element.TryGetProperty("rowNumber", out var rowNumber) && rowNumber.ValueKind == JsonValueKind.True,
                Map = element.TryGetProperty("map", out var map) ? StringMap(map, path + ".map") : null,
                Strict = element.TryGetProperty("strict", out var strict) && strict.ValueKind == JsonValueKind.True,
                Empty = element.TryGetProperty("empty", out var empty)
                    ? [.. Array(empty, path + ".empty").Where(e => e.Item1.ValueKind == JsonValueKind.String).Select(e => e.Item1.GetString()!)]
                    : [],
            };
            var sources = new[] { spec.Column is not null, spec.Value is not null, spec.Template is not null, spec.RowNumber }.Count(b => b);
            if (sources != 1)
            {
                Errors.Add($"{path}: give exactly one of 'column', 'value', 'template' or 'rowNumber'.");
            }
            return spec;
        }

        private Dictionary<string, string>? StringMap(JsonElement element, string path)
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                Errors.Add($"{path}: must be an object of value → replacement.");
                return null;
            }
            var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var entry in element.EnumerateObject())
            {
                if (entry.Value.ValueKind != JsonValueKind.String)
                {
                    Errors.Add($"{path}.{entry.Name}: must be a string.");
                    continue;
                }
                map[entry.Name.Trim()] = entry.Value.GetString()!;
            }
            return map;
        }

        private LocalizedText? Text(JsonElement element, string path, string name)
        {
            if (!element.TryGetProperty(name, out var text))
            {
                Errors.Add($"{path}.{name}: is required.");
                return null;
            }
            if (text.ValueKind == JsonValueKind.String)
            {
                return new LocalizedText(text.GetString()!, text.GetString()!);
            }
            if (text.ValueKind == JsonValueKind.Object)
            {
                var zh = text.TryGetProperty("zh-CN", out var z) ? z.GetString() : null;
                var en = text.TryGetProperty("en", out var e) ? e.GetString() : null;
                if (zh is not null || en is not null)
                {
                    return new LocalizedText(zh ?? en!, en ?? zh!);
                }
            }
            Errors.Add($"{path}.{name}: must be a string or {{ \"zh-CN\": …, \"en\": … }}.");
            return null;
        }

        private IEnumerable<(JsonElement, int)> Array(JsonElement element, string path)
        {
            if (element.ValueKind != JsonValueKind.Array)
            {
                Errors.Add($"{path}: must be an array.");
                return [];
            }
            return element.EnumerateArray().Select((e, i) => (e, i)).ToList();
        }

        private bool Object(JsonElement element, string path, IReadOnlyList<string> allowed)
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                Errors.Add($"{path}: must be an object.");
                return false;
            }
            foreach (var property in element.EnumerateObject().Where(p => !allowed.Contains(p.Name)))
            {
                Errors.Add($"{path}.{property.Name}: is not a field here; the fields are {string.Join(", ", allowed)}.");
            }
            return true;
        }

        private string? String(JsonElement element, string path, string name, bool required)
        {
            if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                if (required)
                {
                    Errors.Add($"{path}.{name}: is required.");
                }
                return null;
            }
            if (value.ValueKind != JsonValueKind.String)
            {
                Errors.Add($"{path}.{name}: must be a string.");
                return null;
            }
            return value.GetString();
        }
    }
}
