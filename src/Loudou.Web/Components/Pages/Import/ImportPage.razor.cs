using System.Globalization;
using System.Text;
using Loudou.Core.Import;
using Loudou.Import;
using Loudou.Import.Reading;
using Loudou.Web.Access;
using Loudou.Web.Components.UI;
using Loudou.Web.Imports;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.JSInterop;

namespace Loudou.Web.Components.Pages.Import;

/// <summary>The import wizard: files, what they hold and the mapping, a preview, a dry run, and a run in the background.</summary>
/// <remarks>Everything is done by the CLI's engine (<see cref="ImportEngine"/>); the page only chooses the request and shows the answers.</remarks>
public partial class ImportPage : IDisposable
{
    private const int PreviewRows = 10;

    /// <summary>The choice that keeps a field's rule from the mapping (a template, a constant) as it is.</summary>
    private const string KeepRule = "(mapping)";

    /// <summary>An uploaded file on disk, with its header as the engine reads it.</summary>
    private sealed record Uploaded(string Name, string Path, long Size, string Kind, IReadOnlyList<string> Header);

    [Inject] private CallerWork Work { get; set; } = default!;

    [Inject] private ImportUpload Upload { get; set; } = default!;

    [Inject] private ImportRuns Runs { get; set; } = default!;

    [Inject] private ImportOptions Options { get; set; } = default!;

    [Inject] private IJSRuntime JS { get; set; } = default!;

    [Inject] private AuthenticationStateProvider Authentication { get; set; } = default!;

    private ImportEntity _entity = ImportEntity.Deals;
    private string _preset = "generic";
    private MappingDraft? _draft;
    private ImportMapping? _mapping;
    private IReadOnlyList<string> _mappingErrors = [];
    private string? _folder;
    private readonly List<Uploaded> _files = [];
    private readonly List<string> _refusals = [];
    private ImportResult? _preview;
    private string? _previewProblem;
    private ImportResult? _check;
    private ImportProgress? _checkProgress;
    private CancellationTokenSource? _checkStop;
    private bool _skipInvalid;
    private bool _uploading;
    private ImportRun? _run;
    private string? _busy;
    private IReadOnlyList<string> _customKeys = [];
    private Timer? _timer;
    private MudBlazor.MudFileUpload<IReadOnlyList<IBrowserFile>>? _upload;
    private MudBlazor.MudFileUpload<IBrowserFile>? _mappingUpload;

    private static IEnumerable<ImportEntity> Entities => [ImportEntity.Deals, ImportEntity.History, ImportEntity.Accounts, ImportEntity.Contacts, ImportEntity.Activities];

    private IEnumerable<string> Presets => ImportPresets.Names.Where(n => ImportPresets.Text(n, _entity) is not null);

    /// <summary>The file the mapping reads one record per row from: the one whose header has the main file's columns, else the first.</summary>
    private Uploaded? Main => _files.FirstOrDefault(f => _mapping is { } m && m.Main.Columns.All(f.Header.Contains)) ?? _files.FirstOrDefault();

    private IEnumerable<string> Fields => [.. ImportFields.For(_entity), .. _entity == ImportEntity.Deals ? _customKeys.Select(k => ImportFields.CustomPrefix + k) : [],
        .. _entity is ImportEntity.Deals or ImportEntity.History ? ["stage"] : Array.Empty<string>()];

    private IEnumerable<string> Columns => [.. Main?.Header ?? [], .. _draft?.SideColumns() ?? []];

    private bool Ready => _files.Count > 0 && _mapping is not null && _uploading == false && _busy is null && _run?.State != ImportRunState.Running;

    protected override async Task OnInitializedAsync()
    {
        if (!RendererInfo.IsInteractive)
        {
            return;
        }
        _customKeys = await Work.ReadAsync(async services =>
            (IReadOnlyList<string>)[.. (await services.GetRequiredService<Storage.Catalog.CustomFieldStore>().ListAsync()).Select(f => f.Key)]);
        _run = Runs.Recent.FirstOrDefault(r => r.State == ImportRunState.Running);
        LoadPreset();
        _timer = new Timer(_ => _ = InvokeAsync(() =>
        {
            if (Runs.Recent.Any(r => r.State == ImportRunState.Running) || _run?.EndedAt > DateTimeOffset.UtcNow.AddSeconds(-2))
            {
                StateHasChanged();
            }
        }), null, 500, 500);
    }

