using System.IO.Compression;

namespace Loudou.Web.Imports;

/// <summary>Streams uploaded files to a folder of their own on disk, refusing what is too large or not what its name says before it is all read.</summary>
/// <remarks>
/// A file is never held in memory whole: it is copied in chunks, and the first chunk already
/// decides whether the bytes match the extension (an .xlsx is a zip, an .xls an OLE2 compound file,
/// a text file has no NUL bytes). The size is counted as the bytes arrive, so a browser that
/// reports a small size and sends more is cut off at the limit. An .xlsx is further checked by its
/// zip directory, which says how large each part unzips to without unzipping it.
/// </remarks>
public sealed class ImportUpload(ImportOptions options)
{
    /// <summary>The extensions the engine reads (docs/import.md).</summary>
    public static readonly IReadOnlyList<string> Extensions = [".csv", ".tsv", ".txt", ".xlsx", ".xls"];

    /// <summary>A new empty folder for one wizard's files.</summary>
    public string NewFolder()
    {
        Sweep();
        var folder = Path.Combine(options.Folder, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return folder;
    }

    /// <summary>Deletes folders left by a host that stopped or a page whose files were still open when it closed.</summary>
    /// <remarks>Two days untouched: no wizard or import keeps a folder that long.</remarks>
    private void Sweep()
    {
        if (!Directory.Exists(options.Folder))
        {
            return;
        }
        foreach (var stale in new DirectoryInfo(options.Folder).EnumerateDirectories().Where(d => d.LastWriteTimeUtc < DateTime.UtcNow.AddDays(-2)))
        {
            try
            {
                stale.Delete(recursive: true);
            }
            catch (IOException)
            {
                // In use after all; the next sweep tries again.
            }
        }
    }

    /// <summary>Copies one upload into <paramref name="folder"/> under its own name.</summary>
    /// <returns>The path written, or the reason it was refused (and nothing is left on disk).</returns>
    public async Task<(string? Path, UploadRefusal? Refusal)> SaveAsync(string folder, string fileName, long reportedSize, Func<long, Stream> open, CancellationToken cancellationToken = default)
    {
        var name = Path.GetFileName(fileName);
        var extension = Path.GetExtension(name).ToLowerInvariant();
        if (name.Length == 0 || name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0)
        {
            return (null, new("BadName", fileName));
        }
        if (!Extensions.Contains(extension))
        {
            return (null, new("Extension", name, string.Join(" ", Extensions)));
        }
        if (reportedSize > options.MaxUploadBytes)
        {
            return (null, new("TooLarge", name, Megabytes(options.MaxUploadBytes)));
        }
        var path = Path.Combine(folder, name);
        if (File.Exists(path))
        {
            return (null, new("Twice", name));
        }
        var refusal = await CopyAsync(path, name, extension, open, cancellationToken);
        refusal ??= extension == ".xlsx" ? CheckWorkbook(path, name) : null;
        if (refusal is not null)
        {
            File.Delete(path);
            return (null, refusal);
        }
        return (path, null);
    }

    private async Task<UploadRefusal?> CopyAsync(string path, string name, string extension, Func<long, Stream> open, CancellationToken cancellationToken)
    {
        // One byte over the limit is allowed through the browser's stream so that an over-size file is told apart from one exactly at it.
        await using var source = open(options.MaxUploadBytes + 1);
        await using var target = File.Create(path);
        var buffer = new byte[81920];
        long total = 0;
        var first = true;
        while (true)
        {
            var read = await source.ReadAtLeastAsync(buffer, first ? buffer.Length : 1, throwOnEndOfStream: false, cancellationToken);
            if (read == 0)
            {
                break;
            }
            if (first && Mismatch(name, extension, buffer.AsSpan(0, read)) is { } mismatch)
            {
                return mismatch;
            }
            first = false;
            total += read;
            if (total > options.MaxUploadBytes)
            {
                return new("TooLarge", name, Megabytes(options.MaxUploadBytes));
            }
            await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }
        return first ? new("Empty", name) : null;
    }

    /// <summary>Why the first bytes are not what the extension says; null when they are.</summary>
    internal static UploadRefusal? Mismatch(string name, string extension, ReadOnlySpan<byte> head)
    {
        var zip = head is [0x50, 0x4B, 0x03, 0x04, ..];
        var ole = head is [0xD0, 0xCF, 0x11, 0xE0, ..];
        return extension switch
        {
            ".xlsx" when !zip => new("NotXlsx", name),
            ".xls" when !ole => new("NotXls", name),
            ".csv" or ".tsv" or ".txt" when zip || ole => new("Workbook", name, extension),
            ".csv" or ".tsv" or ".txt" when head is not [0xFF, 0xFE, ..] and not [0xFE, 0xFF, ..] && head.Contains((byte)0) =>
                new("Binary", name, extension),
            _ => null,
        };
    }

    /// <summary>Refuses a workbook whose parts would unzip to more than the limit, or that is not a workbook at all.</summary>
    private UploadRefusal? CheckWorkbook(string path, string name)
    {
        try
        {
            using var zip = ZipFile.OpenRead(path);
            if (zip.GetEntry("xl/workbook.xml") is null)
            {
                return new("NotXlsx", name);
            }
            var unzipped = zip.Entries.Sum(e => e.Length);
            if (unzipped > options.MaxWorkbookBytes)
            {
                return new("Unzips", name, Megabytes(unzipped), Megabytes(options.MaxWorkbookBytes));
            }
            return null;
        }
        catch (InvalidDataException e)
        {
            return new("NotXlsx", name, e.Message);
        }
    }

    private static string Megabytes(long bytes) => $"{bytes / 1048576.0:0.#} MB";
}

/// <summary>Why an upload was refused: a resource key under <c>Import.Refused.</c> and its arguments (the file's name first), so the page says it in its language.</summary>
public sealed record UploadRefusal(string Key, params object[] Args);
