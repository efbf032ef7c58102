using ExcelDataReader;
using Loudou.Core.Import;

namespace Loudou.Import.Reading;

/// <summary>A legacy .xls workbook (Excel 97-2003) read with ExcelDataReader: the first sheet unless one is named.</summary>
internal sealed class XlsFile : TableFile
{
    private readonly string _sheet;

    private XlsFile(string path, IReadOnlyList<string> header, string sheet)
        : base(path, header) => _sheet = sheet;

    public static XlsFile Open(string path, string? sheet)
    {
        TextEncodings.Register();
        var name = System.IO.Path.GetFileName(path);
        try
        {
            using var stream = File.OpenRead(path);
            using var reader = ExcelReaderFactory.CreateBinaryReader(stream);
            var names = new List<string>();
            do
            {
                names.Add(reader.Name);
            }
            while (reader.NextResult());
            var chosen = sheet ?? names.FirstOrDefault() ?? throw new ImportFileException(name, "has no sheet.");
            if (!names.Contains(chosen))
            {
                throw new ImportFileException(name, $"has no sheet '{sheet}'; it has {string.Join(", ", names.Select(s => $"'{s}'"))}.");
            }
            var header = Read(path, chosen).FirstOrDefault() ?? throw new ImportFileException(name, $"sheet '{chosen}' is empty; it needs a header row.");
            return new XlsFile(path, CheckHeader(name, header), chosen);
        }
        catch (Exception e) when (e is not ImportFileException and (IOException or InvalidDataException or NotSupportedException or ExcelDataReader.Exceptions.ExcelReaderException))
        {
            throw new ImportFileException(name, $"is not a readable .xls workbook: {e.Message}");
        }
    }

    public override string Describe() => $"{Name} (.xls, sheet '{_sheet}')";

    public override IEnumerable<ImportRow> Rows(ICollection<ImportIssue> issues)
    {
        var number = 0L;
        foreach (var cells in Read(Path, _sheet))
        {
            number++;
            if (number == 1 || cells.All(c => c.Length == 0))
            {
                continue;
            }
            yield return new ImportRow(Name, number, Columns, cells);
        }
    }

    private static IEnumerable<string[]> Read(string path, string sheet)
    {
        using var stream = File.OpenRead(path);
        using var reader = ExcelReaderFactory.CreateBinaryReader(stream);
        while (reader.Name != sheet)
        {
            if (!reader.NextResult())
            {
                yield break;
            }
        }
        while (reader.Read())
        {
            var cells = new string[reader.FieldCount];
            for (var i = 0; i < cells.Length; i++)
            {
                cells[i] = ExcelCells.Text(reader.GetValue(i));
            }
            yield return cells;
        }
    }
}
