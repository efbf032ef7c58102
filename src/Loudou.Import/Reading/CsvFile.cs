using System.Text;
using Loudou.Core.Import;
using nietras.SeparatedValues;

namespace Loudou.Import.Reading;

/// <summary>Delimited text read with Sep: the separator (, ; tab or |) is detected from the header row.</summary>
/// <remarks>
/// Quoted fields may hold separators, doubled quotes and line breaks. A record whose number of
/// cells differs from the header's is reported (a truncated file ends in one), as are bytes that
/// are not valid in the file's encoding; reading stops at either, since what follows can no longer
/// be trusted to line up. Blank lines are skipped.
/// </remarks>
internal sealed class CsvFile : TableFile
{
    private readonly Encoding _encoding;
    private readonly char _separator;

    private CsvFile(string path, IReadOnlyList<string> header, Encoding encoding, char separator)
        : base(path, header)
    {
        _encoding = encoding;
        _separator = separator;
    }

    public static CsvFile Open(string path, Encoding encoding)
    {
        var name = System.IO.Path.GetFileName(path);
        try
        {
            using var text = new StreamReader(path, encoding, detectEncodingFromByteOrderMarks: true);
            using var reader = Sep.Reader(o => o with { Unescape = true, DisableColCountCheck = true }).From(text);
            var header = CheckHeader(name, [.. reader.Header.ColNames]);
            return new CsvFile(path, header, encoding, reader.Spec.Sep.Separator);
        }
        catch (DecoderFallbackException)
        {
            throw new ImportFileException(name, $"row 1: the header is not valid {encoding.WebName} text; name the encoding with --encoding (utf-8 or gb18030).");
        }
        catch (IOException e)
        {
            throw new ImportFileException(name, $"cannot be read: {e.Message}");
        }
    }

    public override string Describe() => $"{Name} (text, '{(_separator == '\t' ? "\\t" : _separator.ToString())}'-separated, {_encoding.WebName})";

    public override IEnumerable<ImportRow> Rows(ICollection<ImportIssue> issues)
    {
        using var text = new StreamReader(Path, _encoding, detectEncodingFromByteOrderMarks: true);
        using var reader = Sep.Reader(o => o with { Sep = new Sep(_separator), Unescape = true, DisableColCountCheck = true }).From(text);
        var number = 1L;
        var width = Header.Count;
        while (true)
        {
            string[]? cells;
            try
            {
                if (!reader.MoveNext())
                {
                    yield break;
                }
                var row = reader.Current;
                cells = new string[row.ColCount];
                for (var i = 0; i < cells.Length; i++)
                {
                    cells[i] = row[i].ToString();
                }
            }
            catch (DecoderFallbackException)
            {
                issues.Add(ImportIssue.Error(Name, number + 1, "", "", $"bytes that are not valid {_encoding.WebName} text at or after this row; name the file's encoding with --encoding (utf-8 or gb18030). Nothing after it was read."));
                yield break;
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
            yield return new ImportRow(Name, number, Columns, cells);
        }
    }
}
