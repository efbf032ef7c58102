using Loudou.Core.Demo;
using Microsoft.Playwright;

namespace Loudou.Web.Tests.Browser;

/// <summary>
/// User administration in real Chromium on the demo: an admin adds a team and a user (whose one-time password signs in),
/// changes the user's role and disables them, and cannot demote the last admin; every change is read back from the
/// database. Saves docs/screenshots/admin-users.en.desktop.png and admin-users.zh-CN.phone.png.
/// </summary>
public class UsersBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task An_admin_adds_a_user_who_can_sign_in_changes_the_role_disables_them_and_keeps_the_last_admin()
    {
        var problems = new List<string>();
        var page = await fixture.NewSignedInPageAsync("admin", "en-US", BrowserFixture.Desktop);
        await fixture.GoToAsync(page, "/admin/users");
        Assert.Equal(DemoCast.Teams.Count, await page.Locator("#teams [data-team]").CountAsync());

        await page.Locator("#team-new").FillAsync("西区团队 West");
        await page.Locator("#team-add").ClickAsync();
        await page.Locator("#teams [data-team='西区团队 West']").WaitForAsync();
        Assert.Equal(1, await fixture.CountAsync("SELECT count(*) FROM teams WHERE name = '西区团队 West'"));

        await page.Locator("#user-add-open").ClickAsync();
        await page.Locator("#new-login").FillAsync("qian.hao");
        await page.Locator("#new-name").FillAsync("钱浩 Qian Hao");
        await page.Locator("#user-add-submit").ClickAsync();
        var password = (await page.Locator("#users-password code").InnerTextAsync()).Trim();
        Assert.Equal(16, password.Length);
        Assert.Equal("Rep|", await fixture.TextAsync("SELECT u.role || '|' || coalesce(t.name, '') FROM users u LEFT JOIN teams t ON t.id = u.team_id WHERE u.login_name = 'qian.hao'"));

        // The handed-over password works, and the sign-in shows as the user's last.
        var newcomer = await fixture.NewPageAsync("en-US", BrowserFixture.Desktop);
        await fixture.SignInAsync(newcomer, "qian.hao", password);
        Assert.Equal(1, await fixture.CountAsync("SELECT count(*) FROM users WHERE login_name = 'qian.hao' AND last_sign_in_at IS NOT NULL"));

        var row = page.Locator("#users tr", new() { Has = page.Locator("[data-user='qian.hao']") });
        await row.Locator(".user-role").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = "Manager" }).ClickAsync();
        await WaitForAsync("SELECT role FROM users WHERE login_name = 'qian.hao'", "Manager");
        await row.Locator(".user-team").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = "西区团队 West" }).ClickAsync();
        await WaitForAsync("SELECT t.name FROM users u JOIN teams t ON t.id = u.team_id WHERE u.login_name = 'qian.hao'", "西区团队 West");

        // The team list closes as it is chosen; a click on the menu while it closes can land on nothing, so wait, and retry once.
        await page.WaitForFunctionAsync("() => !document.querySelector('.mud-popover-open .mud-list-item')", null, new() { Timeout = 10_000 });
        var disable = page.GetByRole(AriaRole.Menuitem, new() { Name = "Disable" });
        await row.Locator(".user-menu button").ClickAsync();
        if (!await disable.IsVisibleAsync())
        {
            await page.WaitForTimeoutAsync(1000);
            if (!await disable.IsVisibleAsync())
            {
                await row.Locator(".user-menu button").ClickAsync();
            }
        }
        await disable.ClickAsync();
        await row.Locator(".user-status", new() { HasText = "Disabled" }).WaitForAsync();
        Assert.Equal(0, await fixture.CountAsync("SELECT is_active FROM users WHERE login_name = 'qian.hao'"));

        // The demo's one admin cannot be made a rep: nobody could administer the workspace from a page.
        var adminRow = page.Locator("#users tr", new() { Has = page.Locator("[data-user='admin']") });
        await adminRow.Locator(".user-role").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = "Rep" }).ClickAsync();
        Assert.Contains("last active admin", await page.Locator("#users-error").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("Admin", await fixture.TextAsync("SELECT role FROM users WHERE login_name = 'admin'"));

        await fixture.GoToAsync(page, "/admin/users");
        await ShellBrowserTests.CheckAsync(page, "admin-users", "en", "desktop", problems);
        var phone = await fixture.NewSignedInPageAsync("admin", "zh-CN", BrowserFixture.Phone);
        await fixture.GoToAsync(phone, "/admin/users");
        await ShellBrowserTests.CheckAsync(phone, "admin-users", "zh-CN", "phone", problems);
        Assert.Empty(problems);
    }

    private async Task WaitForAsync(string sql, string expected)
    {
        for (var i = 0; i < 100 && await fixture.TextAsync(sql) != expected; i++)
        {
            await Task.Delay(100);
        }
        Assert.Equal(expected, await fixture.TextAsync(sql));
    }
}
