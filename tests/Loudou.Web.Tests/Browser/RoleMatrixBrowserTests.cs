using System.Globalization;
using System.Net.Http.Json;
using Loudou.Core.Workspace;
using Loudou.Storage;
using Loudou.Storage.Access;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Web.Tests.Browser;

/// <summary>
/// The role matrix through an interactive page and through the API, on SQLite and PostgreSQL: two
/// reps of different teams, their two managers and an admin each see, on the deal list and in the
/// API's total, exactly the deals their role gives, counted independently from the rows.
/// </summary>
public abstract class RoleMatrixBrowserTests(BrowserFixture fixture)
{
    [Theory]
    [InlineData("zhang.wei")]
    [InlineData("liu.yang")]
    [InlineData("chen.jing")]
    [InlineData("huang.min")]
    [InlineData("admin")]
    public async Task The_deal_list_and_the_api_show_each_role_the_deals_its_scope_gives(string login)
    {
        var (expected, token) = await ExpectedAndTokenAsync(login);
        var page = await fixture.NewPageAsync("en-US");

        await fixture.SignInAsync(page, login);
        // Managers and admins land on the funnel dashboard; the deal list is one click away.
        await fixture.GoToAsync(page, "/deals");
        var onPage = await page.Locator("#deal-total").InnerTextAsync();
        using var api = new HttpClient { BaseAddress = new Uri(fixture.Address) };
        api.DefaultRequestHeaders.Authorization = new("Bearer", token);
        var fromApi = await api.GetFromJsonAsync<ListTotal>("/api/v1/deals?pageSize=1");

        Assert.True(expected > 0, $"{login} sees deals");
        Assert.Equal($"{expected.ToString("N0", CultureInfo.GetCultureInfo("en"))} deals", onPage);
        Assert.Equal(expected, fromApi!.Total);
    }

    [Fact]
    public async Task A_user_disabled_while_the_page_is_open_gets_the_sign_in_prompt_at_the_next_click()
    {
        var page = await fixture.NewPageAsync("en-US");
        await fixture.SignInAsync(page, "zhu.hong");
        await fixture.GoToAsync(page, "/deals");
        // The circuit's first render of the list must be done before the user changes, or that render meets the change.
        await page.GetByRole(Microsoft.Playwright.AriaRole.Link, new() { Name = "Amount (CNY)" }).WaitForAsync();
        await using (var db = LoudouDatabase.CreateContext(fixture.Target))
        {
            await new UserAdmin(db).DisableAsync("zhu.hong");
        }

        await page.GetByRole(Microsoft.Playwright.AriaRole.Link, new() { Name = "Amount (CNY)" }).ClickAsync();
        // The circuit answers the click with its prompt; should the click have gone to the server as a
        // new page load instead (a busy machine), the cookie check answers with the sign-in page.
        var prompt = page.Locator("#sign-in-again").Or(page.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Sign in", Exact = true }));
        await prompt.First.WaitForAsync();

        Assert.Matches("Sign in", await prompt.First.InnerTextAsync());
        Assert.Equal(0, await page.Locator("#deals").CountAsync());
    }

    /// <summary>The count the role gives, from the rows themselves (not through the context's scoping), and a token for the API.</summary>
    private async Task<(int Expected, string Token)> ExpectedAndTokenAsync(string login)
    {
        await using var db = LoudouDatabase.CreateContext(fixture.Target);
        var user = await db.Users.AsNoTracking().SingleAsync(u => u.LoginName == login);
        var deals = db.Deals.AsNoTracking();
        var expected = user.Role switch
        {
            UserRole.Admin => await deals.CountAsync(),
            UserRole.Manager => await deals.CountAsync(d => d.TeamId == user.TeamId || d.OwnerId == user.Id),
            _ => await deals.CountAsync(d => d.OwnerId == user.Id),
        };
        var (token, _) = await new ApiTokens(db, TimeProvider.System).CreateAsync(login, 1, "role matrix");
        return (expected, token);
    }

    private sealed record ListTotal(int Total);
}

public sealed class SqliteRoleMatrixBrowserTests(BrowserFixture fixture) : RoleMatrixBrowserTests(fixture), IClassFixture<BrowserFixture>;

public sealed class PostgresRoleMatrixBrowserTests(PostgresBrowserFixture fixture) : RoleMatrixBrowserTests(fixture), IClassFixture<PostgresBrowserFixture>;
