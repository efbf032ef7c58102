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
}
