using Loudou.Storage;
using Loudou.Storage.Tests.Infrastructure;

namespace Loudou.Cli.Tests.Commands;

public sealed class ExportCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("loudou-cli-export-").FullName;

    [Fact]
    public async Task Deals_export_with_a_filter_and_import_reads_it_back_into_another_workspace()
    {
        await using var source = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var target = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var input = Write("in.csv", "external_id,name,stage,amount,created_at,stage_date\nE-1,+86 138 0000 0000,lead,100,2024-05-03,\nE-2,Won one,won,5,2024-05-03,2024-06-01\n");
        var file = Path.Combine(_directory, "won.csv");

        var import = await CliRun.RunAsync("import", "deals", input, "--db", Db(source));
        var export = await CliRun.RunAsync("export", "deals", "--out", file, "--where", "stage=lead", "--db", Db(source));
        var back = await CliRun.RunAsync("import", "deals", file, "--db", Db(target));

        Assert.Equal((0, 0, 0), (import.ExitCode, export.ExitCode, back.ExitCode));
        Assert.Equal("won.csv: 1 deals rows written (csv, headers in en).\n", export.Output.ReplaceLineEndings("\n"));
        Assert.Contains("E-1,'+86 138 0000 0000,default,lead,,,,100,", File.ReadAllText(file));
        Assert.Contains("1 rows, 1 created", back.Output);
    }

    [Fact]
    public async Task The_funnel_exports_to_a_workbook_with_chinese_headers()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var demo = await CliRun.RunAsync("demo", "--deals", "300", "--as-of", "2026-11-25", "--db", Db(database));
        var file = Path.Combine(_directory, "funnel.xlsx");

        var run = await CliRun.RunAsync("export", "funnel", "--out", file, "--by", "channel", "--lang", "zh-CN", "--as-of", "2026-11-25", "--db", Db(database));

        Assert.Equal((0, 0), (demo.ExitCode, run.ExitCode));
        var rows = MiniExcelLibs.MiniExcel.Query(file, useHeaderRow: false).Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(["分组", "阶段", "名称", "进入"], rows[0].Values.Take(4).Select(v => v?.ToString()));
        Assert.Equal(["", "lead", "线索获取"], rows[1].Values.Take(3).Select(v => v?.ToString() ?? ""));
    }

    [Theory]
    [InlineData("deals.txt", "name a .csv or .xlsx file")]
    [InlineData("deals.csv --where nothing=1", "'nothing' is not a column of this export")]
    public async Task A_bad_file_name_or_filter_is_a_user_error_without_a_trace(string arguments, string message)
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var words = arguments.Split(' ');

        var run = await CliRun.RunAsync(["export", "deals", "--out", Path.Combine(_directory, words[0]), .. words[1..], "--db", Db(database)]);

        Assert.Equal(1, run.ExitCode);
        Assert.True(run.HasNoTrace);
        Assert.Contains(message, run.Error);
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, content);
        return path;
    }

    private static string Db(TestDatabase database) => "sqlite:" + database.Target.SqlitePath;

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
