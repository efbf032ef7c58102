using System.IO.Compression;
using System.Text;
using Loudou.Web.Imports;

namespace Loudou.Web.Tests.Imports;

/// <summary>Uploads are refused by size and by content before they are read whole, and what is refused leaves nothing on disk.</summary>
public class ImportUploadTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("loudou-upload-");

    private ImportUpload Upload(long max = 1_000_000) => new(new ImportOptions(max, 2 * max, _root.FullName));

    private static Func<long, Stream> Bytes(byte[] bytes) => _ => new MemoryStream(bytes);

    [Fact]
    public async Task A_file_over_the_limit_is_cut_off_even_when_the_browser_reports_it_small()
    {
        var upload = Upload(1000);
        var folder = upload.NewFolder();

        var (path, refusal) = await upload.SaveAsync(folder, "big.csv", 10, Bytes(Encoding.UTF8.GetBytes("a,b\n" + new string('x', 2000))));
        var (_, reported) = await upload.SaveAsync(folder, "big2.csv", 5000, Bytes([]));

        Assert.Null(path);
        Assert.Equal(("TooLarge", "big.csv"), (refusal!.Key, refusal.Args[0]));
        Assert.Equal("TooLarge", reported!.Key);
        Assert.Empty(Directory.GetFiles(folder));
    }

    [Theory]
    [InlineData("deals.xlsx", "external_id,name\n", "NotXlsx")]
    [InlineData("deals.xls", "external_id,name\n", "NotXls")]
    [InlineData("deals.csv", "PK\u0003\u0004rest", "Workbook")]
    [InlineData("deals.csv", "a,b\u0000\u0001", "Binary")]
    [InlineData("deals.pdf", "%PDF", "Extension")]
    [InlineData("deals.csv", "", "Empty")]
    public async Task A_file_whose_bytes_are_not_what_its_name_says_is_refused(string name, string content, string key)
    {
        var upload = Upload();
        var folder = upload.NewFolder();

        var (path, refusal) = await upload.SaveAsync(folder, name, content.Length, Bytes(Encoding.Latin1.GetBytes(content)));

        Assert.Null(path);
        Assert.Equal(key, refusal!.Key);
        Assert.Empty(Directory.GetFiles(folder));
    }

    [Fact]
    public async Task A_workbook_that_would_unzip_past_the_limit_is_refused_from_its_zip_directory()
    {
        var upload = Upload(1_000_000);
        var folder = upload.NewFolder();
        var bomb = new MemoryStream();
        using (var zip = new ZipArchive(bomb, ZipArchiveMode.Create, leaveOpen: true))
        {
            using (var workbook = new StreamWriter(zip.CreateEntry("xl/workbook.xml").Open()))
            {
                workbook.Write("<workbook/>");
            }
            using var sheet = zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.SmallestSize).Open();
            sheet.Write(new byte[10_000_000]);
        }

        var (path, refusal) = await upload.SaveAsync(folder, "bomb.xlsx", bomb.Length, Bytes(bomb.ToArray()));

        Assert.True(bomb.Length < 1_000_000, "the bomb itself is under the upload limit");
        Assert.Null(path);
        Assert.Equal("Unzips", refusal!.Key);
        Assert.Empty(Directory.GetFiles(folder));
    }

    [Fact]
    public async Task A_gb18030_csv_is_kept_under_its_own_name()
    {
        var upload = Upload();
        var folder = upload.NewFolder();
        Loudou.Import.Reading.TextEncodings.Register();
        var bytes = Encoding.GetEncoding("GB18030").GetBytes("编号,名称\nA-1,华为\n");

        var (path, refusal) = await upload.SaveAsync(folder, "商机.csv", bytes.Length, Bytes(bytes));

        Assert.Null(refusal);
        Assert.Equal(Path.Combine(folder, "商机.csv"), path);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(path!));
    }

    public void Dispose()
    {
        _root.Delete(recursive: true);
        GC.SuppressFinalize(this);
    }
}
