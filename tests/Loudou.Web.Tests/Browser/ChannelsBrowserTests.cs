using System.Globalization;
using System.Text;
using Microsoft.Playwright;

namespace Loudou.Web.Tests.Browser;

/// <summary>
/// The channels page in real Chromium on the demo: an admin sees the API's channel quality, a count opens as many deals,
/// a cost typed in the grid is stored, a CSV naming an unknown channel is refused with its row; a manager sees the team's
/// counts without cost per lead. Saves docs/screenshots/channels.en.desktop.png and channels.zh-CN.phone.png.
/// </summary>
public class ChannelsBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    // The three whole months before this one in the demo's time zone: the demo's history ends yesterday.
    private static readonly (string From, string To) Range = LastMonths();

    [Fact]
    public async Task An_admin_sees_the_apis_channel_quality_opens_its_deals_and_edits_and_uploads_costs()
    {
        var problems = new List<string>();
        var page = await fixture.NewSignedInPageAsync("admin", "en-US", BrowserFixture.Desktop);
        await fixture.GoToAsync(page, $"/channels?from={Range.From}&to={Range.To}");
        await page.Locator("#channels-quality tbody tr").First.WaitForAsync();
        var api = await fixture.ApiAsync(page, $"/api/v1/analytics/channels?from={Range.From}&to={Range.To}");
        var channels = api["channels"]!.AsArray();
        Assert.Equal(channels.Select(c => (string)c!["channel"]!), await page.Locator("#channels-quality tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.channel)"));
        await ShellBrowserTests.CheckAsync(page, "channels", "en", "desktop", problems);

        var first = channels[0]!;
        await page.Locator($"#channels-quality tbody tr[data-channel='{first["channel"]}'] [data-figure='leads']").ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/funnel/deals", StringComparison.Ordinal));
        await page.Locator("#drill-total").WaitForAsync();
        Assert.Equal((long)first["leads"]!, long.Parse(await page.Locator("#drill-total").GetAttributeAsync("data-total") ?? "", CultureInfo.InvariantCulture));

        await fixture.GoToAsync(page, $"/channels?from={Range.From}&to={Range.To}");
        var cell = page.GetByLabel($"Cost of {first["channel"]} in {Range.To}");
        await cell.FillAsync("12345");
        await cell.PressAsync("Tab");
        await page.Locator("#channels-save").ClickAsync();
        var sql = $"select cast(c.amount as integer) from channel_costs c join channels ch on ch.id = c.channel_id where ch.name = '{first["channel"]}' and c.month = '{Range.To}-01'";
        for (var tries = 0; await fixture.TextAsync(sql) is var stored && stored != "12345"; tries++)
        {
            Assert.True(tries < 50, $"the cost is {stored}, not 12345, after 5 s");
            await Task.Delay(100);
        }

        await page.Locator("input[type=file]").SetInputFilesAsync(new FilePayload
        {
            Name = "costs.csv",
            MimeType = "text/csv",
            Buffer = Encoding.UTF8.GetBytes($"channel,month,amount,currency\nTV,{Range.To},100,CNY\n"),
        });
        await Assertions.Expect(page.Locator("#channels-issues")).ToContainTextAsync("costs.csv: row 2: column channel 'TV'");

        // The dashboard's breakdown by channel over the same whole months carries the same cost per lead.
        var (fromDay, toDay) = ($"{Range.From}-01", DateOnly.ParseExact(Range.To + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture).AddMonths(1).AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await fixture.GoToAsync(page, $"/funnel?from={fromDay}&to={toDay}");
        var perLead = page.Locator($"#funnel-groups tr[data-group='{first["channel"]}'] [data-figure='cost-per-lead']");
        await perLead.WaitForAsync();
        var expected = await page.Context.APIRequest.GetAsync($"{fixture.Address}/api/v1/analytics/channels?from={Range.From}&to={Range.To}");
        var perLeadNow = System.Text.Json.Nodes.JsonNode.Parse(await expected.TextAsync())!["channels"]!.AsArray().Single(c => (string)c!["channel"]! == (string)first["channel"]!)!["costPerLead"]!;
        var shown = (await perLead.InnerTextAsync()).Trim();
        Assert.Equal((decimal)perLeadNow < 10_000m ? ((decimal)perLeadNow).ToString("N0", CultureInfo.GetCultureInfo("en-US")) : shown, shown);
        Assert.NotEqual("—", shown);
        await page.Context.CloseAsync();

        var phone = await fixture.NewSignedInPageAsync("admin", "zh-CN", BrowserFixture.Phone);
        await fixture.GoToAsync(phone, $"/channels?from={Range.From}&to={Range.To}");
        await phone.Locator("#channels-quality tbody tr").First.WaitForAsync();
        await ShellBrowserTests.CheckAsync(phone, "channels", "zh-CN", "phone", problems);
        await phone.Context.CloseAsync();
        Assert.Empty(problems);
    }

    [Fact]
    public async Task A_manager_sees_the_teams_counts_and_no_cost_per_lead()
    {
        var page = await fixture.NewSignedInPageAsync("chen.jing", "en-US");
        await fixture.GoToAsync(page, $"/channels?from={Range.From}&to={Range.To}");
        await page.Locator("#channels-quality tbody tr").First.WaitForAsync();
        var api = await fixture.ApiAsync(page, $"/api/v1/analytics/channels?from={Range.From}&to={Range.To}");

        Assert.True((bool)api["scoped"]!);
        await Assertions.Expect(page.Locator("#channels-scoped")).ToBeVisibleAsync();
        Assert.All(await page.Locator("#channels-quality [data-figure='cost-per-lead']").AllInnerTextsAsync(), t => Assert.Equal("—", t.Trim()));
        Assert.Equal(0, await page.Locator("#channels-costs").CountAsync());
        await page.Context.CloseAsync();
    }

    private static (string, string) LastMonths()
    {
        var today = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"));
        var month = new DateOnly(today.Year, today.Month, 1);
        return (month.AddMonths(-3).ToString("yyyy-MM", CultureInfo.InvariantCulture), month.AddMonths(-1).ToString("yyyy-MM", CultureInfo.InvariantCulture));
    }
}
