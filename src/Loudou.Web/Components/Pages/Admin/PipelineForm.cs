using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Loudou.Web.Components.Pages.Admin;

/// <summary>A pipeline file as the editor holds it (docs/pipeline-files.md), turned back into the file's JSON on save.</summary>
/// <remarks>
/// The form never validates on its own: a save writes <see cref="ToJson"/> and hands it to the pipeline file parser, so
/// every rule of files holds here and an error's path (<c>$.stages[2].probability</c>) names a box of this form.
/// Reading is lenient for the same reason: a value of the wrong type in an imported file is left blank, and the
/// parser's error for it is shown at that blank box.
/// </remarks>
public sealed class PipelineForm
{
    /// <summary>True when the key is one the workspace has: the save updates that pipeline, so the key is fixed.</summary>
    public bool Editing { get; set; }

    /// <summary>The stored pipeline is the default; a file cannot take that away (<c>"default": false</c> leaves it).</summary>
    public bool WasDefault { get; set; }

    public string Key { get; set; } = "";

    public string NameZh { get; set; } = "";

    public string NameEn { get; set; } = "";

    public bool IsDefault { get; set; }

    public List<StageForm> Stages { get; init; } = [];

    /// <summary>A blank start: one stage of each kind, the least a pipeline file needs.</summary>
    public static PipelineForm Blank() => new() { Stages = [new() { Kind = "open", Expanded = true }, new() { Kind = "won" }, new() { Kind = "lost" }] };

    /// <summary>Reads a pipeline file's JSON, keeping what has the right type and leaving the rest blank.</summary>
    public static PipelineForm Read(JsonNode? file)
    {
        var form = new PipelineForm { Key = Text(file?["key"]) };
        (form.NameZh, form.NameEn) = Texts(file?["name"]);
        form.IsDefault = Bool(file?["default"]) ?? false;
        if (file?["stages"] is JsonArray stages)
        {
            form.Stages.AddRange(stages.Select(StageForm.Read));
        }
        return form;
    }

    /// <summary>The pipeline file the form describes.</summary>
    public JsonObject ToJson() => new()
    {
        ["key"] = Key.Trim(),
        ["name"] = TextNode(NameZh, NameEn),
        ["default"] = IsDefault,
        ["stages"] = new JsonArray([.. Stages.Select(s => (JsonNode)s.ToJson())]),
    };

    internal static JsonObject TextNode(string zh, string en) => new() { ["zh-CN"] = zh.Trim(), ["en"] = en.Trim() };

    internal static string Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : "";

    /// <summary>A text in both languages: an object of zh-CN and en, or one string for both.</summary>
    internal static (string Zh, string En) Texts(JsonNode? node) => node switch
    {
        JsonObject text => (Text(text["zh-CN"]), Text(text["en"])),
        JsonValue one when one.TryGetValue<string>(out var both) => (both, both),
        _ => ("", ""),
    };

    internal static bool? Bool(JsonNode? node) => node?.GetValueKind() switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };

    internal static double? Number(JsonNode? node) => node is JsonValue value && value.GetValueKind() == JsonValueKind.Number ? value.GetValue<double>() : null;
}

/// <summary>A stage in the editor; the probability is a percentage here and a fraction in the file.</summary>
public sealed class StageForm
{
    public string Key { get; set; } = "";

    public string NameZh { get; set; } = "";

    public string NameEn { get; set; } = "";

    public string GoalZh { get; set; } = "";

    public string GoalEn { get; set; } = "";

    /// <summary>open, won or lost; anything else from a file is kept so the parser can name it.</summary>
    public string Kind { get; set; } = "open";

    public double? Percent { get; set; }

    public int? RottingDays { get; set; }

    public int? SlaHours { get; set; }

    public string Color { get; set; } = "";

    public List<ActionForm> Actions { get; init; } = [];

    public IReadOnlyCollection<string> RequiredFields { get; set; } = [];

    /// <summary>Whether its panel is open in the editor.</summary>
    public bool Expanded { get; set; }

    internal static StageForm Read(JsonNode? node)
    {
        var stage = new StageForm
        {
            Key = PipelineForm.Text(node?["key"]),
            Kind = PipelineForm.Text(node?["kind"]).Trim().ToLowerInvariant(),
            // Rounded so that 0.35 shows as 35, not 35.000000000000007.
            Percent = PipelineForm.Number(node?["probability"]) is { } p ? Math.Round(p * 100, 6) : null,
            RottingDays = Whole(node?["rottingDays"]),
            SlaHours = Whole(node?["firstResponseSlaHours"]),
            Color = PipelineForm.Text(node?["color"]),
        };
        (stage.NameZh, stage.NameEn) = PipelineForm.Texts(node?["name"]);
        (stage.GoalZh, stage.GoalEn) = PipelineForm.Texts(node?["goal"]);
        if (node?["actions"] is JsonArray actions)
        {
            stage.Actions.AddRange(actions.Select(ActionForm.Read));
        }
        if (node?["requiredFields"] is JsonArray fields)
        {
            stage.RequiredFields = [.. fields.Select(PipelineForm.Text)];
        }
        return stage;
    }

    internal JsonObject ToJson()
    {
        var stage = new JsonObject { ["key"] = Key.Trim(), ["name"] = PipelineForm.TextNode(NameZh, NameEn) };
        if (GoalZh.Trim().Length + GoalEn.Trim().Length > 0)
        {
            stage["goal"] = PipelineForm.TextNode(GoalZh, GoalEn);
        }
        stage["kind"] = Kind;
        if (Percent is { } percent)
        {
            stage["probability"] = percent / 100;
        }
        if (RottingDays is { } rotting)
        {
            stage["rottingDays"] = rotting;
        }
        if (SlaHours is { } sla)
        {
            stage["firstResponseSlaHours"] = sla;
        }
        if (Color.Trim().Length > 0)
        {
            stage["color"] = Color.Trim();
        }
        stage["actions"] = new JsonArray([.. Actions.Select(a => (JsonNode)a.ToJson())]);
        stage["requiredFields"] = new JsonArray([.. RequiredFields.Select(f => (JsonNode)JsonValue.Create(f))]);
        return stage;
    }

    /// <summary>A whole number as the form's box holds it; anything else stays blank for the parser to name.</summary>
    private static int? Whole(JsonNode? node) =>
        PipelineForm.Number(node) is { } n && n == Math.Floor(n) && n is >= int.MinValue and <= int.MaxValue ? (int)n : null;

    /// <summary>The probability as the panel's title shows it.</summary>
    public string PercentText => Percent is { } p ? (p / 100).ToString("P0", CultureInfo.CurrentCulture) : "";
}

/// <summary>A standard action of a stage in the editor.</summary>
public sealed class ActionForm
{
    public string Key { get; set; } = "";

    public string TextZh { get; set; } = "";

    public string TextEn { get; set; } = "";

    public bool Required { get; set; } = true;

    internal static ActionForm Read(JsonNode? node)
    {
        var action = new ActionForm { Key = PipelineForm.Text(node?["key"]), Required = PipelineForm.Bool(node?["required"]) ?? true };
        (action.TextZh, action.TextEn) = PipelineForm.Texts(node?["text"]);
        return action;
    }

    internal JsonObject ToJson() => new() { ["key"] = Key.Trim(), ["text"] = PipelineForm.TextNode(TextZh, TextEn), ["required"] = Required };
}
