using Microsoft.Playwright;

namespace Loudou.Web.Tests.Browser;

/// <summary>
/// The catalogue page in real Chromium on the demo workspace: an admin adds a channel and renames one that deals came from
/// (the funnel's channel breakdown then shows the new name), retires a loss reason after the confirmation, and adds and
/// recolours a tag; the API reads what the page wrote. Saves docs/screenshots/admin-catalog.en.desktop.png and admin-catalog.zh-CN.phone.png.
/// </summary>
public class CatalogBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private const string Partners = "合作伙伴 Partners";
    private const string Renamed = "合作伙伴 Channel partners";

    [Fact]
    public async Task An_admin_adds_and_renames_channels_retires_a_loss_reason_and_recolours_a_tag()
    {
        var problems = new List<string>();
        var page = await fixture.NewSignedInPageAsync("admin", "en-US", BrowserFixture.Desktop);
        await fixture.GoToAsync(page, "/admin/catalog");
        await page.Locator("#catalog-channels").WaitForAsync();

        await page.Locator("#channel-name").FillAsync("Trade fair 2027");
        await page.Locator("#channel-add").ClickAsync();
        await page.Locator("#catalog-channels td[data-channel='Trade fair 2027']").WaitForAsync();
        await page.Locator("#channel-name").FillAsync("TRADE FAIR 2027");
        await page.Locator("#channel-add").ClickAsync();
        await Assertions.Expect(page.Locator("#catalog-tabs .mud-input-helper-text.mud-input-error")).ToContainTextAsync("a channel named 'Trade fair 2027' exists already");
        await page.Locator("#channel-name").FillAsync("");

        await MenuAsync(page, Partners, "Rename");
        await page.Locator(".catalog-rename input").FillAsync(Renamed);
        await page.Locator(".catalog-rename-save").ClickAsync();
        await page.Locator($"#catalog-channels td[data-channel='{Renamed}']").WaitForAsync();
        var link = page.Locator($"#catalog-channels tr:has(td[data-channel='{Renamed}']) a");
        await Assertions.Expect(link).ToHaveAttributeAsync("href", "/deals?channel=" + Uri.EscapeDataString(Renamed));
        await page.Locator(".mud-snackbar").First.WaitForAsync(new() { State = WaitForSelectorState.Detached });
        await ShellBrowserTests.CheckAsync(page, "admin-catalog", "en", "desktop", problems);

        await page.Locator(".mud-tab", new() { HasText = "Loss reasons" }).ClickAsync();
        await MenuAsync(page, "Other", "Retire");
        await Assertions.Expect(page.Locator("#catalog-confirm-text")).ToContainTextAsync("it is no longer offered when a deal is lost");
        await page.Locator("#catalog-confirm").ClickAsync();
        await Assertions.Expect(page.Locator("#catalog-reasons tr:has(td[data-reason='other']) .reason-status")).ToHaveTextAsync("Retired");

        await page.Locator(".mud-tab", new() { HasText = "Tags" }).ClickAsync();
        await page.Locator("#tag-name").FillAsync("strategic");
        await page.Locator("#tag-add").ClickAsync();
        await page.Locator("#catalog-tags td[data-tag='strategic']").WaitForAsync();
        await page.Locator("#catalog-tags tr:has(td[data-tag='strategic']) .catalog-color").ClickAsync();
        await page.Locator(".mud-popover-open").GetByRole(AriaRole.Option, new() { Name = "#e15759" }).ClickAsync();
        await Assertions.Expect(page.Locator("#catalog-tags tr:has(td[data-tag='strategic']) .tag-color")).ToContainTextAsync("#e15759");

        var channels = (await ApiListAsync(page, "/api/v1/catalog/channels")).Select(c => (string)c["name"]!).ToList();
        Assert.Contains("Trade fair 2027", channels);
        Assert.Contains(Renamed, channels);
        Assert.DoesNotContain(Partners, channels);
        Assert.False((bool)(await ApiListAsync(page, "/api/v1/catalog/loss-reasons")).Single(r => (string)r["key"]! == "other")["active"]!);
        Assert.Equal("#e15759", (string)(await ApiListAsync(page, "/api/v1/catalog/tags")).Single(t => (string)t["name"]! == "strategic")["color"]!);
        // The snapshot notices the rename on its own: the funnel's channel breakdown names the channel anew.
        var groups = new List<string>();
        for (var tries = 0; tries < 30 && !groups.Contains(Renamed); tries++)
        {
            await Task.Delay(tries == 0 ? 0 : 500);
            groups = [.. (await fixture.ApiAsync(page, "/api/v1/analytics/funnel?by=channel"))["groups"]!.AsArray().Select(g => (string)g!["key"]!)];
        }
        Assert.Contains(Renamed, groups);
        Assert.DoesNotContain(Partners, groups);
        await page.Context.CloseAsync();

        var phone = await fixture.NewSignedInPageAsync("admin", "zh-CN", BrowserFixture.Phone);
        await fixture.GoToAsync(phone, "/admin/catalog");
        await phone.Locator($"#catalog-channels td[data-channel='{Renamed}']").WaitForAsync();
        await ShellBrowserTests.CheckAsync(phone, "admin-catalog", "zh-CN", "phone", problems);
        await phone.Context.CloseAsync();
        Assert.Empty(problems);
    }

    /// <summary>Opens a row's menu by its accessible name and picks an item.</summary>
    private static async Task MenuAsync(IPage page, string row, string item)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "Actions for " + row, Exact = true }).ClickAsync();
        await page.Locator(".mud-popover-open").GetByText(item, new() { Exact = true }).ClickAsync();
    }

    private async Task<IReadOnlyList<System.Text.Json.Nodes.JsonObject>> ApiListAsync(IPage page, string path)
    {
        var response = await page.Context.APIRequest.GetAsync(fixture.Address + path);
        Assert.True(response.Ok, await response.TextAsync());
        return [.. System.Text.Json.Nodes.JsonNode.Parse(await response.TextAsync())!.AsArray().Select(n => n!.AsObject())];
    }
}
