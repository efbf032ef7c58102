using System.Globalization;
using System.Text;
using Loudou.Core.Import;
using MiniExcelLibs;

namespace Loudou.Import.Export;

/// <summary>Writes an <see cref="ExportTable"/> as CSV or .xlsx, with the header in a language.</summary>
/// <remarks>
/// CSV is UTF-8 with a byte-order mark (Chinese Excel reads a file without one as GBK), RFC 4180
/// quoting and CRLF line ends; a cell that a spreadsheet would run as a formula is written after an
/// apostrophe (<see cref="FormulaText"/>), which the importer removes again. A workbook holds text
/// as text cells, which Excel never evaluates, so its cells are written exactly; amounts are
/// number cells.
/// </remarks>
public static class ExportFile
{
    /// <summary>csv or xlsx from a file name's extension; null for any other.</summary>
    public static string? FormatOf(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".csv" => "csv",
        ".xlsx" => "xlsx",
        _ => null,
    };

    /// <returns>The number of rows written.</returns>
    public static long Write(string path, string format, ExportTable table, string language, string sheet)
    {
        var header = table.Columns.Select(c => Header(c, language)).ToList();
        return format == "xlsx" ? WriteXlsx(path, header, table.Rows, sheet) : WriteCsv(path, header, table.Rows);
    }

    /// <summary>A column's header in a language: the generic format's names, and the funnel report's.</summary>
    public static string Header(string key, string language) =>
        language == "zh-CN" && ReportHeaders.TryGetValue(key, out var zh) ? zh : GenericColumns.Header(key, language);

    private static readonly Dictionary<string, string> ReportHeaders = new(StringComparer.Ordinal)
    {
        ["group"] = "分组",
        ["entered"] = "进入",
        ["advanced"] = "推进",
        ["lost"] = "流失",
        ["open"] = "在途",
        ["conversion"] = "转化率",
        ["ci_low"] = "置信下限",
        ["ci_high"] = "置信上限",
        ["cumulative"] = "累计转化率",
        ["too_few"] = "样本过少",
        ["median_days"] = "停留天数中位数",
        ["p90_days"] = "停留天数P90",
        ["naive_median_days"] = "朴素中位数",
        ["naive_p90_days"] = "朴素P90",
    };

    /// <summary>A cell as the text CSV and filters see: numbers in invariant form without trailing zeros.</summary>
    public static string Text(object? cell) => cell switch
    {
        null => "",
        string s => s,
        decimal d => d.ToString("0.############", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => cell.ToString() ?? "",
    };

    /// <summary>A table as CSV into a stream (a download), as <see cref="Write"/> writes a file; the stream stays open.</summary>
    public static long WriteCsv(Stream stream, IReadOnlyList<string> header, IEnumerable<object?[]> rows)
    {
        using var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), 1 << 16, leaveOpen: true);
        return WriteCsv(writer, header, rows);
    }

    /// <summary>Several tables as one workbook, one sheet each in order, headers as given and numbers as number cells.</summary>
    public static void WriteXlsx(Stream stream, IReadOnlyList<(string Sheet, IReadOnlyList<string> Header, IEnumerable<object?[]> Rows)> sheets)
    {
        var workbook = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var (sheet, header, rows) in sheets)
        {
            workbook[sheet] = Records(header, rows, () => { });
        }
        MiniExcel.SaveAs(stream, workbook, printHeader: false, excelType: ExcelType.XLSX);
    }

    private static long WriteCsv(string path, IReadOnlyList<string> header, IEnumerable<object?[]> rows)
    {
        using var writer = new StreamWriter(path, false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), 1 << 16);
        return WriteCsv(writer, header, rows);
    }

    private static long WriteCsv(TextWriter writer, IReadOnlyList<string> header, IEnumerable<object?[]> rows)
    {
        WriteCsvRow(writer, header);
        var count = 0L;
        foreach (var row in rows)
        {
            WriteCsvRow(writer, row.Select(c => c is string s ? FormulaText.Protect(s) : Text(c)).ToList());
            count++;
        }
        return count;
    }

    private static void WriteCsvRow(TextWriter writer, IReadOnlyList<string> fields) => writer.Write(CsvText.Row(fields));

    private static long WriteXlsx(string path, IReadOnlyList<string> header, IEnumerable<object?[]> rows, string sheet)
    {
        var count = 0L;
        MiniExcel.SaveAs(path, Records(header, rows, () => count++), printHeader: false, sheetName: sheet, excelType: ExcelType.XLSX, overwriteFile: true);
        return count;
    }

    /// <summary>A sheet's records with the header as the first, so that a table without rows still has one
    /// (MiniExcel takes its header from the first record's keys, and an empty table has none).</summary>
    private static IEnumerable<Dictionary<string, object?>> Records(IReadOnlyList<string> header, IEnumerable<object?[]> rows, Action counted)
    {
        var keys = header.Select((_, i) => "c" + i.ToString(CultureInfo.InvariantCulture)).ToArray();
        yield return Record(header.ToArray<object?>());
        foreach (var row in rows)
        {
            counted();
            yield return Record(row);
        }
        Dictionary<string, object?> Record(object?[] cells)
        {
            var record = new Dictionary<string, object?>(keys.Length, StringComparer.Ordinal);
            for (var i = 0; i < keys.Length; i++)
            {
                record[keys[i]] = cells[i];
            }
            return record;
        }
    }
}
