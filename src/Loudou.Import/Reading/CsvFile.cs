using System.Text;
using Loudou.Core.Import;
using nietras.SeparatedValues;

namespace Loudou.Import.Reading;

/// <summary>Delimited text read with Sep: the separator (, ; tab or |) is detected from the header row.</summary>
/// <remarks>
/// Quoted fields may hold separators, doubled quotes and line breaks. A record whose number of
/// cells differs from the header's is reported (a truncated file ends in one) and reading stops
/// there, since what follows can no longer be trusted to line up. Bytes that are not valid in the
/// file's encoding are decoded as U+FFFD and reported on their row and column (a genuine U+FFFD in
/// a file is reported the same way). Blank lines are skipped. A cell protected against formula
/// injection (an apostrophe before = + - or @, as Loudou's exports write it) is read without the apostrophe.
/// </remarks>
internal sealed class CsvFile : TableFile
{
    private readonly Func<Stream> _open;
    private readonly Encoding _encoding;
    private readonly char _separator;

    private CsvFile(string path, Func<Stream> open, IReadOnlyList<string> header, Encoding encoding, char separator)
        : base(path, header)
    {
        _open = open;
        _encoding = encoding;
        _separator = separator;
    }

    /// <param name="open">Opens the text at its start: the file, or its decompression (a .csv.gz).</param>
    public static CsvFile Open(string path, Func<Stream> open, Encoding encoding)
    {
        var name = System.IO.Path.GetFileName(path);
        encoding = TextEncodings.Replacing(encoding);
        try
        {
            using var text = new StreamReader(open(), encoding, detectEncodingFromByteOrderMarks: true);
            using var reader = Sep.Reader(o => o with { Unescape = true, DisableColCountCheck = true }).From(text);
            var header = CheckHeader(name, [.. reader.Header.ColNames]);
            if (header.Any(h => h.Contains('\uFFFD', StringComparison.Ordinal)))
            {
                throw new ImportFileException(name, $"row 1: the header holds bytes that are not valid {encoding.WebName} text; name the file's encoding with --encoding (utf-8 or gb18030).");
            }
            return new CsvFile(path, open, header, encoding, reader.Spec.Sep.Separator);
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            throw new ImportFileException(name, $"cannot be read: {e.Message}");
        }
    }

    public override string Describe() => $"{Name} (text, '{(_separator == '\t' ? "\\t" : _separator.ToString())}'-separated, {_encoding.WebName})";

    public override IEnumerable<ImportRow> Rows(ICollection<ImportIssue> issues)
    {
        using var text = new StreamReader(_open(), _encoding, detectEncodingFromByteOrderMarks: true);
        using var reader = Sep.Reader(o => o with { Sep = new Sep(_separator), Unescape = true, DisableColCountCheck = true }).From(text);
        var number = 1L;
        var width = Header.Count;
        while (true)
        {
            string[]? cells;
            try
            {
                cells = Next(reader);
            }
            catch (InvalidDataException e)
            {
                // A .csv.gz whose compressed bytes break partway: what came before was read.
                issues.Add(ImportIssue.Error(Name, number + 1, "", "", $"cannot be decompressed from here on ({e.Message}). Nothing after it was read."));
                yield break;
            }
            if (cells is null)
            {
                break;
            }
            number++;
            if (cells.Length == 1 && cells[0].Length == 0)
            {
                continue;
            }
            if (cells.Length != width && !(cells.Length > width && cells.Skip(width).All(c => c.Length == 0)))
            {
                issues.Add(ImportIssue.Error(Name, number, "", "", $"has {cells.Length} cells where the header has {width} columns (a truncated file, an unclosed quote or a stray separator). Nothing after it was read."));
                yield break;
            }
            var broken = Array.FindIndex(cells, c => c.Contains('\uFFFD', StringComparison.Ordinal));
            if (broken >= 0)
            {
                issues.Add(ImportIssue.Error(Name, number, broken < Header.Count ? Header[broken] : "", cells[broken],
                    $"holds bytes that are not valid {_encoding.WebName} text; name the file's encoding with --encoding (utf-8 or gb18030)"));
                continue;
            }
            yield return new ImportRow(Name, number, Columns, cells);
        }
    }

    /// <summary>The next record's cells; null at the end.</summary>
    private static string[]? Next(SepReader reader)
    {
        if (!reader.MoveNext())
        {
            return null;
        }
        var row = reader.Current;
        var cells = new string[row.ColCount];
        for (var i = 0; i < cells.Length; i++)
        {
            cells[i] = FormulaText.Unprotect(row[i].ToString());
        }
        return cells;
    }
}
