using System.Text.Json;
using System.Text.Json.Nodes;
using Loudou.Core.Import;

namespace Loudou.Web.Imports;

/// <summary>A mapping file being edited on the import page: the JSON itself, so what is saved is a file `loudou import --mapping` reads.</summary>
/// <remarks>
/// The page changes only which column fills a field (and the stage's column); everything else the
/// preset or file says (side files, joins, rewrites, stage paths, templates) is kept as written.
/// Every change is parsed again by <see cref="MappingFile"/>, the CLI's reader, so the page shows
/// the same errors the CLI would.
/// </remarks>
public sealed class MappingDraft
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly JsonObject _root;

    private MappingDraft(JsonObject root, string name) => (_root, Name) = (root, name);

    /// <summary>How the mapping is named in messages and the audit entry: "preset maven-crm" or the file's name.</summary>
    public string Name { get; private set; }

    /// <summary>The name to save it under: the preset's name or the loaded file's, as .json.</summary>
    public string FileName => Name.StartsWith("preset ", StringComparison.Ordinal) ? Name["preset ".Length..] + ".json"
        : Name.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? Name : Name + ".json";

    public string Text => _root.ToJsonString(Indented) + "\n";

    /// <returns>The draft, or null with the reason when the text is not a JSON object.</returns>
    public static MappingDraft? Read(string text, string name, out string? problem)
    {
        try
        {
            var node = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            problem = node is JsonObject ? null : "$: a mapping file is a JSON object.";
            return node is JsonObject root ? new MappingDraft(root, name) : null;
        }
        catch (JsonException e)
        {
            problem = $"line {e.LineNumber + 1}: not valid JSON: {e.Message.Split(". ")[0]}.";
            return null;
        }
    }

    /// <summary>The mapping as the engine reads it, or null with the CLI's errors.</summary>
    public ImportMapping? Parse(out IReadOnlyList<string> errors) => MappingFile.Parse(Text, out errors);

    /// <summary>The side files' columns a field may read, as <c>file.column</c>.</summary>
    public IEnumerable<string> SideColumns() =>
        (_root["files"] as JsonArray ?? []).Skip(1).OfType<JsonObject>()
            .SelectMany(f => (f["columns"] as JsonArray ?? []).Select(c => $"{(string?)f["name"]}.{(string?)c}"));

    /// <summary>The column a field reads when it is a plain column; null when it is not filled or filled otherwise (see <see cref="Rule"/>).</summary>
    public string? ColumnOf(string field) => Spec(field) switch
    {
        JsonValue value when value.TryGetValue<string>(out var column) => column,
        JsonObject spec when spec.Count == 1 && spec["column"] is JsonValue value && value.TryGetValue<string>(out var column) => column,
        _ => null,
    };

    /// <summary>A field filled by something other than a plain column (a template, a constant, a column with a value map), as the file writes it.</summary>
    /// <remarks>Short enough for a dropdown: the template itself, a constant in quotes, a column with "→ …" when a value map or list of empty values applies.</remarks>
    public string? Rule(string field) => ColumnOf(field) is not null ? null : Spec(field) switch
    {
        JsonObject spec when spec["template"] is JsonValue template => (string?)template,
        JsonObject spec when spec["value"] is JsonValue value => $"\"{(string?)value}\"",
        JsonObject spec when spec["rowNumber"] is not null => "#",
        JsonObject spec when spec["column"] is JsonValue column => $"{(string?)column} → …",
        null => null,
        var other => other.ToJsonString(),
    };

    /// <summary>Fills a field from a column of the main file or a side file (<c>file.column</c>), or leaves it empty (null).</summary>
    /// <param name="mainHeader">The uploaded main file's header: a new main-file column joins the columns the main file is recognised by, and columns it lacks leave them.</param>
    public void Set(string field, string? column, IReadOnlyList<string> mainHeader)
    {
        if (field == "stage")
        {
            if (_root["stage"] is JsonObject stage && column is not null)
            {
                stage.Remove("value");
                stage.Remove("template");
                stage["column"] = column;
            }
        }
        else
        {
            var fields = _root["fields"] as JsonObject ?? [];
            _root["fields"] = fields;
            fields.Remove(field);
            if (column is not null)
            {
                fields[field] = column;
            }
        }
        if (column is not null && mainHeader.Contains(column) && (_root["files"] as JsonArray)?.FirstOrDefault() is JsonObject main)
        {
            var columns = (main["columns"] as JsonArray ?? []).Select(c => (string?)c).OfType<string>().Where(mainHeader.Contains).Append(column).Distinct();
            main["columns"] = new JsonArray([.. columns.Select(c => (JsonNode)c)]);
        }
        // Changed, it is no longer the preset: messages and the audit entry name the file it would be saved as.
        Name = FileName;
    }

    private JsonNode? Spec(string field) => field == "stage"
        ? _root["stage"] is JsonObject stage ? stage["column"] ?? stage["value"] ?? stage["template"] : null
        : (_root["fields"] as JsonObject)?[field];
}
