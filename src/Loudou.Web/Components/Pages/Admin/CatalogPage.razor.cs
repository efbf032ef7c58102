using System.Globalization;
using Loudou.Core;
using Loudou.Storage.Catalog;
using Loudou.Storage.Records;
using Loudou.Web.Access;
using Loudou.Web.Localization;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Loudou.Web.Components.Pages.Admin;

/// <summary>The admin page of the three catalogues deals refer to: lead channels, loss reasons and tags.</summary>
/// <remarks>Every change goes through <see cref="CatalogStore"/>, as <c>/api/v1/catalog</c> does, so a refusal reads the same on the page and in the API.</remarks>
public sealed partial class CatalogPage
{
    /// <summary>Colours a tag may take on the page (Tableau 10, as the charts use); the API takes any #rrggbb.</summary>
    private static readonly string[] Palette = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"];

    /// <summary>What the colour choice holds for "no colour": a select item needs a value.</summary>
    private const string NoColor = "";

    private IReadOnlyList<CatalogChannel>? _channels;
    private IReadOnlyList<CatalogLossReason>? _reasons;
    private IReadOnlyList<CatalogTag>? _tags;
    private string? _newChannel;
    private string? _newReasonKey, _newReasonZh, _newReasonEn;
    private string? _newTag;
    private string _newTagColor = NoColor;

    /// <summary>The row being renamed ("channel:3", "reason:5", "tag:2") and what its fields hold.</summary>
    private string? _renaming;
    private string? _renameText, _renameZh, _renameEn;

    /// <summary>Errors of the last write, by form ("channel", "reason", "tag", "rename") and field.</summary>
    private Dictionary<(string Form, string Field), string> _errors = [];
    private string? _error;
    private Confirmation? _confirm;
    private bool _busy;

    [Inject] private CallerWork Work { get; set; } = default!;

    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    /// <summary>A change that asks first: its title, its text, and for a merge the entries it may go into.</summary>
    private sealed class Confirmation
    {
        public required string Title { get; init; }

        public required string Text { get; init; }

        public required string Action { get; init; }

        public IReadOnlyList<(int Id, string Name)> Targets { get; init; } = [];

        public int? Into { get; set; }

        public required Func<CatalogStore, int?, Task<WriteResult>> Run { get; init; }

        public required string Done { get; init; }
    }

    protected override async Task OnInitializedAsync()
    {
        if (RendererInfo.IsInteractive)
        {
            await LoadAsync();
        }
    }

    private async Task LoadAsync() =>
        (_channels, _reasons, _tags) = await Work.ReadAsync(async services =>
        {
            var store = services.GetRequiredService<CatalogStore>();
            return (await store.ChannelsAsync(), await store.LossReasonsAsync(), await store.TagsAsync());
        });

    private Task AddChannelAsync() => WriteAsync("channel", s => s.AddChannelAsync(_newChannel), T["Catalog.Added", _newChannel?.Trim() ?? ""], () => _newChannel = null);

    private Task AddReasonAsync() =>
        WriteAsync("reason", s => s.AddLossReasonAsync(_newReasonKey?.Trim(), new LocalizedText(_newReasonZh ?? "", _newReasonEn ?? "")),
            T["Catalog.Added", _newReasonKey?.Trim() ?? ""], () => (_newReasonKey, _newReasonZh, _newReasonEn) = (null, null, null));

    private Task AddTagAsync() =>
        WriteAsync("tag", s => s.AddTagAsync(_newTag, _newTagColor), T["Catalog.Added", _newTag?.Trim() ?? ""], () => (_newTag, _newTagColor) = (null, NoColor));

    private void StartRename(string row, string text, LocalizedText? name = null) =>
        (_renaming, _renameText, _renameZh, _renameEn, _errors) = (row, text, name?.ZhCn, name?.En, []);

    private Task RenameChannelAsync(CatalogChannel channel) =>
        WriteAsync("rename", s => s.RenameChannelAsync(channel.Id, _renameText), T["Catalog.Renamed", _renameText?.Trim() ?? ""], () => _renaming = null);

    private Task RenameReasonAsync(CatalogLossReason reason) =>
        WriteAsync("rename", s => s.ChangeLossReasonAsync(reason.Id, new LossReasonChange(new LocalizedText(_renameZh ?? "", _renameEn ?? ""))),
            T["Catalog.Renamed", reason.Key], () => _renaming = null);

    private Task RenameTagAsync(CatalogTag tag) =>
        WriteAsync("rename", s => s.ChangeTagAsync(tag.Id, new TagChange(Name: _renameText)), T["Catalog.Renamed", _renameText?.Trim() ?? ""], () => _renaming = null);

