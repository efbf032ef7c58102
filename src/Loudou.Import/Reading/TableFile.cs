using System.IO.Compression;
using System.Text;
using Loudou.Core.Import;

namespace Loudou.Import.Reading;

/// <summary>What a reader needs to know beyond the file: the encoding to force and the sheet to read.</summary>
public sealed record TableReadOptions(string? Encoding = null, string? Sheet = null);

/// <summary>A file of rows under a header row: CSV/TSV text, .xlsx or .xls.</summary>
/// <remarks>
/// The header is read when the file is opened; <see cref="Rows"/> reads the records from the start
/// each time it is called, so an import can check every row and then write without holding the
/// file in memory. The kind of file is told from its first bytes, not its name. Text compressed
/// with gzip (<c>.csv.gz</c>) is decompressed as a stream on each reading, never to disk or memory.
/// </remarks>
public abstract class TableFile
{
    protected TableFile(string path, IReadOnlyList<string> header)
    {
        Path = path;
        Name = System.IO.Path.GetFileName(path);
        Header = header;
        _columns = header.Select((h, i) => (h, i)).GroupBy(x => x.h, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().i, StringComparer.Ordinal);
    }

    private readonly Dictionary<string, int> _columns;

    public string Path { get; }

    public string Name { get; }

    public IReadOnlyList<string> Header { get; }

    /// <summary>Column index by header name (the first, when a name repeats).</summary>
    public IReadOnlyDictionary<string, int> Columns => _columns;

    /// <summary>Lets a column also be found under a second name, such as the English key of a Chinese header; a name the header has already is kept.</summary>
    public void AddAliases(Func<string, string?> alias)
    {
        foreach (var (header, index) in _columns.ToList())
        {
            if (alias(header) is { } other)
            {
                _columns.TryAdd(other, index);
            }
        }
    }

    /// <summary>A file-level description for messages, such as "CSV, ';'-separated, GB18030".</summary>
    public abstract string Describe();

    /// <summary>Reads the records; a problem that stops reading (bad bytes, a broken row) goes to <paramref name="issues"/> and ends the rows.</summary>
    public abstract IEnumerable<ImportRow> Rows(ICollection<ImportIssue> issues);

    /// <summary>Opens a file and reads its header.</summary>
    /// <exception cref="ImportFileException">The file is missing, unreadable, empty or of a kind Loudou does not read.</exception>
    public static TableFile Open(string path, TableReadOptions options)
    {
        var name = System.IO.Path.GetFileName(path);
        if (Directory.Exists(path))
        {
            throw new ImportFileException(name, "is a directory, not a file.");
        }
        if (!File.Exists(path))
        {
            throw new ImportFileException(name, "no such file.");
        }
        byte[] head;
        try
        {
            using var stream = File.OpenRead(path);
            head = new byte[8192];
            head = head[..stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false)];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ImportFileException(name, $"cannot be read: {e.Message}");
        }
        if (head.Length == 0)
        {
            throw new ImportFileException(name, "is empty; a file needs a header row.");
        }
        var gzip = head is [0x1F, 0x8B, ..];
        if (gzip != name.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) && name.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
        {
            throw new ImportFileException(name, "is named .gz but is not gzip-compressed; rename it, or compress it with gzip.");
        }
        Func<Stream> open = gzip ? () => new GZipStream(File.OpenRead(path), CompressionMode.Decompress) : () => File.OpenRead(path);
        if (gzip)
        {
            head = ReadHead(name, open);
            if (head.Length == 0)
            {
                throw new ImportFileException(name, "holds an empty file; a file needs a header row.");
            }
            if (head is [0x50, 0x4B, 0x03, 0x04, ..] or [0xD0, 0xCF, 0x11, 0xE0, ..])
            {
                throw new ImportFileException(name, "holds a compressed Excel workbook; import the workbook itself (.xlsx or .xls), which needs no gzip.");
            }
        }
        if (head is [0x50, 0x4B, 0x03, 0x04, ..])
        {
            return XlsxFile.Open(path, options.Sheet);
        }
        if (head is [0xD0, 0xCF, 0x11, 0xE0, ..])
        {
            return XlsFile.Open(path, options.Sheet);
        }
        if (options.Sheet is not null)
        {
            throw new ImportFileException(name, "--sheet is for Excel files, and this is a text file.");
        }
        Encoding encoding;
        if (options.Encoding is not null)
        {
            encoding = TextEncodings.Named(options.Encoding)
                ?? throw new ImportFileException(name, $"--encoding '{options.Encoding}' is not an encoding this system knows (use utf-8 or gb18030).");
        }
        else
        {
            var utf16 = head is [0xFF, 0xFE, ..] or [0xFE, 0xFF, ..];
            if (!utf16 && head.Contains((byte)0))
            {
                throw new ImportFileException(name, "is not a text file (it holds binary bytes); import CSV/TSV text, .xlsx or .xls.");
            }
            encoding = TextEncodings.Detect(open, out _);
        }
        return CsvFile.Open(path, open, encoding);
    }

    /// <summary>The first 8 KiB of a compressed file's text, to tell what it holds.</summary>
    private static byte[] ReadHead(string name, Func<Stream> open)
    {
        try
        {
            using var stream = open();
            var head = new byte[8192];
            return head[..stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false)];
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            throw new ImportFileException(name, $"cannot be decompressed: {e.Message}");
        }
    }

    /// <summary>Checks a header: no blank or repeated names.</summary>
    protected static IReadOnlyList<string> CheckHeader(string name, IReadOnlyList<string> header)
    {
        var cleaned = header.Select(h => h.Trim().Trim('\uFEFF')).ToList();
        while (cleaned.Count > 0 && cleaned[^1].Length == 0)
        {
            cleaned.RemoveAt(cleaned.Count - 1);
        }
        if (cleaned.Count == 0)
        {
            throw new ImportFileException(name, "has an empty header row; the first row must name the columns.");
        }
        var repeated = cleaned.Where(h => h.Length > 0).GroupBy(h => h, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => $"'{g.Key}'").ToList();
        if (repeated.Count > 0)
        {
            throw new ImportFileException(name, $"row 1: the header names {string.Join(", ", repeated)} more than once.");
        }
        return cleaned;
    }
}

/// <summary>A file that cannot be read as a table at all.</summary>
public sealed class ImportFileException(string file, string message) : Core.LoudouException($"{file}: {message}")
{
    public string File { get; } = file;

    public string Reason { get; } = message;
}
