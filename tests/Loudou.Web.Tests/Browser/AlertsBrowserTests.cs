using System.Globalization;
using Loudou.Core.Demo;
using Microsoft.Playwright;

namespace Loudou.Web.Tests.Browser;

/// <summary>
/// The alerts page in real Chromium on the demo: an admin applies a rules file (a bad one is refused with the JSON path of
/// the field), runs the rules, and sees the open alert with the API's numbers and links to the dashboard view; a rep sees
/// no alert. Saves docs/screenshots/alerts.en.desktop.png and alerts.zh-CN.phone.png.
/// </summary>
public class AlertsBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private static readonly string FeedAds = DemoCast.Channels[0].Name;

    /// <summary>Feed ads converts at the lead stage far below one half (planted effect 2): a line that holds on any demo.</summary>
    private static readonly string Rules = $$"""
        { "rules": [ { "key": "feed-ads-lead", "name": { "zh": "信息流广告线索转化过低", "en": "Feed ads: lead conversion too low" },
                       "condition": { "metric": "conversion", "stage": "lead", "segment": { "dimension": "channel", "value": "{{FeedAds}}" },
                                      "threshold": { "below": 0.5 }, "minN": 10 } } ] }
        """;

    [Fact]
    public async Task An_admin_applies_a_rules_file_runs_it_and_sees_the_open_alert_with_the_apis_numbers()
    {
        var problems = new List<string>();
        var page = await fixture.NewSignedInPageAsync("admin", "en-US", BrowserFixture.Desktop);
        await fixture.GoToAsync(page, "/alerts");
        await page.GetByText("Rules file", new() { Exact = true }).ClickAsync();
        var file = page.GetByLabel("Rules file (JSON)");

        await file.FillAsync(Rules.Replace(FeedAds, "Fax", StringComparison.Ordinal));
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply", Exact = true }).ClickAsync();
        var errors = page.Locator("#alert-file-errors");
        await errors.WaitForAsync();
        Assert.Contains("$.rules[0].condition.segment.value", await errors.InnerTextAsync(), StringComparison.Ordinal);

        await file.FillAsync(Rules);
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply", Exact = true }).ClickAsync();
        await page.Locator("#rules tr[data-rule='feed-ads-lead']").WaitForAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Run now", Exact = true }).ClickAsync();
        var card = page.Locator(".alert-card[data-rule='feed-ads-lead']");
        await card.WaitForAsync();

        var api = await fixture.ApiAsync(page, "/api/v1/alerts");
        var episode = api["open"]!.AsArray().Single(e => (string)e!["rule"]! == "feed-ads-lead")!;
        Assert.Equal(Percent((double)episode["observed"]!), (await card.Locator(".alert-observed").InnerTextAsync()).Trim());
        Assert.Equal($"{Percent((double)episode["ciLow"]!)}–{Percent((double)episode["ciHigh"]!)}", (await card.Locator(".alert-interval").InnerTextAsync()).Trim());
        Assert.Contains("50.0%", await card.Locator(".alert-baseline").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal((string)episode["dashboard"]!, await card.GetByRole(AriaRole.Link, new() { Name = "Dashboard" }).GetAttributeAsync("href"));
        // Opened again for the picture, without the run's message over the header.
        await fixture.GoToAsync(page, "/alerts");
        await card.WaitForAsync();
        await ShellBrowserTests.CheckAsync(page, "alerts", "en", "desktop", problems);

        await card.GetByRole(AriaRole.Link, new() { Name = "Deals" }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/funnel/deals?", StringComparison.Ordinal));
        Assert.Contains("where=channel%3D", page.Url, StringComparison.Ordinal);

        var phone = await fixture.NewSignedInPageAsync("admin", "zh-CN", BrowserFixture.Phone);
        await fixture.GoToAsync(phone, "/alerts");
        await phone.Locator(".alert-card[data-rule='feed-ads-lead']").WaitForAsync();
        await ShellBrowserTests.CheckAsync(phone, "alerts", "zh-CN", "phone", problems);

        var rep = await fixture.NewSignedInPageAsync(DemoCast.StarRep, "en-US", BrowserFixture.Desktop);
        await fixture.GoToAsync(rep, "/alerts");
        await rep.GetByText("No alert rules yet", new() { Exact = false }).WaitForAsync();
        Assert.Equal(0, await rep.Locator(".alert-card").CountAsync());
        Assert.Empty(problems);
    }

    private static string Percent(double rate) => (rate * 100).ToString("0.0", CultureInfo.GetCultureInfo("en-US")) + "%";
}
