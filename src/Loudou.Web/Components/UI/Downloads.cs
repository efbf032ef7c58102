using Loudou.Import.Export;
using Microsoft.JSInterop;

namespace Loudou.Web.Components.UI;

/// <summary>Hands a file made in the circuit (a workbook, a CSV) to the browser as a download, through wwwroot/js/charts.js.</summary>
public static class Downloads
{
    public const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public const string Csv = "text/csv";

    /// <param name="write">Writes the file's bytes; they are held in memory until the browser has them.</param>
    public static async Task SaveAsync(IJSRuntime js, string fileName, string contentType, Action<Stream> write)
    {
        var stream = new MemoryStream();
        write(stream);
        stream.Position = 0;
        // The reference disposes the stream once it is sent.
        using var reference = new DotNetStreamReference(stream);
        await using var module = await js.InvokeAsync<IJSObjectReference>("import", "./js/charts.js");
        await module.InvokeVoidAsync("download", fileName, contentType, reference);
    }

    /// <summary>One table as a download: an .xlsx workbook of one sheet (numbers as numbers) or a CSV, named <paramref name="name"/>.FORMAT.</summary>
    /// <param name="format">"xlsx" or "csv".</param>
    public static Task SaveTableAsync(IJSRuntime js, string name, string format, string sheet, IReadOnlyList<string> header, IEnumerable<object?[]> rows) =>
        SaveAsync(js, $"{name}.{format}", format == "xlsx" ? Xlsx : Csv, stream =>
        {
            if (format == "xlsx")
            {
                ExportFile.WriteXlsx(stream, [(sheet, header, rows)]);
            }
            else
            {
                ExportFile.WriteCsv(stream, header, rows);
            }
        });
}
