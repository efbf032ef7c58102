using Loudou.Core.Demo;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;

namespace Loudou.Web.Tests.Browser;

/// <summary>Sign-in in real Chromium against the real host: a rep sees only own deals; lockout after wrong passwords.</summary>
public class SignInBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_rep_signs_in_sees_only_own_deals_on_every_page_and_signs_out()
    {
        var page = await fixture.NewPageAsync();
        var ownDeals = await CountAsync("SELECT count(*) FROM deals d JOIN users u ON u.id = d.owner_id WHERE u.login_name = 'zhang.wei'");
        var allDeals = await CountAsync("SELECT count(*) FROM deals");

        await page.GotoAsync(fixture.Address + "/");
        Assert.StartsWith(fixture.Address + "/signin", page.Url);
        await page.FillAsync("input[name=login]", DemoCast.StarRep);
        await page.FillAsync("input[name=password]", DemoCast.Password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(fixture.Address + "/");
        await BrowserFixture.ScreenshotAsync(page, "signed-in-rep");

        Assert.Contains("张伟 Zhang Wei", await page.InnerTextAsync("#signed-in-as"));
        Assert.Contains($"{ownDeals} deals", await page.InnerTextAsync("#deal-total"));
        Assert.True(ownDeals > 0 && ownDeals < allDeals, $"zhang.wei owns {ownDeals} of {allDeals} deals");
        var owners = new List<string>(await page.Locator("td.deal-owner").AllInnerTextsAsync());
        while (await page.Locator("#next-page").CountAsync() > 0)
        {
            await page.ClickAsync("#next-page");
            owners.AddRange(await page.Locator("td.deal-owner").AllInnerTextsAsync());
        }
        Assert.Equal(ownDeals, owners.Count);
        Assert.All(owners, owner => Assert.Equal(DemoCast.StarRep, owner));

        await page.ClickAsync("#sign-out");
        await page.WaitForURLAsync(fixture.Address + "/signin?signedOut=1");
        await page.GotoAsync(fixture.Address + "/");
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

        Assert.Contains("locked", afterFive);
        Assert.Contains("locked", await page.InnerTextAsync("#signin-message"));
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

    private async Task<long> CountAsync(string sql)
    {
        await using var connection = new SqliteConnection(fixture.Target.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
