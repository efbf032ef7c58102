using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Loudou.Core.Deals;
using Loudou.Core.Pipelines;
using Loudou.Storage.Catalog;
using Loudou.Storage.Pipelines;
using Loudou.Web.Components.UI;
using Loudou.Web.Localization;
using Microsoft.AspNetCore.Components.Forms;
using MudBlazor;

namespace Loudou.Web.Components.Pages.Admin;

public partial class Pipelines
{
    private static readonly string[] Kinds = ["open", "won", "lost"];

    /// <summary>The boxes of the form an error's path can name, after <see cref="FieldPath"/>: the rest go to the summary.</summary>
    [GeneratedRegex(@"^(stages\[\d+\]\.(actions\[\d+\]\.)?)?(key|name|goal|kind|probability|rottingDays|firstResponseSlaHours|color|text|requiredFields)$")]
    private static partial Regex FormBox();

    private IReadOnlyList<PipelineSummary>? _pipelines;
    private IReadOnlyList<CustomFieldView> _customFields = [];
    private PipelineForm? _form;
    private Dictionary<string, string> _errors = new(StringComparer.Ordinal);
    private List<PipelineFileError> _general = [];
    private string? _refusal;
    private int _confirmDrop;
    private bool _busy;
    private MudFileUpload<IBrowserFile>? _upload;

    private static string Culture => CultureInfo.CurrentUICulture.Name;

    protected override async Task OnInitializedAsync()
    {
        if (RendererInfo.IsInteractive)
        {
            await LoadAsync();
        }
    }

    private async Task LoadAsync() =>
        (_pipelines, _customFields) = await Work.ReadAsync(async services =>
            (await services.GetRequiredService<PipelineStore>().ListAsync(), await services.GetRequiredService<CustomFieldStore>().ViewsAsync()));

    private void StartBlank() => Open(PipelineForm.Blank());

    private void StartEdit(PipelineSummary summary)
    {
        var form = PipelineForm.Read(FileOf(summary.Pipeline.ToDefinition(summary.IsDefault)));
        (form.Editing, form.WasDefault) = (true, summary.IsDefault);
        Open(form);
    }

    /// <summary>A new pipeline from a copy of one the workspace has; the key is the admin's to give.</summary>
    private void StartCopy(PipelineSummary summary)
    {
        var form = PipelineForm.Read(FileOf(summary.Pipeline.ToDefinition(false)));
        form.Key = "";
        Open(form);
    }

    /// <summary>A new pipeline from a built-in template, under the template's key unless the workspace already uses it.</summary>
    private void StartTemplate(string key)
    {
        var form = PipelineForm.Read(FileOf(BuiltinPipelines.Template(key)! with { IsDefault = false }));
        if (Find(form.Key) is not null)
        {
            form.Key = "";
        }
        Open(form);
    }

    private static JsonNode FileOf(PipelineDefinition definition) => JsonNode.Parse(PipelineFile.Write(definition))!;

    private PipelineSummary? Find(string key) => _pipelines?.FirstOrDefault(p => p.Pipeline.Key == key.Trim());

    private void Open(PipelineForm form)
    {
        if (form.Stages.Count > 0 && !form.Stages.Any(s => s.Expanded))
        {
            form.Stages[0].Expanded = true;
        }
        _form = form;
        ShowErrors([]);
        _refusal = null;
    }

    private void Cancel() => (_form, _refusal) = (null, null);