    private async Task EntityChangedAsync(ImportEntity entity)
    {
        _entity = entity;
        _preset = Presets.Contains(_preset) ? _preset : Presets.FirstOrDefault() ?? "generic";
        LoadPreset();
        await PreviewAsync();
    }

    private async Task PresetChangedAsync(string preset)
    {
        _preset = preset;
        LoadPreset();
        await PreviewAsync();
    }

    private void LoadPreset()
    {
        _draft = ImportPresets.Text(_preset, _entity) is { } text ? MappingDraft.Read(text, $"preset {_preset}", out _) : null;
        Reparse();
    }

    private void Reparse()
    {
        _mapping = null;
        _mappingErrors = [];
        if (_draft is null)
        {
            return;
        }
        if (_draft.Parse(out var errors) is { } mapping)
        {
            _mapping = mapping.Entity == _entity ? mapping : null;
            _mappingErrors = mapping.Entity == _entity ? [] : [T["Import.MappingEntity", T["Import.Entity." + mapping.Entity]]];
        }
        else
        {
            _mappingErrors = errors;
        }
        (_check, _preview) = (null, null);
    }

    private async Task UploadAsync(IReadOnlyList<IBrowserFile>? files)
    {
        if (files is null || files.Count == 0)
        {
            return;
        }
        _uploading = true;
        _refusals.Clear();
        StateHasChanged();
        try
        {
            _folder ??= Upload.NewFolder();
            foreach (var file in files)
            {
                var (path, refusal) = await Upload.SaveAsync(_folder, file.Name, file.Size, max => file.OpenReadStream(max));
                if (refusal is not null)
                {
                    _refusals.Add(T["Import.Refused." + refusal.Key, refusal.Args]);
                    continue;
                }
                try
                {
                    TextEncodings.Register();
                    var table = TableFile.Open(path!, new TableReadOptions());
                    // Describe() names the file first, as the CLI prints it; the list shows the name already.
                    var kind = table.Describe().StartsWith(table.Name + " ", StringComparison.Ordinal) ? table.Describe()[(table.Name.Length + 1)..].Trim('(', ')') : table.Describe();
                    _files.Add(new Uploaded(table.Name, path!, new FileInfo(path!).Length, kind, table.Header));
                }
                catch (ImportFileException e)
                {
                    File.Delete(path!);
                    _refusals.Add(e.Message);
                }
            }
        }
        finally
        {
            _uploading = false;
            if (_upload is not null)
            {
                await _upload.ClearAsync();
            }
        }
        await PreviewAsync();
    }

    private async Task RemoveAsync(Uploaded file)
    {
        File.Delete(file.Path);
        _files.Remove(file);
        await PreviewAsync();
    }

    private async Task ColumnChangedAsync(string field, string? column)
    {
        if (column == KeepRule)
        {
            return;
        }
        _draft?.Set(field, string.IsNullOrEmpty(column) ? null : column, Main?.Header ?? []);
        Reparse();
        await PreviewAsync();
    }

    private async Task LoadMappingAsync(IBrowserFile? file)
    {
        if (file is null)
        {
            return;
        }
        using (var reader = new StreamReader(file.OpenReadStream(maxAllowedSize: 1_000_000)))
        {
            var draft = MappingDraft.Read(await reader.ReadToEndAsync(), Path.GetFileName(file.Name), out var problem);
            if (draft is null)
            {
                _mappingErrors = [problem!];
                return;
            }
            _draft = draft;
        }
        if (_mappingUpload is not null)
        {
            await _mappingUpload.ClearAsync();
        }
        if (_draft.Parse(out _) is { } parsed && parsed.Entity != _entity)
        {
            _entity = parsed.Entity;
        }
        Reparse();
        await PreviewAsync();
    }

    private Task SaveMappingAsync() =>
        _draft is null ? Task.CompletedTask : Downloads.SaveAsync(JS, _draft.FileName, "application/json", stream => stream.Write(Encoding.UTF8.GetBytes(_draft.Text)));

    private async Task<ImportRequest?> RequestAsync(bool dryRun, int? previewRows)
    {
        if (_mapping is null || _files.Count == 0)
        {
            return null;
        }
        var by = (await Authentication.GetAuthenticationStateAsync()).User.Identity?.Name;
        return new ImportRequest(_entity, [.. _files.Select(f => f.Path)], _mapping, _draft!.Name, SkipInvalid: _skipInvalid, DryRun: dryRun, By: by, PreviewRows: previewRows);
    }

