using System.Globalization;
using System.Text.RegularExpressions;
using Loudou.Testing;
using Microsoft.Playwright;

namespace Loudou.Web.Tests.Browser;

/// <summary>
/// The monthly review in real Chromium on the demo: the /review page frames the printable document with the API's
/// numbers, the printable page prints to A4 in both languages, a manager's review is their team's and another team's is
/// refused. Saves docs/screenshots/review.{en,zh-CN}.{desktop,phone}.png and review-print.{en,zh-CN}.png.
/// </summary>
public partial class ReviewBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    // The month that has just ended in the demo's time zone: a whole month of the demo's history.
    private static readonly string Month = LastMonth();

    [Fact]
    public async Task The_review_page_frames_the_printable_review_with_the_apis_numbers()
    {
        var problems = new List<string>();
        foreach (var (language, size) in new[] { ("en", "desktop"), ("zh-CN", "phone") })
        {
            var page = await fixture.NewSignedInPageAsync("admin", language == "en" ? "en-US" : "zh-CN", size == "phone" ? BrowserFixture.Phone : BrowserFixture.Desktop);
            await fixture.GoToAsync(page, "/review");
            var frame = page.FrameLocator("#review-frame");
            await frame.Locator("table.kpis").WaitForAsync();
            // The page opens on the month just ended; its figures are the API's.
            var api = await fixture.ApiAsync(page, $"/api/v1/analytics/review?month={Month}&lang={language}");
            Assert.Contains(Month, await frame.Locator("h1").InnerTextAsync(), StringComparison.Ordinal);
            var won = (long)api["kpis"]!["won"]!["value"]!;
            var newLeads = (long)api["kpis"]!["newLeads"]!["value"]!;
            var cells = await frame.Locator("table.kpis tbody tr td.strong").AllInnerTextsAsync();
            Assert.Contains(won.ToString("#,0", CultureInfo.InvariantCulture), cells);
            Assert.Contains(newLeads.ToString("#,0", CultureInfo.InvariantCulture), cells);
            Assert.Equal(api["funnel"]!.AsArray().Count, await frame.Locator("section:nth-of-type(2) tbody tr").CountAsync());
            Assert.Equal(api["actions"]!.AsArray().Count, await frame.Locator("ol.actions li").CountAsync());
            await ShellBrowserTests.CheckAsync(page, "review", language, size, problems);
            await page.Context.CloseAsync();
        }
        Assert.Empty(problems);
    }

    [Fact]
    public async Task The_printable_review_prints_to_a_few_A4_pages_in_either_language()
    {
        foreach (var language in new[] { "en", "zh-CN" })
        {
            var page = await fixture.NewSignedInPageAsync("admin", language == "en" ? "en-US" : "zh-CN", (900, 1200));
            var response = await page.GotoAsync($"{fixture.Address}/review/{Month}?lang={language}");
            Assert.Equal(200, response!.Status);
            Assert.Equal(8, await page.Locator("main > section").CountAsync());
            // Statically rendered: the document has no script at all, and nothing scrolls sideways.
            Assert.Equal(0, await page.Locator("script").CountAsync());
            Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"));
            await page.ScreenshotAsync(new() { Path = Path.Combine(RepositoryRoot.Path, "docs", "screenshots", $"review-print.{language}.png"), FullPage = true });
            var pdf = await page.PdfAsync(new() { Format = "A4", PrintBackground = true });
            var pages = PdfPage().Matches(System.Text.Encoding.Latin1.GetString(pdf)).Count;
            Assert.InRange(pages, 1, 4);
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task A_managers_review_is_their_teams_and_another_teams_is_refused()
    {
        var manager = await fixture.NewSignedInPageAsync("chen.jing", "en-US");
        var own = await fixture.ApiAsync(manager, $"/api/v1/analytics/review?month={Month}");
        var team = (string)own["team"]!;
        Assert.All(own["ranking"]!["reps"]!.AsArray(), r => Assert.Equal(team, (string)r!["team"]!));
        var other = await manager.Context.APIRequest.GetAsync($"{fixture.Address}/api/v1/analytics/review?month={Month}&team={Uri.EscapeDataString("华南团队 South")}");
        Assert.Equal(403, other.Status);
        var printable = await manager.GotoAsync($"{fixture.Address}/review/{Month}?team={Uri.EscapeDataString("华南团队 South")}");
        Assert.Equal(403, printable!.Status);
        // A person who opens it reads why, on a page, not a problem document.
        Assert.Contains("own team", await manager.Locator("main p").InnerTextAsync(), StringComparison.Ordinal);
        await fixture.GoToAsync(manager, $"/review?month={Month}");
        await Assertions.Expect(manager.FrameLocator("#review-frame").Locator("h1")).ToContainTextAsync(team);
        Assert.Equal(0, await manager.Locator("#review-team").CountAsync());
        await manager.Context.CloseAsync();
    }

    [GeneratedRegex(@"/Type\s*/Page[^s]")]
    private static partial Regex PdfPage();

    private static string LastMonth()
    {
        var today = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"));
        return new DateOnly(today.Year, today.Month, 1).AddMonths(-1).ToString("yyyy-MM", CultureInfo.InvariantCulture);
    }
}
