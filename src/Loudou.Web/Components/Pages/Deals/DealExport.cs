using System.Globalization;
using Loudou.Core.Workspace;
using Loudou.Storage.Deals;
using Loudou.Web.Components.UI;
using Loudou.Web.Localization;
using Microsoft.Extensions.Localization;
using Microsoft.JSInterop;

namespace Loudou.Web.Components.Pages.Deals;

/// <summary>Deals as a download, in the lists' columns and order: what the deal list and a drill-down export.</summary>
/// <remarks>Custom values follow in a <c>custom.KEY</c> column per field some deal holds, by key, in their canonical text, as <c>loudou export deals</c> writes them.</remarks>
public static class DealExport
{
    /// <param name="format">"xlsx" or "csv".</param>
    public static Task SaveAsync(IJSRuntime js, IStringLocalizer<Text> t, WorkspaceCalendar? calendar, string format, IReadOnlyList<DealView> deals)
    {
        string[] header =
        [
            t["Drill.Deal"], t["Deal.Account"], t["Deals.Column.Stage"], t["Drill.Amount"], t["Drill.Currency"], t["Deals.Column.Owner"],
            t["Deals.Column.Channel"], t["Deals.Column.Created"], t["Deals.Column.ExpectedClose"], t["Deals.Column.Tags"], "id",
        ];
        var custom = deals.SelectMany(d => d.Custom.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        header = [.. header, .. custom.Select(k => Core.Import.ImportFields.CustomPrefix + k)];
        var rows = deals.Select(d => (object?[])
        [
            d.Name, d.Account, d.StageName.For(CultureInfo.CurrentUICulture.Name), d.Amount, d.Currency, d.OwnerName,
            d.Channel, d.CreatedAt is { } created ? calendar?.DateOf(created).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : null,
            d.ExpectedClose?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), string.Join(", ", d.Tags), d.Id.ToString(CultureInfo.InvariantCulture),
            .. custom.Select(k => d.Custom.TryGetValue(k, out var value) ? value.Text : null),
        ]);
        return Downloads.SaveTableAsync(js, "loudou-deals", format, t["Drill.Sheet"], header, rows);
    }
}
