using System.Text;
using Loudou.Cli;
using Loudou.Import.Reading;
using Loudou.Testing;
using Microsoft.Playwright;

namespace Loudou.Web.Tests.Browser;

/// <summary>The import wizard end to end in Chromium: upload, preset, preview, dry run with its report, and the run in the background.</summary>
public class ImportBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private static readonly string[] MavenFiles = ["sales_pipeline.csv", "accounts.csv", "products.csv", "sales_teams.csv"];

    [DataSetFact("maven-crm")]
    public async Task The_maven_crm_files_preview_check_and_import_with_the_counts_the_database_holds()
    {
        var page = await fixture.NewSignedInPageAsync("admin", "en-US");
        await fixture.GoToAsync(page, "/import");
        await FieldsBrowserTests.ChooseAsync(page, "#import-preset", "Maven CRM (maven-crm)");

        await page.Locator("#import-upload input[type=file]").SetInputFilesAsync(MavenFiles.Select(f => Path.Combine(DataSets.Path("maven-crm"), f)));
        await page.Locator("#import-preview-rows tbody tr").Nth(9).WaitForAsync();

        // The preview reads the first rows as the import will: the won deal's stage path ends in won on its close date.
        Assert.Equal(10, await page.Locator("#import-preview-rows tbody tr").CountAsync());
        Assert.Equal("sales_pipeline.csv", await page.Locator("#import-file-list tr[data-file] b").First.InnerTextAsync());
        Assert.Equal("prospecting → engaging 2016-10-20 → won 2017-03-01", (await page.Locator("#import-preview-rows tr[data-row='2'] td[data-field='stage']").InnerTextAsync()).Trim());
        Assert.Equal(0, await page.Locator("#import-preview-rows tr.import-row-error").CountAsync());

        // The mapping saves as a file the CLI reads, and a changed one loads back: here without the amount.
        var saved = await page.RunAndWaitForDownloadAsync(() => page.Locator("#import-mapping-save").ClickAsync());
        Assert.Equal("maven-crm.json", saved.SuggestedFilename);
        var json = System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(await saved.PathAsync()))!;
        Assert.NotNull(Core.Import.MappingFile.Parse(json.ToJsonString(), out var errors));
        Assert.Empty(errors);
        json["fields"]!.AsObject().Remove("amount");
        await page.Locator("#import-mapping-load input[type=file]").SetInputFilesAsync(new FilePayload
        {
            Name = "no-amount.json",
            MimeType = "application/json",
            Buffer = Encoding.UTF8.GetBytes(json.ToJsonString()),
        });
        await page.Locator("#import-preview-rows tr[data-row='2'] td[data-field='amount']").WaitForAsync(new() { State = WaitForSelectorState.Detached });
        Assert.Contains("no-amount.json", await page.Locator("#import-mapping").InnerTextAsync());

        await page.Locator("#import-check").ClickAsync();
        var check = page.Locator("#import-check-result");
        await check.WaitForAsync();
        Assert.Equal(("8800", "0"), (await check.GetAttributeAsync("data-rows"), await check.GetAttributeAsync("data-errors")));
        var problems = new List<string>();
        await page.EvaluateAsync("() => window.scrollTo(0, 0)");
        await ShellBrowserTests.CheckAsync(page, "import", "en", "desktop", problems);
        Assert.Empty(problems);

        await page.Locator("#import-run").ClickAsync();
        var counts = page.Locator("#import-current[data-state='Written'] .import-counts");
        await counts.WaitForAsync();
        var deals = await fixture.CountAsync("SELECT count(*) FROM deals WHERE source = 'maven-crm'");
        var history = await fixture.CountAsync("SELECT count(*) FROM stage_transitions t JOIN deals d ON d.id = t.deal_id WHERE d.source = 'maven-crm'");
        Assert.Equal((deals.ToString(), history.ToString()), (await counts.GetAttributeAsync("data-created"), await counts.GetAttributeAsync("data-history")));
        Assert.Equal(8800, deals);
        Assert.Equal("/admin/audit?type=import", await page.Locator("#import-current a.import-audit").GetAttributeAsync("href"));
        Assert.Equal(1, await fixture.CountAsync("SELECT count(*) FROM audit_entries WHERE entity_type = 'import' AND entity_id = 'maven-crm'"));

        // The run belongs to the host: a refreshed page lists it among the recent imports.
        await page.ReloadAsync();
        await BrowserFixture.WaitForInteractiveAsync(page);
        await page.Locator("#import-recent td[data-state='Written']").First.WaitForAsync();
    }

    [Fact]
    public async Task A_gb18030_file_with_errors_gets_the_clis_report_and_imports_nothing()
    {
        TextEncodings.Register();
        var folder = Directory.CreateTempSubdirectory("loudou-wizard-");
        var path = Path.Combine(folder.FullName, "商机.csv");
        await File.WriteAllTextAsync(path, "external_id,name,amount,created_at,stage\n" +
            "GB-1,华为框架采购,\"¥1,200,000\",2024年5月3日,线索获取\n" +
            "GB-2,腾讯云迁移,很多,2024/5/6,won\n" +
            "GB-3,比亚迪车队,12.5万,2024-13-45,不存在的阶段\n" +
            "GB-1,重复编号,1,2024-05-07,won\n", Encoding.GetEncoding("GB18030"));
        var before = await fixture.CountAsync("SELECT count(*) FROM deals");
        var page = await fixture.NewSignedInPageAsync("admin", "zh-CN", BrowserFixture.Phone);
        await fixture.GoToAsync(page, "/import");

        await page.Locator("#import-upload input[type=file]").SetInputFilesAsync(path);
        await page.Locator("#import-preview-rows tr.import-row-error").First.WaitForAsync();
        Assert.Contains("很多", await page.Locator("#import-preview-rows tr[data-row='3'] td[data-field='amount']").InnerTextAsync());
        await page.Locator("#import-check").ClickAsync();
        await page.Locator("#import-issues").WaitForAsync();
        await page.Locator("#import-check-result").ScrollIntoViewIfNeededAsync();
        var problems = new List<string>();
        await ShellBrowserTests.CheckAsync(page, "import", "zh-CN", "phone", problems);
        Assert.Empty(problems);

        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#import-report").ClickAsync());
        var web = await File.ReadAllBytesAsync(await download.PathAsync());
        var cliReport = Path.Combine(folder.FullName, "cli-errors.csv");
        var code = await LoudouCli.RunAsync(["import", "deals", path, "--dry-run", "--errors", cliReport, "--db", "sqlite:" + fixture.Target.SqlitePath], TextWriter.Null, TextWriter.Null);
        Assert.Equal(1, code);
        Assert.Equal(Encoding.UTF8.GetString(await File.ReadAllBytesAsync(cliReport)), Encoding.UTF8.GetString(web));
        Assert.True(web.Length > 200 && web[0] == 0xEF, "the report is UTF-8 with a byte-order mark and lists the errors");

        // With errors and without "skip rows with errors" nothing is written.
        await page.Locator("#import-run").ClickAsync();
        await page.Locator("#import-current[data-state='NothingWritten']").WaitForAsync();
        Assert.Equal(before, await fixture.CountAsync("SELECT count(*) FROM deals"));
        folder.Delete(recursive: true);
    }

    [Fact]
    public async Task A_file_that_is_not_what_its_name_says_is_refused_with_the_reason()
    {
        var page = await fixture.NewSignedInPageAsync("admin", "en-US");
        await fixture.GoToAsync(page, "/import");

        await page.Locator("#import-upload input[type=file]").SetInputFilesAsync(new[]
        {
            new FilePayload { Name = "deals.xlsx", MimeType = "application/octet-stream", Buffer = Encoding.UTF8.GetBytes("external_id,name\n1,a\n") },
            new FilePayload { Name = "deals.csv", MimeType = "text/csv", Buffer = [0x00, 0x01, 0x02, 0x03, 0x41, 0x00] },
        });

        var refusals = page.Locator(".import-refusal");
        await refusals.Nth(1).WaitForAsync();
        Assert.Contains("deals.xlsx: named .xlsx but not an Excel workbook", await refusals.Nth(0).InnerTextAsync());
        Assert.Contains("deals.csv: named .csv but is not text", await refusals.Nth(1).InnerTextAsync());
        Assert.Equal(0, await page.Locator("#import-file-list").CountAsync());

        // Imports write across the whole workspace: the page is for admins only.
        var rep = await fixture.NewSignedInPageAsync(Core.Demo.DemoCast.StarRep, "en-US");
        await rep.GotoAsync(fixture.Address + "/import");
        await rep.WaitForURLAsync("**/forbidden");
    }
}
