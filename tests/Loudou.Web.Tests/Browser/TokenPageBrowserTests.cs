using System.Net;
using System.Net.Http.Headers;
using Microsoft.Playwright;

namespace Loudou.Web.Tests.Browser;

/// <summary>The /tokens page in real Chromium: make a token, see it once, use it, revoke it; an admin sees everyone's.</summary>
public class TokenPageBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_rep_makes_a_token_sees_it_once_uses_it_and_revokes_it()
    {
        var page = await fixture.NewPageAsync("en-US");
        await fixture.SignInAsync(page, "zhou.jie");
        await fixture.GoToAsync(page, "/tokens");

        await page.GetByLabel("Name").FillAsync("导出脚本 export script");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create token" }).ClickAsync();
        var token = (await page.Locator("#new-token-value").InnerTextAsync()).Trim();
        using var api = new HttpClient { BaseAddress = new Uri(fixture.Address) };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var before = await api.GetAsync("/api/v1/deals");
        await page.ReloadAsync();
        await BrowserFixture.WaitForInteractiveAsync(page);
        var listed = await page.Locator("#tokens").InnerTextAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Revoke 导出脚本 export script" }).ClickAsync();
        await page.Locator("#token-message").GetByText("Revoked: 导出脚本 export script").WaitForAsync();
        var after = await api.GetAsync("/api/v1/deals");

        Assert.StartsWith("ldu_", token);
        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Contains("导出脚本 export script", listed);
        Assert.DoesNotContain(token, await page.ContentAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task A_rep_sees_only_own_tokens_and_an_admin_sees_everyones()
    {
        var rep = await fixture.NewPageAsync("en-US");
        await fixture.SignInAsync(rep, "hu.bin");
        await fixture.GoToAsync(rep, "/tokens");
        await rep.GetByLabel("Name").FillAsync("hu.bin's script");
        await rep.GetByRole(AriaRole.Button, new() { Name = "Create token" }).ClickAsync();
        await rep.Locator("#new-token-value").WaitForAsync();
        var admin = await fixture.NewPageAsync("en-US");
        await fixture.SignInAsync(admin, "admin");
        await fixture.GoToAsync(admin, "/tokens");

        var repRows = await rep.Locator("#tokens tbody tr").CountAsync();
        var adminRows = await admin.Locator("#tokens tbody tr").CountAsync();

        Assert.Equal(await fixture.CountAsync("SELECT count(*) FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE u.login_name = 'hu.bin'"), repRows);
        Assert.Equal(await fixture.CountAsync("SELECT count(*) FROM api_tokens"), adminRows);
        Assert.Contains("hu.bin's script", await admin.Locator("#tokens").InnerTextAsync());
    }
}
