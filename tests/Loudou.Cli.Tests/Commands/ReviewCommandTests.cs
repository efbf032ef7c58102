using System.Text.Json.Nodes;
using MiniExcelLibs;

namespace Loudou.Cli.Tests.Commands;

/// <summary><c>loudou review</c> over the small demo: the JSON contract, the workbook's sheets and the printable page, and bad input.</summary>
public sealed class ReviewCommandTests(FunnelDemo demo) : IClassFixture<FunnelDemo>
{
    private string Db => demo.Db;

    [Fact]
    public async Task The_json_holds_every_section_and_its_changes_add_up()
    {
        var run = await CliRun.RunAsync("review", "--month", "2026-05", "--as-of", "2026-06-30", "--db", Db);

        Assert.Equal(0, run.ExitCode);
        var review = JsonNode.Parse(run.Output)!.AsObject();
        foreach (var key in new[] { "month", "kpis", "funnel", "bottlenecks", "changes", "ranking", "losses", "targets", "actions" })
        {
            Assert.True(review.ContainsKey(key), key);
        }
        Assert.Equal("2026-05", (string)review["month"]!);
        var winRate = review["changes"]!["winRate"]!;
        var sum = winRate["parts"]!.AsArray().Sum(p => (double)p!["contribution"]!);
        Assert.Equal((double)winRate["to"]! - (double)winRate["from"]!, sum, 12);
        Assert.Equal((double)review["kpis"]!["winRate"]!["value"]!, (double)winRate["to"]!);
    }

    [Fact]
    public async Task The_workbook_has_a_sheet_per_section_with_numbers_as_numbers_and_the_page_is_a_document()
    {
        var folder = Directory.CreateTempSubdirectory("loudou-review-").FullName;
        try
        {
            var xlsx = Path.Combine(folder, "review.xlsx");
            var html = Path.Combine(folder, "review.html");
            Assert.Equal(0, (await CliRun.RunAsync("review", "--month", "2026-05", "--as-of", "2026-06-30", "--format", "xlsx", "--out", xlsx, "--db", Db)).ExitCode);
            Assert.Equal(0, (await CliRun.RunAsync("review", "--month", "2026-05", "--as-of", "2026-06-30", "--format", "html", "--lang", "zh-CN", "--out", html, "--db", Db)).ExitCode);

            Assert.Equal(["KPIs", "Funnel", "Bottlenecks", "Changes", "Ranking", "Channels", "Losses", "Targets", "Actions"], MiniExcel.GetSheetNames(xlsx));
            var kpis = MiniExcel.Query(xlsx, sheetName: "KPIs", useHeaderRow: false).Cast<IDictionary<string, object?>>().ToList();
            Assert.IsType<double>(kpis[1]["B"]);
            var text = await File.ReadAllTextAsync(html);
            Assert.StartsWith("<!DOCTYPE html>", text, StringComparison.Ordinal);
            Assert.Contains("月度复盘 2026-05", text, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData(new[] { "--month", "2026-08" }, "starts after the as-of moment")]
    [InlineData(new[] { "--month", "2020-01" }, "ends before the first deal")]
    [InlineData(new[] { "--month", "2026-5" }, "is not a month like 2026-11")]
    [InlineData(new[] { "--month", "2026-05", "--format", "xlsx" }, "give the file with --out")]
    [InlineData(new[] { "--month", "2026-05", "--format", "pdf" }, "'pdf' not recognized")]
    [InlineData(new[] { "--month", "2026-05", "--team", "Nowhere" }, "team 'Nowhere' does not exist")]
    public async Task Bad_input_gets_one_line_and_a_non_zero_exit(string[] options, string expected)
    {
        var run = await CliRun.RunAsync(["review", .. options, "--as-of", "2026-06-30", "--db", Db]);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains(expected, run.Error, StringComparison.Ordinal);
        Assert.True(run.HasNoTrace);
        Assert.Equal("", run.Output);
    }
}
