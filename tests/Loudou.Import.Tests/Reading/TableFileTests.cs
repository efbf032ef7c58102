using System.Text;
using Loudou.Core.Import;
using Loudou.Import.Reading;
using Loudou.Import.Tests.Infrastructure;
using MiniExcelLibs;

namespace Loudou.Import.Tests.Reading;

public class TableFileTests
{
    private static List<string[]> Read(string path, TableReadOptions? options = null)
    {
        var file = TableFile.Open(path, options ?? new TableReadOptions());
        var issues = new List<ImportIssue>();
        var rows = file.Rows(issues).Select(r => r.Cells).ToList();
        Assert.Empty(issues);
        return rows;
    }

    [Theory]
    [InlineData(",")]
    [InlineData(";")]
    [InlineData("\t")]
    [InlineData("|")]
    public void Each_separator_is_detected_from_the_header(string separator)
    {
        var path = ImportRun.TempFile("data.txt", $"id{separator}name{separator}note\n1{separator}\"Acme{separator} Inc\"{separator}\"say \"\"hi\"\"\nthere\"\n");

        var rows = Read(path);

        Assert.Equal(["1", $"Acme{separator} Inc", "say \"hi\"\nthere"], Assert.Single(rows));
    }

    [Fact]
    public void A_utf8_byte_order_mark_is_not_part_of_the_first_column_name()
    {
        var path = ImportRun.TempFile("bom.csv", "external_id,name\nB-1,北京\n", new UTF8Encoding(true));

        var file = TableFile.Open(path, new TableReadOptions());

        Assert.Equal(["external_id", "name"], file.Header);
        Assert.Equal("北京", Read(path)[0][1]);
    }

    [Fact]
    public void A_gbk_file_is_detected_and_read_as_gb18030()
    {
        TextEncodings.Register();
        var path = ImportRun.TempFile("gbk.csv", "客户,联系人\n上海浦东发展银行,张伟\n", Encoding.GetEncoding("GBK"));

        var file = TableFile.Open(path, new TableReadOptions());

        Assert.Equal(["客户", "联系人"], file.Header);
        Assert.Equal(["上海浦东发展银行", "张伟"], Read(path)[0]);
        Assert.Contains("gb18030", file.Describe());
    }

    [Fact]
    public void An_xlsx_workbook_is_read_from_its_first_or_its_named_sheet_with_values_not_formulas()
    {
        var path = Path.Combine(Path.GetDirectoryName(ImportRun.TempFile("x", ""))!, "deals.xlsx");
        var sheets = new Dictionary<string, object>
        {
            ["说明"] = new[] { new Dictionary<string, object> { ["note"] = "see the next sheet" } },
            ["商机"] = new[]
            {
                new Dictionary<string, object> { ["external_id"] = "X-1", ["name"] = "=cmd|' /C calc'!A0", ["amount"] = 1234.5, ["created_at"] = new DateTime(2024, 5, 3) },
            },
        };
        MiniExcel.SaveAs(path, sheets);

        var first = TableFile.Open(path, new TableReadOptions());
        var named = TableFile.Open(path, new TableReadOptions(Sheet: "商机"));

        Assert.Equal(["note"], first.Header);
        Assert.Equal(["external_id", "name", "amount", "created_at"], named.Header);
        Assert.Equal(["X-1", "=cmd|' /C calc'!A0", "1234.5", "2024-05-03"], Read(path, new TableReadOptions(Sheet: "商机"))[0]);
    }

    [Fact]
    public void A_sheet_that_does_not_exist_is_refused_naming_the_sheets_there_are()
    {
        var path = Path.Combine(Path.GetDirectoryName(ImportRun.TempFile("x", ""))!, "one.xlsx");
        MiniExcel.SaveAs(path, new[] { new Dictionary<string, object> { ["a"] = 1 } }, sheetName: "Deals");

        var error = Assert.Throws<ImportFileException>(() => TableFile.Open(path, new TableReadOptions(Sheet: "Leads")));

        Assert.Contains("no sheet 'Leads'", error.Message);
        Assert.Contains("'Deals'", error.Message);
    }
}

public class LegacyExcelTests
{
    private static string Legacy => Path.Combine(AppContext.BaseDirectory, "Reading", "Files", "legacy.xls");

    [Fact]
    public void A_legacy_xls_workbook_is_read_with_chinese_text_numbers_and_dates()
    {
        var file = TableFile.Open(Legacy, new TableReadOptions());
        var issues = new List<ImportIssue>();

        var rows = file.Rows(issues).Select(r => r.Cells).ToList();

        Assert.Equal(["external_id", "name", "account", "amount", "created_at", "stage"], file.Header);
        Assert.Equal(["L-1", "华为框架采购", "华为技术有限公司", "1200000.5", "2024-05-03", "lead"], rows[0]);
        Assert.Equal("=cmd|' /C calc'!A0", rows[1][1]);
        Assert.Contains("sheet '商机'", file.Describe());
    }

    [Fact]
    public void A_named_sheet_of_a_legacy_workbook_is_read_and_an_unknown_one_refused()
    {
        Assert.Equal(["note"], TableFile.Open(Legacy, new TableReadOptions(Sheet: "Notes")).Header);

        var error = Assert.Throws<ImportFileException>(() => TableFile.Open(Legacy, new TableReadOptions(Sheet: "Leads")));

        Assert.Contains("'商机', 'Notes'", error.Message);
    }
}
