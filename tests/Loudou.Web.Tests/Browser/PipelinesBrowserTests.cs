using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace Loudou.Web.Tests.Browser;

/// <summary>
/// The pipeline editor in real Chromium on the demo workspace: an admin renames a stage, changes a probability and adds an
/// action, and the API reads them back; a probability of 150 % is named at its box; dropping a stage the demo deals are in is
/// refused with the reason and changes nothing; the export is the pipeline's file, and an imported file with an error loads
/// into the form with the error at its box, then saves as a new pipeline. Saves docs/screenshots/admin-pipelines.*.png.
/// </summary>
public class PipelinesBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task An_admin_edits_a_pipeline_in_the_form_and_a_change_that_would_break_history_is_refused()
    {
        var problems = new List<string>();
        var page = await fixture.NewSignedInPageAsync("admin", "en-US", BrowserFixture.Desktop);
        await fixture.GoToAsync(page, "/admin/pipelines");
        await Assertions.Expect(page.Locator("#pipelines td[data-pipeline='default'] [data-default]")).ToHaveCountAsync(1);
        Assert.Equal(BrowserFixture.DemoDeals.ToString(System.Globalization.CultureInfo.InvariantCulture),
            await page.Locator("#pipelines tr", new() { Has = page.Locator("td[data-pipeline='default']") }).Locator("td[data-deals]").GetAttributeAsync("data-deals"));

        var audited = await fixture.CountAsync(Audited);
        await page.GetByRole(AriaRole.Button, new() { Name = "Edit default" }).ClickAsync();
        await page.Locator("#stage-0-name-en").FillAsync("New lead");
        await page.Locator("#stage-0-probability").FillAsync("150");
        await page.Locator("#stage-0-add-action").ClickAsync();
        await page.Locator("#stage-0-action-3-key").FillAsync("qualify-call");
        await page.Locator("#stage-0-action-3-zh").FillAsync("资格确认电话");
        await page.Locator("#stage-0-action-3-en").FillAsync("Qualifying call");
        await page.Locator("#stage-0-action-3-required").Locator("xpath=..").ClickAsync();
        await page.Locator("#pipeline-save").ClickAsync();
        // 150 % is named at its box, in percent, and nothing was saved.
        var probability = page.Locator("#pipeline-form .mud-input-control.mud-input-error", new() { Has = page.Locator("#stage-0-probability") });
        await Assertions.Expect(probability).ToContainTextAsync("percentage from 0 to 100");
        Assert.Equal("Lead acquisition", (string)Stage(await fixture.ApiAsync(page, "/api/v1/pipelines/default"), "lead")["name"]!["en"]!);

        await page.Locator("#stage-0-probability").FillAsync("8");
        await page.Locator("#pipeline-save").ClickAsync();
        await page.Locator("#pipeline-form").WaitForAsync(new() { State = WaitForSelectorState.Detached });
        var lead = Stage(await fixture.ApiAsync(page, "/api/v1/pipelines/default"), "lead");
        Assert.Equal(("New lead", "线索获取", 0.08), ((string)lead["name"]!["en"]!, (string)lead["name"]!["zh-CN"]!, (double)lead["probability"]!));
        var added = lead["actions"]!.AsArray().Last()!;
        Assert.Equal(("qualify-call", "Qualifying call", false), ((string)added["key"]!, (string)added["text"]!["en"]!, (bool)added["required"]!));
        Assert.Equal(audited + 1, await fixture.CountAsync(Audited));

        // Dropping a stage the demo deals are in (or changing its kind) would rewrite history: refused with the reason, nothing changes.
        await page.GetByRole(AriaRole.Button, new() { Name = "Edit default" }).ClickAsync();
        await page.Locator("#stage-0-remove").ClickAsync();
        await page.Locator("#stage-0-name-en").FillAsync("Nurturing, renamed");
        await page.Locator("#pipeline-save").ClickAsync();
        await Assertions.Expect(page.Locator("#pipeline-refused")).ToContainTextAsync("'lead' would be dropped");
        var after = await fixture.ApiAsync(page, "/api/v1/pipelines/default");
        Assert.Equal(7, after["stages"]!.AsArray().Count);
        Assert.Equal("Nurturing", (string)Stage(after, "nurturing")["name"]!["en"]!);
        Assert.Equal(audited + 1, await fixture.CountAsync(Audited));
        await page.Locator("#pipeline-cancel").ClickAsync();

        // The export is the stored pipeline's file.
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Export default" }).ClickAsync());
        Assert.Equal("default.json", download.SuggestedFilename);
        var exported = JsonNode.Parse(await File.ReadAllTextAsync(await download.PathAsync()))!;
        Assert.Equal(("default", true, "New lead"), ((string)exported["key"]!, (bool)exported["default"]!, (string)exported["stages"]![0]!["name"]!["en"]!));

        // An imported file loads into the form with its error at the box its path names; nothing is applied until Save.
        exported["key"] = "enterprise";
        exported["default"] = false;
        exported["name"] = new JsonObject { ["zh-CN"] = "大客户", ["en"] = "Enterprise" };
        exported["stages"]![1]!["probability"] = 35;
        await page.Locator("input[type=file]").SetInputFilesAsync(new FilePayload
        {
            Name = "enterprise.json",
            MimeType = "application/json",
            Buffer = System.Text.Encoding.UTF8.GetBytes(exported.ToJsonString()),
        });
        var imported = page.Locator("#pipeline-form .mud-input-control.mud-input-error", new() { Has = page.Locator("#stage-1-probability") });
        await Assertions.Expect(imported).ToContainTextAsync("was 35");
        Assert.Equal("Enterprise", await page.Locator("#pipeline-name-en").InputValueAsync());
        Assert.Equal(0, await page.Locator("#pipelines td[data-pipeline='enterprise']").CountAsync());
        await page.Locator("#stage-1-probability").FillAsync("35");
        await page.Locator("#pipeline-save").ClickAsync();
        await page.Locator("#pipelines td[data-pipeline='enterprise']").WaitForAsync();
        Assert.Equal(0.35, (double)Stage(await fixture.ApiAsync(page, "/api/v1/pipelines/enterprise"), "nurturing")["probability"]!);

        await page.GetByRole(AriaRole.Button, new() { Name = "Edit default" }).ClickAsync();
        await page.Locator(".mud-snackbar").First.WaitForAsync(new() { State = WaitForSelectorState.Detached });
        await ShellBrowserTests.CheckAsync(page, "admin-pipelines", "en", "desktop", problems);
        await page.Context.CloseAsync();

        var phone = await fixture.NewSignedInPageAsync("admin", "zh-CN", BrowserFixture.Phone);
        await fixture.GoToAsync(phone, "/admin/pipelines");
        await phone.GetByRole(AriaRole.Button, new() { Name = "编辑 default" }).ClickAsync();
        await Assertions.Expect(phone.Locator("#stage-0-name-zh")).ToHaveValueAsync("线索获取");
        await ShellBrowserTests.CheckAsync(phone, "admin-pipelines", "zh-CN", "phone", problems);
        await phone.Context.CloseAsync();
        Assert.Empty(problems);
    }

    private const string Audited = "SELECT count(*) FROM audit_entries WHERE entity_type = 'pipeline'";

    private static JsonNode Stage(JsonNode pipeline, string key) => pipeline["stages"]!.AsArray().Single(s => (string)s!["key"]! == key)!;
}
