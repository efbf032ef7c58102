using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace Loudou.Web.Tests.Browser;

/// <summary>
/// The team ranking in real Chromium on the demo: the page shows exactly the API's ranking (same reps, ranks and
/// scores), each figure opens the deals or tasks behind it with the same count, a manager sees their team, a rep only
/// their own row and rank; and the targets page, whose changes reach the dashboard's answer. Saves
/// docs/screenshots/team.{zh-CN,en}.{desktop,phone}.png, team-efficiency.en.desktop.png, team.rep.{zh-CN,en}.phone.png and
/// targets.{zh-CN,en}.{desktop,phone}.png.
/// </summary>
public class TeamBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    // Last month in the demo's time zone: a whole month of the demo's history, which ends yesterday.
    private static readonly string Month = LastMonth();

    [Fact]
    public async Task An_admin_sees_the_apis_ranking_and_each_figure_opens_what_is_behind_it()
    {
        var problems = new List<string>();
        foreach (var (language, size) in new[] { ("zh-CN", "desktop"), ("en", "desktop"), ("zh-CN", "phone"), ("en", "phone") })
        {
            var page = await fixture.NewSignedInPageAsync("admin", language == "en" ? "en-US" : "zh-CN", size == "phone" ? BrowserFixture.Phone : BrowserFixture.Desktop);
            await fixture.GoToAsync(page, $"/team?month={Month}");
            await page.Locator("#team-ranking tbody tr").First.WaitForAsync();
            if (size == "desktop")
            {
                await BrowserFixture.WaitForChartsAsync(page);
            }
            var api = await fixture.ApiAsync(page, $"/api/v1/analytics/team?month={Month}");
            var reps = api["reps"]!.AsArray();
            Assert.Equal(reps.Select(r => (string)r!["login"]!), await page.Locator("#team-ranking tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.rep)"));
            foreach (var rep in reps)
            {
                var row = page.Locator($"#team-ranking tr[data-rep='{rep!["login"]}']");
                Assert.Equal(Rank(rep["rank"]), (await row.Locator("td.rank").InnerTextAsync()).Trim());
                Assert.Equal(Whole(rep["score"]), (await row.Locator("td.score").InnerTextAsync()).Trim());
            }
            await ShellBrowserTests.CheckAsync(page, "team", language, size, problems);
            if (language == "en" && size == "desktop")
            {
                await BrowserFixture.DocsScreenshotAsync(page, "team-efficiency.en.desktop", "#team-efficiency");
                // The best rep's won deals and follow-up tasks: the lists hold exactly the numbers the report counts.
                var best = reps[0]!;
                await page.Locator($"#team-ranking tr[data-rep='{best["login"]}'] [data-figure='won-amount']").ClickAsync();
                Assert.Equal((long)best["won"]!, await DrillTotalAsync(page));
                await page.GoBackAsync();
                await page.Locator($"#team-ranking tr[data-rep='{best["login"]}'] [data-figure='on-time']").ClickAsync();
                Assert.Equal((long)best["tasksDue"]!, await DrillTotalAsync(page));

                // The admin weighs results at 100%: the score is the results part, stored for everyone, then put back.
                await fixture.GoToAsync(page, $"/team?month={Month}");
                await page.Locator("#team-weigh").ClickAsync();
                await page.Locator("#team-results-percent").FillAsync("100");
                await page.Locator("#team-weigh-save").ClickAsync();
                await Assertions.Expect(page.Locator("#team-weights")).ToContainTextAsync("100%");
                Assert.Equal("1", await fixture.TextAsync("select ranking_results_weight from workspace_settings"));
                var weighed = (await fixture.ApiAsync(page, $"/api/v1/analytics/team?month={Month}"))["reps"]!.AsArray();
                Assert.All(weighed.Where(r => r!["resultsScore"] is not null), r => Assert.Equal(Whole(r!["resultsScore"]), Whole(r["score"])));
                var put = await page.Context.APIRequest.PutAsync(fixture.Address + "/api/v1/admin/ranking", new() { DataObject = new { resultsWeight = 0.6 } });
                Assert.True(put.Ok, await put.TextAsync());
            }
            await page.Context.CloseAsync();
        }
        Assert.Empty(problems);
    }

    [Fact]
    public async Task A_manager_sees_their_team_and_a_rep_only_their_own_row_and_rank()
    {
        var manager = await fixture.NewSignedInPageAsync("chen.jing", "en-US");
        await fixture.GoToAsync(manager, $"/team?month={Month}");
        await manager.Locator("#team-ranking tbody tr").First.WaitForAsync();
        var managed = await fixture.ApiAsync(manager, $"/api/v1/analytics/team?month={Month}");
        var team = (string)managed["team"]!;
        var teamReps = managed["reps"]!.AsArray().Select(r => (string)r!["login"]!).ToList();
        Assert.Equal(teamReps, await manager.Locator("#team-ranking tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.rep)"));
        Assert.Equal(0, await manager.Locator("#team-team").CountAsync());
        await manager.Context.CloseAsync();

        var problems = new List<string>();
        foreach (var language in new[] { "zh-CN", "en" })
        {
            var rep = await fixture.NewSignedInPageAsync("zhang.wei", language == "en" ? "en-US" : "zh-CN", BrowserFixture.Phone);
            await fixture.GoToAsync(rep, $"/team?month={Month}");
            await rep.Locator("#team-own").WaitForAsync();
            var own = await fixture.ApiAsync(rep, $"/api/v1/analytics/team?month={Month}");
            var row = Assert.Single(own["reps"]!.AsArray())!;
            Assert.Equal("zhang.wei", (string)row["login"]!);
            Assert.Empty(own["teams"]!.AsArray());
            Assert.Equal(1, await rep.Locator("#team-ranking tbody tr").CountAsync());
            Assert.Equal(Rank(row["rank"]), await rep.Locator("#team-own [data-rank]").GetAttributeAsync("data-rank") ?? "—");
            await ShellBrowserTests.CheckAsync(rep, "team.rep", language, "phone", problems);
            await rep.Context.CloseAsync();
        }
        Assert.Empty(problems);
        Assert.NotEmpty(team);
    }

    private static async Task<long> DrillTotalAsync(IPage page)
    {
        await page.WaitForURLAsync(url => url.Contains("/team/", StringComparison.Ordinal));
        var total = page.Locator("#drill-total");
        await total.WaitForAsync();
        return long.Parse(await total.GetAttributeAsync("data-total") ?? "", CultureInfo.InvariantCulture);
    }

    private static string Rank(JsonNode? rank) => rank is null ? "—" : ((int)rank).ToString(CultureInfo.InvariantCulture);

    private static string Whole(JsonNode? score) => score is null ? "—" : ((double)score).ToString("0", CultureInfo.InvariantCulture);

    private static string LastMonth()
    {
        var today = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"));
        return new DateOnly(today.Year, today.Month, 1).AddMonths(-1).ToString("yyyy-MM", CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task An_admin_sets_a_teams_conversion_and_sales_targets_and_the_funnel_answer_carries_them()
    {
        const string south = "华南团队 South";
        var problems = new List<string>();
        foreach (var (language, size) in new[] { ("zh-CN", "desktop"), ("en", "desktop"), ("zh-CN", "phone"), ("en", "phone") })
        {
            var page = await fixture.NewSignedInPageAsync("admin", language == "en" ? "en-US" : "zh-CN", size == "phone" ? BrowserFixture.Phone : BrowserFixture.Desktop);
            await fixture.GoToAsync(page, $"/targets?month={Month}");
            await page.Locator("#conversion-targets tr[data-stage='lead']").WaitForAsync();
            if (language == "en" && size == "desktop")
            {
                // South's standing lead target, typed in and left: stored, and the funnel answer for South carries it.
                var cell = page.Locator($"#conversion-targets tr[data-stage='lead'] td[data-team='{south}'] input");
                await cell.FillAsync("45");
                await cell.PressAsync("Tab");
                await WaitForAsync($"select rate from conversion_targets c join teams t on t.id = c.team_id where t.name = '{south}' and c.month is null", "0.45");
                var funnel = await fixture.ApiAsync(page, $"/api/v1/analytics/funnel?where={Uri.EscapeDataString("team=" + south)}");
                Assert.Equal(0.45, (double)funnel["stages"]![0]!["target"]!);

                // South's won-amount target for the month, beside what South's reps won.
                var amount = page.Locator($"#sales-targets tr[data-holder='team:{south}'] .target-amount input");
                await amount.FillAsync("800000");
                await amount.PressAsync("Tab");
                await WaitForAsync($"select won_amount from sales_targets s join teams t on t.id = s.team_id where t.name = '{south}'", "800000");
                await Assertions.Expect(page.Locator($"#sales-targets tr[data-holder='team:{south}'] .target-amount input")).ToHaveValueAsync("800000");
                // Opened again, as the next person would see it.
                await fixture.GoToAsync(page, $"/targets?month={Month}");
                await Assertions.Expect(page.Locator($"#conversion-targets tr[data-stage='lead'] td[data-team='{south}'] input")).ToHaveValueAsync("45");
            }
            await ShellBrowserTests.CheckAsync(page, "targets", language, size, problems);
            await page.Context.CloseAsync();
        }
        Assert.Empty(problems);

        // A manager of another team reads South's nothing and writes only their own team's column.
        var manager = await fixture.NewSignedInPageAsync("chen.jing", "en-US");
        await fixture.GoToAsync(manager, $"/targets?month={Month}");
        await manager.Locator("#conversion-targets tr[data-stage='lead']").WaitForAsync();
        Assert.Equal(0, await manager.Locator($"#conversion-targets td[data-team='{south}']").CountAsync());
        Assert.Equal(0, await manager.Locator("#conversion-targets td[data-team=''] input").CountAsync());
        await manager.Context.CloseAsync();

        // A rep reads their team's targets and their own, nobody else's, and changes none.
        var rep = await fixture.NewSignedInPageAsync("zhang.wei", "en-US");
        await fixture.GoToAsync(rep, $"/targets?month={Month}");
        await rep.Locator("#sales-targets tbody tr").First.WaitForAsync();
        Assert.Equal(["team:华东团队 East", "rep:zhang.wei"], await rep.Locator("#sales-targets tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.holder)"));
        Assert.Equal(0, await rep.Locator("#targets-page input, #conversion-targets input, #sales-targets input").CountAsync());
        await rep.Context.CloseAsync();
    }

    private async Task WaitForAsync(string sql, string expected)
    {
        for (var tries = 0; await fixture.TextAsync(sql) is var actual && !Same(actual, expected); tries++)
        {
            Assert.True(tries < 50, $"{sql} is '{actual}', not {expected}, after 5 s");
            await Task.Delay(100);
        }
    }

    // SQLite answers 800000 or 800000.0 depending on the column's affinity: compared as numbers.
    private static bool Same(string actual, string expected) =>
        decimal.TryParse(actual, NumberStyles.Float, CultureInfo.InvariantCulture, out var a) && decimal.Parse(expected, CultureInfo.InvariantCulture) == a;
}
