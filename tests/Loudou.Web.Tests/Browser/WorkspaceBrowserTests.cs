using Microsoft.Playwright;

namespace Loudou.Web.Tests.Browser;

/// <summary>
/// Workspace settings and exchange rates in real Chromium on the demo: an admin renames the workspace, weighs the ranking
/// and sets a rate; each is read back from the database with its audit entry, and the base currency cannot change
/// under the demo's amounts. Saves docs/screenshots/admin-workspace.en.desktop.png and admin-workspace.zh-CN.phone.png.
/// </summary>
public class WorkspaceBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task An_admin_changes_the_settings_and_sets_a_rate_and_both_are_stored_and_audited()
    {
        var problems = new List<string>();
        var page = await fixture.NewSignedInPageAsync("admin", "en-US", BrowserFixture.Desktop);
        await fixture.GoToAsync(page, "/admin/workspace");
        await page.Locator("#workspace-form").WaitForAsync();
        // The demo's deals carry amounts in its base currency, so the currency is fixed and the field says why.
        await Assertions.Expect(page.Locator("#workspace-currency")).ToBeDisabledAsync();

        await page.Locator("#workspace-name").FillAsync("华东销售部 East Sales");
        await page.Locator("#workspace-weight").FillAsync("70");
        await page.Locator("#workspace-save").ClickAsync();
        await page.Locator(".mud-snackbar", new() { HasText = "Settings saved." }).WaitForAsync();
        Assert.Equal("华东销售部 East Sales|0.7", await fixture.TextAsync("SELECT name || '|' || ranking_results_weight FROM workspace_settings"));
        Assert.Equal(1, await fixture.CountAsync("SELECT count(*) FROM audit_entries WHERE entity_type = 'workspace'"));

        await page.Locator("#rate-currency").FillAsync("usd");
        await page.Locator("#rate-value").FillAsync("7.1");
        await page.Locator("#rate-save").ClickAsync();
        await page.Locator("#rates-table [data-currency='USD']").WaitForAsync();
        Assert.Equal(1, await fixture.CountAsync("SELECT count(*) FROM exchange_rates WHERE currency = 'USD' AND rate_to_base = 7.1"));
        Assert.Equal(1, await fixture.CountAsync("SELECT count(*) FROM audit_entries WHERE entity_type = 'exchange_rate'"));

        // The base currency takes no rate: the refusal is shown on the currency field.
        await page.Locator("#rate-currency").FillAsync("CNY");
        await page.Locator("#rate-value").FillAsync("1");
        await page.Locator("#rate-save").ClickAsync();
        await page.Locator("#rate-form .mud-input-helper-text.mud-input-error", new() { HasText = "base currency" }).WaitForAsync();
        Assert.Equal(0, await fixture.CountAsync("SELECT count(*) FROM exchange_rates WHERE currency = 'CNY'"));

        await fixture.GoToAsync(page, "/admin/workspace");
        await page.Locator("#rates-table [data-currency='USD']").WaitForAsync();
        await ShellBrowserTests.CheckAsync(page, "admin-workspace", "en", "desktop", problems);
        var phone = await fixture.NewSignedInPageAsync("admin", "zh-CN", BrowserFixture.Phone);
        await fixture.GoToAsync(phone, "/admin/workspace");
        await phone.Locator("#rates-table [data-currency='USD']").WaitForAsync();
        await ShellBrowserTests.CheckAsync(phone, "admin-workspace", "zh-CN", "phone", problems);
        Assert.Empty(problems);
    }
}
