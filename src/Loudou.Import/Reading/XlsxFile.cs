using Loudou.Core.Import;
using MiniExcelLibs;

namespace Loudou.Import.Reading;

/// <summary>An .xlsx workbook read with MiniExcel, streaming: the first sheet unless one is named.</summary>
internal sealed class XlsxFile : TableFile
{
    private readonly string _sheet;

    private XlsxFile(string path, IReadOnlyList<string> header, string sheet)
        : base(path, header) => _sheet = sheet;

    public static XlsxFile Open(string path, string? sheet)
    {
        var name = System.IO.Path.GetFileName(path);
        try
        {
            var sheets = MiniExcel.GetSheetNames(path);
            var chosen = sheet ?? sheets.FirstOrDefault() ?? throw new ImportFileException(name, "has no sheet.");
            if (!sheets.Contains(chosen))
            {
                throw new ImportFileException(name, $"has no sheet '{sheet}'; it has {string.Join(", ", sheets.Select(s => $"'{s}'"))}.");
            }
            var first = MiniExcel.Query(path, useHeaderRow: false, sheetName: chosen, excelType: ExcelType.XLSX).Cast<IDictionary<string, object?>>().FirstOrDefault()
                ?? throw new ImportFileException(name, $"sheet '{chosen}' is empty; it needs a header row.");
            return new XlsxFile(path, CheckHeader(name, [.. first.Values.Select(ExcelCells.Text)]), chosen);
        }
        catch (Exception e) when (e is not ImportFileException and (IOException or InvalidDataException or InvalidOperationException or System.Xml.XmlException or NotSupportedException))
        {
            throw new ImportFileException(name, $"is not a readable .xlsx workbook: {e.Message}");
        }
    }

    public override string Describe() => $"{Name} (.xlsx, sheet '{_sheet}')";

    public override IEnumerable<ImportRow> Rows(ICollection<ImportIssue> issues)
    {
        var number = 0L;
        foreach (IDictionary<string, object?> row in MiniExcel.Query(Path, useHeaderRow: false, sheetName: _sheet, excelType: ExcelType.XLSX))
        {
            number++;
            if (number == 1)
            {
                continue;
            }
            var cells = row.Values.Take(Header.Count).Select(ExcelCells.Text).ToArray();
            if (cells.All(c => c.Length == 0))
            {
                continue;
            }
            yield return new ImportRow(Name, number, Columns, cells);
        }
    }
}