    private Task RecolorAsync(CatalogTag tag, string color) =>
        WriteAsync("color", s => s.ChangeTagAsync(tag.Id, new TagChange(SetsColor: true, Color: color)), T["Catalog.Recolored", tag.Name], () => { });

    private Task ReactivateAsync(CatalogLossReason reason) =>
        WriteAsync("reason", s => s.ChangeLossReasonAsync(reason.Id, new LossReasonChange(Active: true)), T["Catalog.Reactivated", reason.Key], () => { });

    private void AskRetire(CatalogLossReason reason) => _confirm = new Confirmation
    {
        Title = T["Catalog.RetireTitle", Label(reason)],
        Text = T.Plural("Catalog.RetireText", reason.Deals, reason.Deals.ToString("N0", CultureInfo.CurrentCulture)),
        Action = T["Catalog.Retire"],
        Run = (s, _) => s.ChangeLossReasonAsync(reason.Id, new LossReasonChange(Active: false)),
        Done = T["Catalog.Retired", Label(reason)],
    };

    private void AskMergeChannel(CatalogChannel channel) => _confirm = new Confirmation
    {
        Title = T["Catalog.MergeTitle", channel.Name],
        Text = T.Plural("Catalog.MergeChannelText", channel.Deals, channel.Deals.ToString("N0", CultureInfo.CurrentCulture), channel.CostMonths),
        Action = T["Catalog.Merge"],
        Targets = [.. (_channels ?? []).Where(c => c.Id != channel.Id).Select(c => (c.Id, c.Name))],
        Run = (s, into) => s.MergeChannelAsync(channel.Id, into ?? 0),
        Done = T["Catalog.Merged", channel.Name],
    };

    private void AskMergeTag(CatalogTag tag) => _confirm = new Confirmation
    {
        Title = T["Catalog.MergeTitle", tag.Name],
        Text = T.Plural("Catalog.MergeTagText", tag.Deals, tag.Deals.ToString("N0", CultureInfo.CurrentCulture)),
        Action = T["Catalog.Merge"],
        Targets = [.. (_tags ?? []).Where(t => t.Id != tag.Id).Select(t => (t.Id, t.Name))],
        Run = (s, into) => s.MergeTagAsync(tag.Id, into ?? 0),
        Done = T["Catalog.Merged", tag.Name],
    };

    private void AskDeleteTag(CatalogTag tag) => _confirm = new Confirmation
    {
        Title = T["Catalog.DeleteTitle", tag.Name],
        Text = T["Catalog.DeleteText"],
        Action = T["Catalog.Delete"],
        Run = (s, _) => s.DeleteTagAsync(tag.Id),
        Done = T["Catalog.Deleted", tag.Name],
    };

    private async Task ConfirmAsync()
    {
        if (_confirm is not { } confirm || (confirm.Targets.Count > 0 && confirm.Into is null))
        {
            return;
        }
        _confirm = null;
        await WriteAsync("confirm", s => confirm.Run(s, confirm.Into), confirm.Done, () => { });
    }

    /// <summary>Runs one change; a refusal goes to the form's field it names, or above the tabs; success reloads the lists.</summary>
    private async Task WriteAsync(string form, Func<CatalogStore, Task<WriteResult>> write, string done, Action reset)
    {
        _busy = true;
        try
        {
            var (result, callerChanged) = await Work.TryWriteAsync(services => write(services.GetRequiredService<CatalogStore>()));
            (_errors, _error) = ([], null);
            if (callerChanged || result is null)
            {
                return;
            }
            switch (result.Status)
            {
                case WriteStatus.Done:
                    reset();
                    Snackbar.Add(done, Severity.Success);
                    await LoadAsync();
                    break;
                case WriteStatus.Invalid when form is "channel" or "reason" or "tag" or "rename":
                    _errors = result.Errors!.ToDictionary(e => (form, e.Key.Split('.')[0]), e => string.Join(" ", e.Value));
                    break;
                case WriteStatus.NotFound:
                    _error = T["Catalog.Gone"];
                    await LoadAsync();
                    break;
                default:
                    _error = result.Message ?? string.Join(" ", result.Errors?.SelectMany(e => e.Value) ?? []);
                    break;
            }
        }
        finally
        {
            _busy = false;
        }
    }

    private bool Has(string form, string field) => _errors.ContainsKey((form, field));

    private string? Error(string form, string field) => _errors.GetValueOrDefault((form, field));

    private static string Label(CatalogLossReason reason) => reason.Name.For(CultureInfo.CurrentUICulture.Name) is { Length: > 0 } label ? label : reason.Key;

    private static IEnumerable<string> Colors(string? current) => current is null || Palette.Contains(current) ? Palette : [current, .. Palette];

    private static string DealsLink(string filter, string value) => $"/deals?{filter}={Uri.EscapeDataString(value)}";
}
