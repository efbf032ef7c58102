using System.Text.RegularExpressions;
using Loudou.Core.Demo;
using Microsoft.Playwright;

namespace Loudou.Web.Tests.Browser;

/// <summary>
/// The app's shell in real Chromium: every page in both languages at desk and phone size, under the
/// Content-Security-Policy, without sideways scrolling, and in English without a Chinese label.
/// Each run saves the pictures under docs/screenshots.
/// </summary>
public partial class ShellBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    /// <summary>Every page of the app: the path to open, and the name its screenshots carry.</summary>
    /// <remarks>My day is the admin's own here (today.admin.*); TodayBrowserTests takes the rep's, today.*.</remarks>
    private static readonly (string Path, string Name)[] Pages =
    [
        ("/today", "today.admin"),
        ("/deals", "deals"),
        ("/deals/1", "deal"),
        ("/accounts", "accounts"),
        ("/accounts/1", "account"),
        ("/contacts", "contacts"),
        ("/tokens", "tokens"),
        ("/admin/audit", "audit"),
        ("/no/such/page", "not-found"),
    ];

    [Theory]
    [InlineData("zh-CN", "desktop")]
    [InlineData("en", "desktop")]
    [InlineData("zh-CN", "phone")]
    [InlineData("en", "phone")]
    public async Task Every_page_holds_its_layout_and_the_policy_in_each_language_and_size(string language, string sizeName)
    {
        var size = sizeName == "phone" ? BrowserFixture.Phone : BrowserFixture.Desktop;
        var page = await fixture.NewPageAsync(language == "en" ? "en-US" : "zh-CN", size);
        var problems = new List<string>();

        await page.GotoAsync(fixture.Address + "/signin");
        await CheckAsync(page, "signin", language, sizeName, problems);
        await fixture.SignInAsync(page, "admin");
        foreach (var (path, name) in Pages)
        {
            await fixture.GoToAsync(page, path);
            await CheckAsync(page, name, language, sizeName, problems);
        }

        Assert.Empty(problems);
    }

    [Fact]
    public async Task On_a_phone_the_drawer_opens_from_the_menu_button_and_its_links_work()
    {
        var page = await fixture.NewPageAsync("en-US", BrowserFixture.Phone);
        await fixture.SignInAsync(page, "admin");
        var auditLink = page.GetByRole(AriaRole.Link, new() { Name = "Audit log" });

        // The landing page (the funnel) first fills in its figures; a drawer opened before that closes when they
        // arrive (a known fault, docs/web.md), which is not what this test is about.
        await BrowserFixture.WaitForChartsAsync(page);
        await page.Locator("#analysis-panels #whatif-table").WaitForAsync();
        var hiddenAtFirst = !await auditLink.IsVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Menu", Exact = true }).ClickAsync();
        await auditLink.WaitForAsync();
        await BrowserFixture.DocsScreenshotAsync(page, "drawer.en.phone");
        await auditLink.ClickAsync();
        await page.WaitForURLAsync("**/admin/audit");
        await page.Locator("h1").GetByText("Audit log").WaitForAsync();

        Assert.True(hiddenAtFirst, "the drawer covers the page on a phone until the menu button opens it");
        Assert.Equal("Audit log", await page.Locator("h1").InnerTextAsync());
    }

    [Fact]
    public async Task The_drawer_offers_only_what_the_role_may_open()
    {
        var rep = await fixture.NewPageAsync("en-US");
        await fixture.SignInAsync(rep, DemoCast.StarRep);
        var admin = await fixture.NewPageAsync("en-US");
        await fixture.SignInAsync(admin, "admin");

        var repLinks = await rep.Locator(".mud-drawer a").AllInnerTextsAsync();
        var adminLinks = await admin.Locator(".mud-drawer a").AllInnerTextsAsync();

        Assert.Equal(["My day", "Funnel", "Board", "Team ranking", "Targets", "Monthly review", "Channels", "Deals", "Accounts", "Contacts", "API tokens"], repLinks.Select(t => t.Trim()));
        Assert.Equal(["Targets", "Alerts", "Deals"], adminLinks.Select(t => t.Trim()).Where(t => t is "Targets" or "Alerts" or "Deals"));
        Assert.Equal(["Users and teams", "Pipelines", "Audit log", "Jobs", "Notification channels", "Custom fields", "Picklists", "Workspace", "Import"],
            adminLinks.Select(t => t.Trim()).Where(t => t is "Users and teams" or "Pipelines" or "Audit log" or "Jobs" or "Notification channels" or "Custom fields" or "Picklists" or "Workspace"
                or "Import"));
        await rep.GotoAsync(fixture.Address + "/admin/audit");
        Assert.EndsWith("/forbidden", rep.Url);
        Assert.Equal("Not allowed", await rep.Locator("h1").InnerTextAsync());
    }

    /// <summary>Saves the page's docs screenshot and names what is wrong with it: a CSP violation, sideways scrolling, Chinese in an English label.</summary>
    internal static async Task CheckAsync(IPage page, string name, string language, string size, List<string> problems)
    {
        var shot = $"{name}.{language}.{size}";
        await BrowserFixture.DocsScreenshotAsync(page, shot);
        foreach (var violation in await BrowserFixture.CspViolationsAsync(page))
        {
            problems.Add($"{shot}: CSP violation {violation}");
        }
        // Measured against the screen, not window.innerWidth: a phone's browser zooms out to show a page wider than its
        // screen, and its window then grows with the page.
        var scrollWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        var screenWidth = page.ViewportSize!.Width;
        if (scrollWidth > screenWidth)
        {
            problems.Add($"{shot}: the page scrolls sideways ({scrollWidth} px wide on a {screenWidth} px screen)");
        }
        if (language == "en")
        {
            foreach (var text in await page.EvaluateAsync<string[]>(LabelsScript))
            {
                if (Cjk().IsMatch(text))
                {
                    problems.Add($"{shot}: Chinese in an English label: '{text}'");
                }
            }
        }
    }

    /// <summary>The texts of the drawer, the app bar, headings, buttons, form labels and column headers, without the data they show (names, workspace).</summary>
    private const string LabelsScript = """
        () => [...document.querySelectorAll('.mud-drawer, .mud-appbar, h1, h2, h3, h4, h5, h6, button, label, th')].map(e => {
            const copy = e.cloneNode(true);
            copy.querySelectorAll('[data-user-data]').forEach(d => d.remove());
            return e.closest('[data-user-data]') ? '' : copy.textContent.trim();
        }).filter(t => t.length > 0)
        """;

    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}")]
    private static partial Regex Cjk();
}