    /// <summary>Loads a pipeline file into the form, not applied until Save; its problems are shown at the boxes their paths name.</summary>
    private async Task ImportAsync(IBrowserFile? file)
    {
        if (file is null)
        {
            return;
        }
        string text;
        using (var reader = new StreamReader(file.OpenReadStream(maxAllowedSize: 1_000_000)))
        {
            text = await reader.ReadToEndAsync();
        }
        // Cleared so that the same file, changed on disk, can be chosen again.
        if (_upload is not null)
        {
            await _upload.ClearAsync();
        }
        var parsed = await Work.ReadAsync(services => services.GetRequiredService<PipelineStore>().ParseAsync(text));
        JsonNode? node = null;
        try
        {
            node = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException)
        {
            // Not JSON at all: the form stays as it was and the parser's error (with its line) says why.
        }
        if (node is JsonObject)
        {
            var form = PipelineForm.Read(node);
            if (Find(form.Key) is { } stored)
            {
                (form.Editing, form.WasDefault) = (true, stored.IsDefault);
                form.IsDefault |= stored.IsDefault;
            }
            Open(form);
        }
        else if (_form is null)
        {
            Open(PipelineForm.Blank());
        }
        ShowErrors(parsed.Errors);
        if (parsed.IsValid)
        {
            Snackbar.Add(T["Pipelines.Imported", file.Name], Severity.Info);
        }
    }

    /// <summary>Checks the form as a pipeline file and applies it, asking first when completions on deals would go with dropped actions.</summary>
    private async Task SaveAsync(bool confirmed)
    {
        if (_form is not { } form)
        {
            return;
        }
        _busy = true;
        _refusal = null;
        try
        {
            var json = form.ToJson().ToJsonString();
            var (parsed, dropping) = await Work.ReadAsync(async services =>
            {
                var store = services.GetRequiredService<PipelineStore>();
                var result = await store.ParseAsync(json);
                return (result, result.Definition is { } d ? await store.DroppedCompletionsAsync(d) : 0);
            });
            ShowErrors(parsed.Errors);
            if (parsed.Definition is not { } definition)
            {
                return;
            }
            if (dropping > 0 && !confirmed)
            {
                _confirmDrop = dropping;
                return;
            }
            _confirmDrop = 0;
            var (applied, _) = await Work.TryWriteAsync(services => services.GetRequiredService<PipelineStore>().ApplyAsync(definition));
            if (applied is null)
            {
                return;
            }
            if (applied.Pipeline is null)
            {
                _refusal = applied.Error;
                return;
            }
            Snackbar.Add(T[applied.Created ? "Pipelines.Created" : "Pipelines.Saved", definition.Key], Severity.Success);
            if (applied.DroppedCompletions > 0)
            {
                Snackbar.Add(T.Plural("Pipelines.Dropped", applied.DroppedCompletions, applied.DroppedCompletions.ToString("N0", CultureInfo.CurrentCulture)), Severity.Info);
            }
            _form = null;
            await LoadAsync();
        }
        finally
        {
            _busy = false;
        }
    }

    /// <summary>The stored pipeline's file, as <c>loudou pipeline show</c> prints it and the audit log keeps it.</summary>
    private async Task ExportAsync(string key)
    {
        await LoadAsync();
        if (Find(key) is not { } summary)
        {
            return;
        }
        var file = PipelineFile.Write(summary.Pipeline.ToDefinition(summary.IsDefault));
        await Downloads.SaveAsync(JS, $"{key}.json", "application/json", stream => stream.Write(System.Text.Encoding.UTF8.GetBytes(file + "\n")));
    }

    private void AddStage()
    {
        if (_form is not { } form)
        {
            return;
        }
        // A new stage is open, so it goes after the open stages, before the outcomes.
        var at = form.Stages.FindIndex(s => s.Kind != "open");
        form.Stages.Insert(at < 0 ? form.Stages.Count : at, new StageForm { Kind = "open", Expanded = true });
        ShowErrors([]);
    }

    private void RemoveStage(int index)
    {
        _form?.Stages.RemoveAt(index);
        ShowErrors([]);
    }

    private void Move(int index, int by)
    {
        if (_form is not { } form || index + by < 0 || index + by >= form.Stages.Count)
        {
            return;
        }
        (form.Stages[index], form.Stages[index + by]) = (form.Stages[index + by], form.Stages[index]);
        ShowErrors([]);
    }

    private void AddAction(StageForm stage)
    {
        stage.Actions.Add(new ActionForm());
        ShowErrors([]);
    }

