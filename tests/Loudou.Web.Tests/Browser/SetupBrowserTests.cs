using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Loudou.Web.Tests.Browser;

/// <summary>A host started without the demo on an empty database: every page goes to /setup until the first admin exists.</summary>
public sealed class SetupFixture : BrowserFixture
{
    protected override string[] HostArguments => [];
}

/// <summary>
/// First-run setup in real Chromium: a stranger (a request a proxy forwarded) is refused without the console's one-time code,
/// wrong values are said on their fields and save nothing, and the right form makes the workspace and signs its admin in.
/// Saves docs/screenshots/setup.en.desktop.png and setup.zh-CN.phone.png.
/// </summary>
public partial class SetupBrowserTests(SetupFixture fixture) : IClassFixture<SetupFixture>
{
    private static readonly Dictionary<string, string> Forwarded = new() { ["X-Forwarded-For"] = "203.0.113.7" };

    [Fact]
    public async Task A_fresh_server_is_set_up_in_the_browser_only_by_this_machine_or_with_the_consoles_code()
    {
        var problems = new List<string>();
        var code = Banner().Match(string.Join('\n', fixture.Banner)).Groups[1].Value;
        Assert.Matches("^[A-Z2-9]{4}(-[A-Z2-9]{4}){3}$", code);
        Assert.Equal(0, await fixture.CountAsync("SELECT count(*) FROM deals"));

        // A stranger: every page leads to the setup, which asks for the code and refuses a wrong one.
        var stranger = await StrangerAsync("en-US", BrowserFixture.Desktop);
        await stranger.GotoAsync(fixture.Address + "/funnel");
        Assert.EndsWith("/setup", stranger.Url, StringComparison.Ordinal);
        await FillAsync(stranger, "Acme Trading", "Europe/Berlin", "EUR", "boss", "Ada Boss", "correct horse");
        await stranger.Locator("#code").FillAsync("AAAA-BBBB-CCCC-DDDD");
        await SubmitAsync(stranger);
        Assert.Contains("not the code", await stranger.Locator("#code-error").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await fixture.CountAsync("SELECT count(*) FROM users"));

        // This machine: no code asked; a zone, a currency and a file that do not exist are each said on their field.
        var local = await fixture.NewPageAsync("zh-CN", BrowserFixture.Phone);
        await local.GotoAsync(fixture.Address + "/setup");
        Assert.Equal(0, await local.Locator("#code").CountAsync());
        await ShellBrowserTests.CheckAsync(local, "setup", "zh-CN", "phone", problems);
        await FillAsync(local, "Acme", "Mars/Olympus_Mons", "XYZ", "boss", "Ada", "correct horse", again: "correct horse!");
        await local.Locator("#pipelineFile").SetInputFilesAsync(new FilePayload { Name = "broken.json", MimeType = "application/json", Buffer = "{ \"key\": 3 }"u8.ToArray() });
        await SubmitAsync(local);
        Assert.Contains("Mars/Olympus_Mons", await local.Locator("#timeZone-error").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("XYZ", await local.Locator("#baseCurrency-error").InnerTextAsync(), StringComparison.Ordinal);
        Assert.True(await local.Locator("#passwordAgain-error").IsVisibleAsync());
        Assert.Contains("broken.json", await local.Locator("#pipelineFile-error").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("Acme", await local.Locator("#workspaceName").InputValueAsync());
        Assert.Equal(0, await fixture.CountAsync("SELECT count(*) FROM users"));

        // The stranger with the right code sets it up and lands signed in, in the language chosen.
        stranger = await StrangerAsync("en-US", BrowserFixture.Desktop);
        await stranger.GotoAsync(fixture.Address + "/setup?code=" + code.ToLowerInvariant());
        await ShellBrowserTests.CheckAsync(stranger, "setup", "en", "desktop", problems);
        await FillAsync(stranger, "Acme Trading", "Europe/Berlin", "EUR", "boss", "Ada Boss", "correct horse");
        await stranger.Locator("#language").SelectOptionAsync("en");
        await stranger.Locator("#template").SelectOptionAsync("b2b-software");
        await SubmitAsync(stranger);
        await stranger.WaitForURLAsync(url => url.EndsWith("/funnel", StringComparison.Ordinal));
        await BrowserFixture.WaitForInteractiveAsync(stranger);

        Assert.Equal("boss|Admin|en", await fixture.TextAsync("SELECT login_name || '|' || role || '|' || language FROM users"));
        Assert.Equal("Acme Trading|Europe/Berlin|EUR|en", await fixture.TextAsync("SELECT name || '|' || time_zone_id || '|' || base_currency || '|' || language FROM workspace_settings"));
        Assert.Equal("b2b-software", await fixture.TextAsync("SELECT p.key FROM workspace_settings s JOIN pipelines p ON p.id = s.default_pipeline_id"));
        // The default pipeline start-up seeded is gone: nothing was in it, and the company chose another.
        Assert.Equal(1, await fixture.CountAsync("SELECT count(*) FROM pipelines"));

        // Done once: the setup page now leads away, for this machine too.
        var late = await fixture.NewPageAsync("en-US", BrowserFixture.Desktop);
        await late.GotoAsync(fixture.Address + "/setup");
        Assert.Contains("/signin", late.Url, StringComparison.Ordinal);
        Assert.Empty(problems);
    }

    private async Task<IPage> StrangerAsync(string locale, (int Width, int Height) size)
    {
        var page = await fixture.NewPageAsync(locale, size);
        await page.Context.SetExtraHTTPHeadersAsync(Forwarded);
        return page;
    }

    private static async Task FillAsync(IPage page, string name, string zone, string currency, string login, string adminName, string password, string? again = null)
    {
        await page.Locator("#workspaceName").FillAsync(name);
        await page.Locator("#timeZone").FillAsync(zone);
        await page.Locator("#baseCurrency").FillAsync(currency);
        await page.Locator("#adminLogin").FillAsync(login);
        await page.Locator("#adminName").FillAsync(adminName);
        await page.Locator("#password").FillAsync(password);
        await page.Locator("#passwordAgain").FillAsync(again ?? password);
    }

    /// <summary>Posts the form and waits for the page the answer draws (the form again, or where a redirect led).</summary>
    private static async Task SubmitAsync(IPage page)
    {
        var posted = page.WaitForResponseAsync(r => r.Request.Method == "POST" && r.Url.Contains("/setup", StringComparison.Ordinal));
        await page.Locator("button[type=submit]").ClickAsync();
        await posted;
        await page.WaitForLoadStateAsync();
    }

    [GeneratedRegex(@"one-time code: (\S+)")]
    private static partial Regex Banner();
}
