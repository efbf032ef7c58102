namespace Loudou.Web.Imports;

/// <summary>Settings of the import page, under <c>Loudou:Import</c>.</summary>
/// <param name="MaxUploadBytes">Loudou:Import:MaxUploadBytes: the largest file an admin may upload (200 MB by default, about a million deal rows of CSV).</param>
/// <param name="MaxWorkbookBytes">Loudou:Import:MaxWorkbookBytes: the most an .xlsx may hold once unzipped; a "zip bomb" that would fill memory is refused before it is read.</param>
/// <param name="Folder">Loudou:Import:Folder: where uploads are kept while they are imported; default data/imports under the host's content root.</param>
public sealed record ImportOptions(long MaxUploadBytes, long MaxWorkbookBytes, string Folder)
{
    public const long DefaultMaxUploadBytes = 200L * 1024 * 1024;

    public static ImportOptions FromConfiguration(IConfiguration configuration, string contentRoot)
    {
        var max = Math.Max(1, configuration.GetValue("Loudou:Import:MaxUploadBytes", DefaultMaxUploadBytes));
        var folder = configuration.GetValue<string>("Loudou:Import:Folder") is { Length: > 0 } configured ? configured : Path.Combine("data", "imports");
        return new(max, Math.Max(max, configuration.GetValue("Loudou:Import:MaxWorkbookBytes", 8 * max)), Path.GetFullPath(folder, contentRoot));
    }
}
