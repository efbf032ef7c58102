using System.Globalization;
using System.Text.Json.Nodes;
using Loudou.Core.Access;
using Loudou.Core.Demo;
using Loudou.Storage;
using Microsoft.Playwright;

namespace Loudou.Web.Tests.Browser;

/// <summary>
/// The funnel dashboard in real Chromium on the demo workspace: its figures are the analytics API's for the same
/// address and caller, every number opens exactly that many deals, the address carries the whole view, bad
/// parameters are dropped with a message, and both languages and a phone hold. Saves docs/screenshots/funnel.*.png.
/// </summary>
public class FunnelBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private static readonly CultureInfo Chinese = CultureInfo.GetCultureInfo("zh-CN");

    public static TheoryData<string, string> Roles => new() { { "admin", "admin" }, { "manager", "chen.jing" }, { "rep", DemoCast.StarRep } };

    [Theory]
    [MemberData(nameof(Roles))]
    public async Task The_page_shows_the_analytics_API_s_figures_for_the_same_address_and_caller(string role, string login)
    {
        const string View = "by=team&compare=previous-period";
        var page = await fixture.NewSignedInPageAsync(login);
        await OpenAsync(page, "/funnel?" + View);
        var api = await fixture.ApiAsync(page, "/api/v1/analytics/funnel?lang=zh-CN&" + View);

        Assert.Equal(N(api["deals"]), await KpiAsync(page, "deals"));
        Assert.Equal(N(api["won"]), await KpiAsync(page, "won"));
        Assert.Equal(N(api["lost"]), await KpiAsync(page, "lost"));
        Assert.Equal(N(api["open"]), await KpiAsync(page, "open"));
        Assert.Equal(Percent(api["winRate"]), await KpiAsync(page, "win-rate"));
        foreach (var row in api["stages"]!.AsArray().Select(r => r!.AsObject()))
        {
            var cells = page.Locator($"#funnel-stages tr[data-stage='{(string)row["stage"]!}'] td");
            Assert.Equal(N(row["entered"]), await cells.Nth(0).InnerTextAsync());
            Assert.Equal(row["advanced"] is null ? "—" : N(row["advanced"]), await cells.Nth(1).InnerTextAsync());
            Assert.Equal(Percent(row["conversion"]), await cells.Nth(4).InnerTextAsync());
        }
        var groups = api["groups"]!.AsArray().Select(g => g!.AsObject()).ToList();
        Assert.Equal(groups.Count, await page.Locator("#funnel-groups tbody tr").CountAsync());
        foreach (var group in groups)
        {
            var cells = page.Locator($"#funnel-groups tr[data-group='{(string)group["key"]!}'] td");
            Assert.Equal(N(group["deals"]), await cells.Nth(0).InnerTextAsync());
            Assert.Equal(N(group["won"]), await cells.Nth(1).InnerTextAsync());
        }
        // A manager's and a rep's totals are their own deals', not the workspace's.
        var all = await fixture.CountAsync("SELECT count(*) FROM deals");
        Assert.True(role == "admin" ? (long)api["deals"]! == all : (long)api["deals"]! < all, $"{role} sees {api["deals"]} of {all} deals");
        var problems = new List<string>();
        foreach (var size in new[] { "desktop", "phone" })
        {
            foreach (var language in new[] { "zh-CN", "en" })
            {
                var shot = await fixture.NewSignedInPageAsync(login, language == "en" ? "en-US" : "zh-CN", size == "phone" ? BrowserFixture.Phone : BrowserFixture.Desktop);
                await OpenAsync(shot, "/funnel");
                await ShellBrowserTests.CheckAsync(shot, $"funnel.{role}", language, size, problems);
                await shot.Context.CloseAsync();
            }
        }
        Assert.Empty(problems);
    }

    [Fact]
    public async Task Broken_down_by_layer_the_page_shows_each_A_B_C_layers_funnel_as_the_API_does()
    {
        await using (var db = LoudouDatabase.CreateContext(fixture.Target, AccessScope.Everything))
        {
            var trained = await new Loudou.Scoring.ScoringService(db, TimeProvider.System).TrainAsync(null, Loudou.Scoring.ScoringSettings.Default);
            Assert.True(trained.Report is not null, trained.Refusal);
        }
        var page = await fixture.NewSignedInPageAsync("admin", "en-US", BrowserFixture.Desktop);
        await OpenAsync(page, "/funnel?by=layer");
        var api = await fixture.ApiAsync(page, "/api/v1/analytics/funnel?by=layer");

        // Every deal has a layer once a model is trained: open deals by their score, closed ones by their held-out score.
        var groups = api["groups"]!.AsArray().Select(g => g!.AsObject()).ToList();
        Assert.True(groups.Count >= 2, api["groups"]!.ToJsonString());
        Assert.All(groups, g => Assert.Contains((string)g["key"]!, new[] { "A", "B", "C" }));
        Assert.Equal(await fixture.CountAsync("SELECT count(*) FROM deals"), groups.Sum(g => (long)g["deals"]!));
        Assert.Equal(groups.Count, await page.Locator("#funnel-groups tbody tr").CountAsync());
        foreach (var group in groups)
        {
            var cells = page.Locator($"#funnel-groups tr[data-group='{(string)group["key"]!}'] td");
            Assert.Equal(N(group["deals"]), await cells.Nth(0).InnerTextAsync());
            Assert.Equal(N(group["won"]), await cells.Nth(1).InnerTextAsync());
        }
        var problems = new List<string>();
        await page.Locator("#funnel-groups").ScrollIntoViewIfNeededAsync();
        await ShellBrowserTests.CheckAsync(page, "funnel-layers", "en", "desktop", problems);
        Assert.Empty(problems);
    }

    [Fact]
    public async Task Each_number_clicked_lists_exactly_that_many_deals_and_the_list_exports_them()
    {
        var page = await fixture.NewSignedInPageAsync("chen.jing");
        await OpenAsync(page, "/funnel");
        var first = page.Locator("#funnel-stages tbody tr").First;

        foreach (var measure in new[] { "entered", "lost", "open" })
        {
            var link = first.Locator($"a[data-measure='{measure}']");
            var shown = await link.InnerTextAsync();
            await link.ClickAsync();
            Assert.Equal(shown, await DrillTotalAsync(page));
            await page.GoBackAsync();
            await ShownAsync(page);
        }
        var cell = page.Locator("#funnel-groups tbody tr").Nth(1).Locator("a[data-measure='won']");
        var won = await cell.InnerTextAsync();
        await cell.ClickAsync();
        Assert.Equal(won, await DrillTotalAsync(page));
        Assert.Contains("group=", page.Url, StringComparison.Ordinal);
        await page.GoBackAsync();
        await ShownAsync(page);
        var kpi = await KpiAsync(page, "lost");
        await page.Locator("[data-kpi='lost']").ClickAsync();
        Assert.Equal(kpi, await DrillTotalAsync(page));
        await BrowserFixture.DocsScreenshotAsync(page, "funnel.drill.zh-CN.desktop");

        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#drill-csv").ClickAsync());
        var lines = await File.ReadAllLinesAsync(await download.PathAsync());
        Assert.Equal(long.Parse(kpi, NumberStyles.AllowThousands, Chinese) + 1, lines.Length);
        Assert.StartsWith("商机,客户,阶段", lines[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_address_carries_the_whole_view_and_a_change_keeps_the_rest()
    {
        var team = await fixture.TextAsync("SELECT name FROM teams ORDER BY name LIMIT 1");
        var view = $"/funnel?from=2026-01-01&to=2026-11-30&by=owner&where={Uri.EscapeDataString("team=" + team)}&cohort=entered%3Aneeds&strict=true";
        var page = await fixture.NewSignedInPageAsync("admin", "en-US");
        await OpenAsync(page, view);

        Assert.Equal(fixture.Address + view, page.Url);
        Assert.Contains(team, await page.InnerTextAsync("#funnel-chips"), StringComparison.Ordinal);
        Assert.Contains("Owner", await page.Locator("#breakdown-by").Locator("..").InnerTextAsync(), StringComparison.Ordinal);
        await page.Locator("#filter-compare").Locator("..").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Previous period" }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("compare=previous-period", StringComparison.Ordinal));
        await ShownAsync(page);

        Assert.Equal(fixture.Address + view + "&compare=previous-period", page.Url);
        var api = await fixture.ApiAsync(page, "/api/v1/analytics/funnel" + view["/funnel".Length..] + "&compare=previous-period");
        Assert.Equal(N(api["deals"], "en-US"), await KpiAsync(page, "deals"));
        Assert.NotNull(await page.Locator("#funnel-compare-note").TextContentAsync());
        await BrowserFixture.DocsScreenshotAsync(page, "funnel.compare.en.desktop");
    }

    [Fact]
    public async Task Parameters_that_name_nothing_are_dropped_with_a_message_and_no_match_names_the_filters()
    {
        var page = await fixture.NewSignedInPageAsync("admin", "en-US");

        await OpenAsync(page, "/funnel?pipeline=nope&by=colour&where=channel%3DNowhere&from=2026-13-01&cohort=entered%3Ano-stage");
        var messages = await page.Locator(".funnel-message").AllInnerTextsAsync();
        Assert.Equal(5, messages.Count);
        Assert.Contains(messages, m => m.Contains("Nowhere", StringComparison.Ordinal));
        Assert.Equal(N(await fixture.CountAsync("SELECT count(*) FROM deals"), "en-US"), await KpiAsync(page, "deals"));

        await fixture.GoToAsync(page, "/funnel?from=2031-01-01");
        var empty = await page.InnerTextAsync("#funnel-empty");
        Assert.Contains("No deals match", empty, StringComparison.Ordinal);
        Assert.Contains("2031", empty, StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator(".loudou-chart").CountAsync());
        await BrowserFixture.DocsScreenshotAsync(page, "funnel.empty.en.desktop");

        await fixture.GoToAsync(page, "/funnel/deals?stage=no-such-stage&measure=lost");
        Assert.Contains("no-such-stage", await page.InnerTextAsync("#drill-refused"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task On_a_phone_the_charts_stack_and_the_tables_scroll_inside_their_box()
    {
        var page = await fixture.NewSignedInPageAsync("chen.jing", "zh-CN", BrowserFixture.Phone);
        await OpenAsync(page, "/funnel");

        var funnel = (await page.Locator("[data-chart='funnel']").BoundingBoxAsync())!;
        var time = (await page.Locator("[data-chart='time-in-stage']").BoundingBoxAsync())!;
        Assert.True(time.Y >= funnel.Y + funnel.Height, "time in stage sits under the funnel on a phone");
        Assert.True(funnel.Width <= BrowserFixture.Phone.Width);
        var table = await page.EvaluateAsync<int[]>("() => { const t = document.querySelector('#funnel-stages'); return [t.scrollWidth, t.parentElement.clientWidth]; }");
        Assert.True(table[0] > table[1], "the stage table is wider than a phone and scrolls in its own box");
    }

    [Fact]
    public async Task The_tables_export_as_one_workbook_with_numbers_as_numbers()
    {
        var page = await fixture.NewSignedInPageAsync("admin", "en-US");
        await OpenAsync(page, "/funnel");

        await page.Locator("#funnel-export").ClickAsync();
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#export-xlsx").ClickAsync());
        var path = await download.PathAsync();

        var sheets = MiniExcelLibs.MiniExcel.GetSheetNames(path);
        Assert.Equal(["Summary", "Stages", "Trend", "Breakdown", "Heat map"], sheets);
        var summary = MiniExcelLibs.MiniExcel.Query(path, sheetName: "Summary", excelType: MiniExcelLibs.ExcelType.XLSX).Cast<IDictionary<string, object?>>().ToList();
        var deals = summary.Single(r => (string?)r["A"] == "Deals")["B"];
        Assert.IsType<double>(deals);
        Assert.Equal(await fixture.CountAsync("SELECT count(*) FROM deals"), Convert.ToInt64(deals, CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task The_leak_panels_show_the_API_s_findings_and_their_counts_open_exactly_those_deals()
    {
        var page = await fixture.NewSignedInPageAsync("admin");
        await OpenAsync(page, "/funnel");
        await page.Locator("#loss-reasons, #no-bottleneck").First.WaitForAsync();
        await page.Locator("#whatif-table").WaitForAsync();
        var bottlenecks = await fixture.ApiAsync(page, "/api/v1/analytics/bottlenecks?lang=zh-CN");
        var losses = await fixture.ApiAsync(page, "/api/v1/analytics/losses?lang=zh-CN");
        var whatIf = await fixture.ApiAsync(page, "/api/v1/analytics/whatif?lang=zh-CN");

        var items = bottlenecks["items"]!.AsArray();
        Assert.Equal(Math.Min(5, items.Count), await page.Locator("#bottlenecks li").CountAsync());
        Assert.Equal(
            items.Take(5).Select(i => (string)i!["stage"]!),
            await page.Locator("#bottlenecks li").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.stage)"));
        Assert.Equal(
            whatIf["stages"]!.AsArray().Select(r => (string)r!["stage"]!),
            await page.Locator("#whatif-table tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.stage)"));
        var stage = losses["stages"]!.AsArray().Select(s => s!.AsObject()).MaxBy(s => (long)s["lost"]!)!;
        var reason = stage["reasons"]!.AsArray()[0]!.AsObject();
        var cell = page.Locator($"#loss-reasons tr[data-reason='{(string?)reason["reason"] ?? ""}'] a");
        Assert.Equal(N(reason["count"]), await cell.InnerTextAsync());
        await BrowserFixture.DocsScreenshotAsync(page, "funnel.panels.zh-CN.desktop");

        await cell.ClickAsync();
        Assert.Equal(N(reason["count"]), await DrillTotalAsync(page));
        if (items.Count > 0)
        {
            await OpenAsync(page, "/funnel");
            var first = page.Locator("#bottlenecks li").First.Locator("a.loudou-finding-link");
            var open = await first.GetAttributeAsync("data-open");
            await first.ClickAsync();
            Assert.Equal(N((long)items[0]!["openDeals"]!, "zh-CN"), await DrillTotalAsync(page));
            Assert.Equal(long.Parse(open!, CultureInfo.InvariantCulture), (long)items[0]!["openDeals"]!);
        }
        foreach (var (language, size) in new[] { ("zh-CN", "desktop"), ("en", "desktop"), ("zh-CN", "phone"), ("en", "phone") })
        {
            var shot = await fixture.NewSignedInPageAsync("admin", language == "en" ? "en-US" : "zh-CN", size == "phone" ? BrowserFixture.Phone : BrowserFixture.Desktop);
            await fixture.GoToAsync(shot, "/funnel/bottlenecks");
            await shot.Locator("#bottlenecks li, #no-bottleneck").First.WaitForAsync();
            var problems = new List<string>();
            await ShellBrowserTests.CheckAsync(shot, "bottlenecks", language, size, problems);
            Assert.Empty(problems);
            await shot.Context.CloseAsync();
        }
    }

    [Theory]
    [MemberData(nameof(Roles))]
    public async Task The_drivers_panel_shows_the_API_s_drivers_in_the_callers_scope_and_each_side_opens_its_deals(string role, string login)
    {
        var page = await fixture.NewSignedInPageAsync(login);
        await OpenAsync(page, "/funnel");
        var panel = page.Locator("#drivers[data-stage]");
        await panel.WaitForAsync();
        var stage = await panel.GetAttributeAsync("data-stage");
        var api = await fixture.ApiAsync(page, $"/api/v1/analytics/drivers?stage={stage}&lang=zh-CN");

        Assert.Equal(((long)api["exits"]!).ToString(CultureInfo.InvariantCulture), await panel.GetAttributeAsync("data-exits"));
        var significant = api["items"]!.AsArray().Select(i => i!.AsObject()).Where(i => (bool)i["significant"]!).Take(8).ToList();
        Assert.Equal(
            significant.Select(i => $"{i["feature"]}={i["value"]}"),
            await page.Locator("#drivers-table tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.feature + '=' + r.dataset.value)"));
        if (role == "admin")
        {
            await BrowserFixture.DocsScreenshotAsync(page, "bottlenecks.drivers.zh-CN.desktop", "#drivers");
        }

        // Another stage: the lead stage, where the demo's channel and first-response effects live.
        // MudSelect puts the id on its hidden input; the box around it opens the list.
        await page.Locator("#drivers-stage").Locator("xpath=..").ClickAsync();
        await page.Locator(".mud-popover-open [role=option]").First.ClickAsync();
        await page.Locator("#drivers[data-stage='lead'] #drivers-table").WaitForAsync();
        var lead = await fixture.ApiAsync(page, "/api/v1/analytics/drivers?stage=lead&lang=zh-CN");
        var top = lead["items"]!.AsArray()[0]!.AsObject();
        var row = page.Locator($"#drivers-table tbody tr[data-feature='{top["feature"]}'][data-value='{top["value"]}']");
        Assert.Equal(N(top["withoutN"]), await row.Locator("a[data-side='without']").InnerTextAsync());
        await row.Locator("a[data-side='with']").ClickAsync();
        Assert.Equal(N(top["withN"]), await DrillTotalAsync(page));
    }

    private async Task OpenAsync(IPage page, string path)
    {
        await fixture.GoToAsync(page, path);
        await ShownAsync(page);
    }

    /// <summary>Waits until the page shows the answer for its address (data-view) and has drawn every chart.</summary>
    private static async Task ShownAsync(IPage page)
    {
        await page.WaitForFunctionAsync("() => { const v = document.getElementById('funnel-page')?.dataset.view; return v && decodeURIComponent(v) === decodeURIComponent(location.pathname + location.search); }");
        await BrowserFixture.WaitForChartsAsync(page);
    }

    private static async Task<string> KpiAsync(IPage page, string name) => (await page.Locator($"[data-kpi='{name}'] .loudou-kpi-value").InnerTextAsync()).Trim();

    private static async Task<string> DrillTotalAsync(IPage page)
    {
        await page.WaitForURLAsync(url => url.Contains("/funnel/deals", StringComparison.Ordinal));
        var total = page.Locator("#drill-total");
        await total.WaitForAsync();
        return long.Parse(await total.GetAttributeAsync("data-total") ?? "", CultureInfo.InvariantCulture).ToString("N0", Chinese);
    }

    private static string N(JsonNode? n, string culture = "zh-CN") => ((long)n!).ToString("N0", CultureInfo.GetCultureInfo(culture));

    private static string N(long n, string culture) => n.ToString("N0", CultureInfo.GetCultureInfo(culture));

    private static string Percent(JsonNode? rate) => rate is null ? "—" : ((double)rate * 100).ToString("0.0", Chinese) + "%";
}
