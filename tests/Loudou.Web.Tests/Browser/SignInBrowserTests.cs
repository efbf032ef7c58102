using Loudou.Core.Demo;
using Microsoft.Playwright;

namespace Loudou.Web.Tests.Browser;

/// <summary>Sign-in in real Chromium against the real host: a rep lands on My day and sees only own deals; lockout after wrong passwords.</summary>
public class SignInBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_rep_signs_in_lands_on_my_day_sees_only_own_deals_and_signs_out_from_the_user_menu()
    {
        var page = await fixture.NewPageAsync();
        var ownDeals = await fixture.CountAsync("SELECT count(*) FROM deals d JOIN users u ON u.id = d.owner_id WHERE u.login_name = 'zhang.wei'");

        await page.GotoAsync(fixture.Address + "/");
        Assert.StartsWith(fixture.Address + "/signin", page.Url);
        await fixture.SignInAsync(page, DemoCast.StarRep);
        await BrowserFixture.ScreenshotAsync(page, "signed-in-rep");

        Assert.Equal(fixture.Address + "/today", page.Url);
        Assert.Equal("张伟 Zhang Wei", (await page.InnerTextAsync("#signed-in-as")).Trim());
        await fixture.GoToAsync(page, "/deals");
        Assert.Equal($"共 {ownDeals:N0} 个商机", await page.InnerTextAsync("#deal-total"));

        await page.GetByRole(AriaRole.Button, new() { Name = "账号菜单" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "退出登录" }).ClickAsync();
        await page.WaitForURLAsync(fixture.Address + "/signin?signedOut=1");
        Assert.Contains("已退出登录", await page.InnerTextAsync("#signin-message"));
        await page.GotoAsync(fixture.Address + "/deals");
        Assert.StartsWith(fixture.Address + "/signin", page.Url);
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_and_then_the_right_one_is_refused_too()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync(fixture.Address + "/signin");

        for (var attempt = 1; attempt <= 5; attempt++)
        {
            await SubmitAsync(page, "wang.fang", "not-the-password");
        }
        var afterFive = await page.InnerTextAsync("#signin-message");
        await SubmitAsync(page, "wang.fang", DemoCast.Password);
        await BrowserFixture.ScreenshotAsync(page, "locked-out");

        Assert.Contains("锁定", afterFive);
        Assert.Contains("锁定", await page.InnerTextAsync("#signin-message"));
        Assert.StartsWith(fixture.Address + "/signin", page.Url);
        await page.GotoAsync(fixture.Address + "/");
        Assert.StartsWith(fixture.Address + "/signin", page.Url);
    }

    private static async Task SubmitAsync(IPage page, string login, string password)
    {
        await page.FillAsync("input[name=login]", login);
        await page.FillAsync("input[name=password]", password);
        // Each refusal lands on the same sign-in URL, so wait for the page that answers this post.
        await page.RunAndWaitForResponseAsync(
            () => page.ClickAsync("button[type=submit]"),
            response => response.Request.Method == "GET" && response.Url.Contains("/signin?error=", StringComparison.Ordinal));
        await page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
    }
}
