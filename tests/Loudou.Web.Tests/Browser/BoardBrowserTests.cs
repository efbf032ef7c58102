using System.Globalization;
using System.Text.Json;
using Loudou.Core.Access;
using Loudou.Core.Demo;
using Loudou.Storage;
using Loudou.Storage.Deals;
using Microsoft.Playwright;

namespace Loudou.Web.Tests.Browser;

/// <summary>
/// The pipeline board in real Chromium: a drag to the next stage is refused at the gate with what is missing and
/// the card goes back; a drag to Lost asks the reason and moves the deal; a deal someone else changed goes back
/// to its true column with a message; the column totals equal the API's for the same filter; on a phone the
/// board is a stage picker over one column. Screenshots in both languages and sizes.
/// </summary>
public class BoardBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_rep_drags_a_card_onward_is_refused_at_the_gate_sees_what_is_missing_and_the_card_goes_back()
    {
        var deal = await NewLeadDealAsync(DemoCast.StarRep, 1);
        var required = await fixture.CountAsync($"""
            select count(*) from deals d join stage_actions a on a.stage_id = d.stage_id
            where d.id = {deal} and a.required = 1
              and not exists (select 1 from action_completions c where c.deal_id = d.id and c.stage_action_id = a.id)
            """);
        Assert.True(required > 0);
        var page = await fixture.NewSignedInPageAsync(DemoCast.StarRep, "en-US");
        await fixture.GoToAsync(page, "/board");

        var card = Card(page, "lead", deal);
        await DragAsync(page, card, Column(page, "nurturing"));
        var refused = page.Locator(".mud-dialog #deal-gate-refused");
        await refused.WaitForAsync();
        Assert.Equal(required, await refused.Locator("li[data-missing]").CountAsync());
        Assert.Equal(0, await page.Locator("#deal-override").CountAsync());
        await page.Locator("#deal-gate-cancel").ClickAsync();

        await page.Locator($"section[data-stage='lead'] li[data-deal='{deal}'].returned").WaitForAsync();
        Assert.Equal(0, await Column(page, "nurturing").Locator($"li[data-deal='{deal}']").CountAsync());
        Assert.Equal("lead", await StageOfAsync(deal));

        // Someone else changes the deal meanwhile: a move from the card's menu is refused by its version, and the card stays in its true column.
        await fixture.ScalarAsync($"update deals set version = version + 1 where id = {deal}");
        await card.Locator(".loudou-card-menu button").ClickAsync();
        await page.Locator(".mud-popover-open .mud-menu-item[data-stage='nurturing']").ClickAsync();
        await page.Locator(".mud-snackbar", new() { HasText = "changed" }).WaitForAsync();
        await page.Locator($"section[data-stage='lead'] li[data-deal='{deal}']").WaitForAsync();
        Assert.Equal("lead", await StageOfAsync(deal));
    }

    [Fact]
    public async Task A_manager_drags_a_card_to_lost_gives_the_reason_and_the_deal_leaves_the_board()
    {
        var manager = await ManagerOfAsync(DemoCast.StarRep);
        var deal = await NewLeadDealAsync(DemoCast.StarRep, 2);
        var page = await fixture.NewSignedInPageAsync(manager, "en-US");
        await fixture.GoToAsync(page, "/board");
        var lostBefore = int.Parse((await page.Locator("section.loudou-board-outcome[data-stage='lost'] [data-count]").GetAttributeAsync("data-count"))!, CultureInfo.InvariantCulture);

        await DragAsync(page, Card(page, "lead", deal), page.Locator("section.loudou-board-outcome[data-stage='lost']"));
        var confirm = page.Locator("#deal-lost-confirm");
        await confirm.WaitForAsync();
        Assert.True(await confirm.IsDisabledAsync());
        await page.Locator(".mud-dialog #deal-loss-reason").Locator("xpath=..").ClickAsync();
        await page.Locator(".mud-popover-open [role=option]").First.ClickAsync();
        await confirm.ClickAsync();

        await page.Locator($"section.loudou-board-outcome[data-stage='lost'] [data-count='{lostBefore + 1}']").WaitForAsync();
        Assert.Equal(0, await page.Locator($"li[data-deal='{deal}']").CountAsync());
        Assert.Equal("lost", await StageOfAsync(deal));
        Assert.Equal(1, await fixture.CountAsync($"select count(*) from deals where id = {deal} and loss_reason_id is not null"));
    }

    [Fact]
    public async Task The_column_totals_equal_the_apis_for_the_same_filter_and_a_plain_count()
    {
        var channel = DemoCast.Channels[1].Name;
        var page = await fixture.NewSignedInPageAsync("admin", "en-US");
        await fixture.GoToAsync(page, $"/board?channel={Uri.EscapeDataString(channel)}");
        await page.Locator("section.loudou-board-col").First.WaitForAsync();

        var answer = await page.APIRequest.GetAsync($"{fixture.Address}/api/v1/board?channel={Uri.EscapeDataString(channel)}&cards=0");
        var api = JsonDocument.Parse(await answer.TextAsync()).RootElement;
        foreach (var column in api.GetProperty("columns").EnumerateArray())
        {
            var stage = column.GetProperty("stage").GetString();
            var head = page.Locator($"section.loudou-board-col[data-stage='{stage}'] .loudou-board-head");
            Assert.Equal(column.GetProperty("count").GetInt32().ToString(CultureInfo.InvariantCulture), await head.Locator("[data-count]").GetAttributeAsync("data-count"));
            Assert.Equal(column.GetProperty("sum").GetDecimal(), decimal.Parse((await head.Locator("[data-sum]").GetAttributeAsync("data-sum"))!, CultureInfo.InvariantCulture));
            Assert.Equal(column.GetProperty("weighted").GetDecimal(), decimal.Parse((await head.Locator("[data-weighted]").GetAttributeAsync("data-weighted"))!, CultureInfo.InvariantCulture));
            Assert.Equal(await fixture.CountAsync($"""
                select count(*) from deals d join stages s on s.id = d.stage_id join channels c on c.id = d.channel_id
                where s.key = '{stage}' and c.name = '{channel.Replace("'", "''", StringComparison.Ordinal)}'
                """), column.GetProperty("count").GetInt32());
        }
    }

    [Theory]
    [InlineData("zh-CN", "desktop")]
    [InlineData("en", "desktop")]
    [InlineData("zh-CN", "phone")]
    [InlineData("en", "phone")]
    public async Task The_board_reads_on_a_desk_and_becomes_a_stage_picker_on_a_phone(string language, string size)
    {
        var phone = size == "phone";
        var page = await fixture.NewSignedInPageAsync(DemoCast.StarRep, language == "en" ? "en-US" : "zh-CN", phone ? BrowserFixture.Phone : BrowserFixture.Desktop);
        await fixture.GoToAsync(page, "/board");
        await page.Locator("section.loudou-board-col li[data-deal]").First.WaitForAsync();
        await BrowserFixture.DocsScreenshotAsync(page, $"board.{language}.{size}");
        if (phone)
        {
            Assert.True(await page.Locator("section.loudou-board-col[data-stage='lead']").IsVisibleAsync());
            var menu = await page.Locator("section.loudou-board-col.picked .loudou-card-menu button").First.BoundingBoxAsync();
            Assert.True(menu!.Height >= 40 && menu.Width >= 40, $"card menu is {menu.Width}×{menu.Height}");
            Assert.False(await page.Locator("section.loudou-board-col[data-stage='nurturing']").IsVisibleAsync());
            await page.Locator("#board-stage-picker").Locator("xpath=..").ClickAsync();
            await page.Locator(".mud-popover-open [role=option]").Nth(1).ClickAsync();
            await page.Locator("section.loudou-board-col[data-stage='nurturing']").WaitForAsync(new() { State = WaitForSelectorState.Visible });
            Assert.False(await page.Locator("section.loudou-board-col[data-stage='lead']").IsVisibleAsync());
            Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"));
        }
        Assert.Empty(await BrowserFixture.CspViolationsAsync(page));
    }

    /// <summary>
    /// A drag from the card to the target, as the browser reports it to the page: drag start on the card, then
    /// drop on the target. (Headless Chromium's synthesized mouse drag proved unreliable at picking the source.)
    /// </summary>
    private static async Task DragAsync(IPage page, ILocator card, ILocator target)
    {
        var transfer = await page.EvaluateHandleAsync("() => new DataTransfer()");
        await card.DispatchEventAsync("dragstart", new { dataTransfer = transfer });
        await page.Locator($"#board[data-dragging='{await card.GetAttributeAsync("data-deal")}']").WaitForAsync();
        await target.DispatchEventAsync("dragover", new { dataTransfer = transfer });
        await target.DispatchEventAsync("drop", new { dataTransfer = transfer });
    }

    private static ILocator Column(IPage page, string stage) => page.Locator($"section.loudou-board-col[data-stage='{stage}']");

    private static ILocator Card(IPage page, string stage, long deal) => Column(page, stage).Locator($"li[data-deal='{deal}']");

    /// <summary>A lead deal of the rep larger than any demo deal, so that it heads its column's first page.</summary>
    private async Task<long> NewLeadDealAsync(string login, int n)
    {
        await using var db = LoudouDatabase.CreateContext(fixture.Target, AccessScope.Everything);
        var (id, errors) = await new DealCreation(db, TimeProvider.System).CreateAsync(
            new DealDraft($"Board test {n}", Stage: "lead", Owner: login, Account: $"Board test account {n}", Channel: DemoCast.Channels[0].Name, Amount: 90_000_000m + n));
        Assert.True(id is not null, string.Join("; ", errors.SelectMany(e => e.Value)));
        return id.Value;
    }

    private Task<string> ManagerOfAsync(string rep) => fixture.TextAsync($"""
        select m.login_name from users m join users r on r.team_id = m.team_id
        where r.login_name = '{rep}' and m.role = 'Manager' limit 1
        """);

    private Task<string> StageOfAsync(long deal) => fixture.TextAsync($"select s.key from deals d join stages s on s.id = d.stage_id where d.id = {deal}");
}