    private void RemoveAction(StageForm stage, ActionForm action)
    {
        stage.Actions.Remove(action);
        ShowErrors([]);
    }

    /// <summary>
    /// Each error at the box its path names (<c>$.stages[2].name.en</c> is the stage's name boxes, <c>…requiredFields[1]</c> its gate);
    /// the rest, such as a pipeline with no won stage, in the summary. A stage with an error opens its panel.
    /// </summary>
    private void ShowErrors(IReadOnlyList<PipelineFileError> errors)
    {
        _errors = new Dictionary<string, string>(StringComparer.Ordinal);
        _general = [];
        foreach (var error in errors)
        {
            var box = FieldPath(error.Path);
            if (_form is { } form && FormBox().IsMatch(box) && InForm(form, box))
            {
                var message = box.EndsWith("probability", StringComparison.Ordinal) ? T["Pipelines.ProbabilityError", error.Message].Value : error.Message;
                _errors[box] = _errors.TryGetValue(box, out var before) ? $"{before} {message}" : message;
            }
            else
            {
                _general.Add(error);
            }
        }
        for (var i = 0; _form is not null && i < _form.Stages.Count; i++)
        {
            _form.Stages[i].Expanded |= HasUnder($"stages[{i}]");
        }
    }

    private static string FieldPath(string path)
    {
        var box = path == "$" ? "" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path;
        foreach (var language in (string[])[".zh-CN", ".en"])
        {
            if (box.EndsWith(language, StringComparison.Ordinal))
            {
                box = box[..^language.Length];
            }
        }
        return Regex.Replace(box, @"\.requiredFields\[\d+\]$", ".requiredFields");
    }

    /// <summary>Whether the stage and action a path's indices name are in the form (they always are, unless a file held a non-object).</summary>
    private static bool InForm(PipelineForm form, string box)
    {
        var indices = Regex.Matches(box, @"\[(\d+)\]").Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();
        return indices.Count switch
        {
            0 => true,
            1 => indices[0] < form.Stages.Count,
            _ => indices[0] < form.Stages.Count && indices[1] < form.Stages[indices[0]].Actions.Count,
        };
    }

    private bool Has(string box) => _errors.ContainsKey(box);

    private string? Error(string box) => _errors.GetValueOrDefault(box);

    private bool HasUnder(string stage) => _errors.Keys.Any(k => k.StartsWith(stage + ".", StringComparison.Ordinal));

    private string KindName(string kind) => Kinds.Contains(kind) ? T["Pipelines.Kind." + kind] : kind;

    private string StageLabel(StageForm stage)
    {
        var name = Culture.StartsWith("zh", StringComparison.Ordinal) ? (stage.NameZh.Length > 0 ? stage.NameZh : stage.NameEn) : (stage.NameEn.Length > 0 ? stage.NameEn : stage.NameZh);
        return name.Length > 0 ? name : stage.Key.Length > 0 ? stage.Key : T["Pipelines.Unnamed"];
    }

    /// <summary>The swatch of a stage's colour; a colour that is not #rgb/#rrggbb (the parser will say so) shows none.</summary>
    private static string Swatch(string color) => Regex.IsMatch(color.Trim(), "^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$") ? color.Trim() : "transparent";

    /// <summary>The fields a gate may require: the built-in deal fields, the workspace's custom fields, and any unknown one a file named (so it can be seen and taken out).</summary>
    private IEnumerable<string> FieldChoices(StageForm stage) =>
        DealFields.BuiltIn.Order(StringComparer.Ordinal).Concat(_customFields.Select(f => f.Key)).Concat(stage.RequiredFields).Distinct(StringComparer.Ordinal);

    private string FieldName(string key) =>
        DealFields.BuiltIn.Contains(key) ? T["Deal.Field." + key]
        : _customFields.FirstOrDefault(f => f.Key == key) is { } custom ? custom.Name.For(Culture)
        : key;
}