    private async Task PreviewAsync()
    {
        (_preview, _previewProblem, _check) = (null, null, null);
        if (await RequestAsync(true, PreviewRows) is not { } request)
        {
            return;
        }
        try
        {
            _preview = await Work.ReadAsync(services => new ImportEngine(services.GetRequiredService<Storage.LoudouDbContext>()).RunAsync(request));
        }
        catch (Core.LoudouException e)
        {
            _previewProblem = e.Message;
        }
    }

    /// <summary>Checks every row, writing nothing; cancellable, since a large file takes a while.</summary>
    private async Task DryRunAsync()
    {
        if (await RequestAsync(true, null) is not { } request)
        {
            return;
        }
        _busy = "check";
        _checkStop = new CancellationTokenSource();
        var progress = new Progress<ImportProgress>(p => _ = InvokeAsync(() =>
        {
            _checkProgress = p;
            StateHasChanged();
        }));
        try
        {
            _check = await Work.ReadAsync(services => new ImportEngine(services.GetRequiredService<Storage.LoudouDbContext>(), progress).RunAsync(request, _checkStop.Token));
        }
        catch (OperationCanceledException)
        {
            _check = null;
        }
        catch (Core.LoudouException e)
        {
            _previewProblem = e.Message;
        }
        finally
        {
            (_busy, _checkProgress) = (null, null);
            _checkStop.Dispose();
            _checkStop = null;
        }
    }

    private void StopCheck() => _checkStop?.Cancel();

    /// <summary>Hands the files to a background run; the wizard starts afresh for the next import.</summary>
    private async Task RunAsync()
    {
        if (await RequestAsync(false, null) is not { } request || _folder is null)
        {
            return;
        }
        var (started, busy) = Runs.TryStart(request, _folder, (progress, cancellationToken) =>
            Work.WriteAsync(services => new ImportEngine(services.GetRequiredService<Storage.LoudouDbContext>(), progress).RunAsync(request, cancellationToken), cancellationToken));
        if (started is null)
        {
            _refusals.Clear();
            _refusals.Add(busy is null ? T["Import.BusyUnknown"] : T["Import.Busy", busy.Request.By ?? "?", Files(busy.Request), When(busy.StartedAt)]);
            return;
        }
        _run = started;
        _folder = null;
        _files.Clear();
        (_preview, _check) = (null, null);
    }

    private Task DownloadReportAsync() =>
        _check is null ? Task.CompletedTask : Downloads.SaveAsync(JS, "import-errors.csv", Downloads.Csv, stream =>
        {
            // As the CLI's --errors file: UTF-8 with a byte-order mark, written by the same writer.
            using var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), leaveOpen: true);
            ImportErrorReport.WriteAsync(writer, _check.Issues).GetAwaiter().GetResult();
        });

    private static string Files(ImportRequest request) => string.Join(", ", request.Files.Select(Path.GetFileName));

    private static string When(DateTimeOffset at) => at.ToLocalTime().ToString("g", CultureInfo.CurrentCulture);

    private static string Count(long value) => value.ToString("N0", CultureInfo.CurrentCulture);

    private static string Bytes(long bytes) => bytes < 1_048_576 ? $"{bytes / 1024.0:0.#} KB" : $"{bytes / 1_048_576.0:0.#} MB";

    /// <summary>A field's value in a record the mapping made: the record's property of the field's name, written for a person.</summary>
    private static string? Value(object record, string field)
    {
        if (field == "stage" && record is DealRow deal)
        {
            return string.Join(" → ", deal.Steps.Select(s => s.StageKey + (s.At is { } at ? " " + at.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "")));
        }
        if (ImportFields.CustomKey(field) is { } key && record is DealRow custom)
        {
            return custom.Custom.FirstOrDefault(c => c.Key == key).Value;
        }
        var name = string.Concat(field.Split('.').Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
        return record.GetType().GetProperty(name)?.GetValue(record) switch
        {
            null => null,
            DateTimeOffset at => at.ToString(at.TimeOfDay == TimeSpan.Zero ? "yyyy-MM-dd" : "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
            decimal number => number.ToString("N2", CultureInfo.CurrentCulture),
            IEnumerable<string> list => string.Join(", ", list),
            var other => Convert.ToString(other, CultureInfo.CurrentCulture),
        };
    }

    public void Dispose()
    {
        _timer?.Dispose();
        _checkStop?.Cancel();
        if (_folder is not null)
        {
            try
            {
                Directory.Delete(_folder, recursive: true);
            }
            catch (IOException)
            {
                // A file still open by a check that is stopping; ImportUpload's sweep deletes the folder later.
            }
        }
        GC.SuppressFinalize(this);
    }
}
