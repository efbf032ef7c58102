using Loudou.Core.Access;
using Loudou.Core.Demo;
using Loudou.Core.Workspace;
using Loudou.Storage;
using Loudou.Storage.Activities;
using Loudou.Storage.Deals;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Loudou.Web.Tests.Browser;

/// <summary>
/// My day in real Chromium against the real host, as the demo's star rep: `/` lands there; its overdue tasks and rotting
/// deals are exactly those a plain SQL query finds; on a phone the page fits the screen, every control is a thumb's size,
/// a count opens its list, and a task ticked, an activity logged and a task added each move a deal off the list it no
/// longer belongs in. Saves
/// docs/screenshots/today.{zh-CN,en}.{desktop,phone}.png.
/// </summary>
public class TodayBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_rep_lands_on_my_day_which_lists_exactly_their_overdue_tasks_and_rotting_deals_in_each_language_and_size()
    {
        var problems = new List<string>();
        IPage page = null!;
        foreach (var (language, size) in new[] { ("zh-CN", "desktop"), ("en", "desktop"), ("zh-CN", "phone"), ("en", "phone") })
        {
            page = await fixture.NewSignedInPageAsync(DemoCast.StarRep, language == "en" ? "en-US" : "zh-CN", size == "phone" ? BrowserFixture.Phone : BrowserFixture.Desktop);
            await fixture.GoToAsync(page, "/");
            await page.WaitForURLAsync("**/today");
            await page.Locator("#today-counts").WaitForAsync();
            await ShellBrowserTests.CheckAsync(page, "today", language, size, problems);
            if (size == "desktop")
            {
                await page.Context.CloseAsync();
            }
        }
        Assert.Empty(problems);

        // The last page is the English phone one: what it lists against the database at the moment the page read it.
        var now = await page.Locator("#today-counts").GetAttributeAsync("data-now");
        var overdue = await IdsAsync($"""
            select t.id from deal_tasks t join users u on u.id = t.assignee_id
            where u.login_name = '{DemoCast.StarRep}' and t.done_at is null and t.due is not null and julianday(t.due) < julianday('{now}')
            """);
        var rotting = await IdsAsync($"""
            select d.id from deals d join stages s on s.id = d.stage_id join users u on u.id = d.owner_id
            where u.login_name = '{DemoCast.StarRep}' and s.kind = 'Open' and s.rotting_days is not null
              and julianday('{now}') - julianday((select max(t.entered_at) from stage_transitions t where t.deal_id = d.id and t.stage_id = d.stage_id)) > s.rotting_days
            """);
        // The demo moves with the calendar: the star rep has overdue tasks every day, but on some days no rotting deal.
        Assert.NotEmpty(overdue);
        Assert.Equal(overdue.Length.ToString("N0", System.Globalization.CultureInfo.GetCultureInfo("en-US")),
            (await page.Locator("#today-counts [data-count='overdue'] .loudou-today-count-value").InnerTextAsync()).Trim());
        Assert.Equal(overdue, await ShownAsync(page, "#today-overdue li[data-task]", "task"));
        Assert.Equal(rotting, await ShownAsync(page, "#today-rotting li[data-deal]", "deal"));

        // A thumb's size: each row's actions, each tick box and each count.
        var rows = page.Locator("li[data-deal], li[data-task]");
        var controls = rows.GetByRole(AriaRole.Button).Or(rows.GetByRole(AriaRole.Link, new() { Name = "Open", Exact = true }))
            .Or(rows.Locator(".mud-checkbox .mud-button-root")).Or(page.Locator("#today-counts a"));
        var heights = await controls.EvaluateAllAsync<double[]>("es => es.map(e => e.getBoundingClientRect().height)");
        Assert.True(heights.Length > overdue.Length + 3 * rotting.Length, $"{heights.Length} controls measured");
        Assert.All(heights, height => Assert.True(height >= 40, $"a control {height} px high"));
    }

    [Fact]
    public async Task On_a_phone_a_task_ticked_an_activity_logged_and_a_task_added_each_take_a_deal_off_the_list_it_left()
    {
        var (toPlan, toTick) = (await NewDealAsync("My day test: to plan"), await NewDealAsync("My day test: to tick"));
        var task = await OverdueTaskAsync(toTick, "Call back about the quote");
        var page = await fixture.NewSignedInPageAsync(DemoCast.StarRep, "en-US", BrowserFixture.Phone);
        await fixture.GoToAsync(page, "/today");
        var overdueRow = page.Locator($"#today-overdue li[data-task='{task}']");
        await overdueRow.WaitForAsync();
        var unplanned = page.Locator($"#today-no-next-step li[data-deal='{toTick}']");
        Assert.Equal(0, await unplanned.CountAsync());
        Assert.Equal(BrowserFixture.Phone.Width, await WidthAsync(page));
        // A count opens its list: below the fold on a phone, scrolled into sight.
        await page.Locator("#today-counts").GetByRole(AriaRole.Link, new() { Name = "No next step" }).ClickAsync();
        await page.WaitForURLAsync("**/today#today-no-next-step");
        await Assertions.Expect(page.Locator("#today-no-next-step")).ToBeInViewportAsync();

        // Ticked: the task is done and gone from the overdue list, and its deal, with nothing planned now, has no next step.
        await overdueRow.GetByRole(AriaRole.Checkbox).ClickAsync();
        await unplanned.WaitForAsync();
        Assert.Equal(0, await overdueRow.CountAsync());
        Assert.Equal(1, await fixture.CountAsync($"select count(*) from deal_tasks where id = {task} and done_at is not null"));

        // An activity logged from that row: the deal was just touched, so it leaves the list.
        await unplanned.GetByRole(AriaRole.Button, new() { Name = "Log activity" }).ClickAsync();
        await page.Locator("#today-activity-kind").Locator("xpath=..").ClickAsync();
        await page.Locator(".mud-popover-open [role=option]", new() { HasText = "Visit" }).ClickAsync();
        await page.Locator("#today-activity-outcome").FillAsync("Met the buyer at the fair");
        await page.Locator("#today-activity-log").ClickAsync();
        await unplanned.WaitForAsync(new() { State = WaitForSelectorState.Detached });
        Assert.Equal(1, await fixture.CountAsync($"""
            select count(*) from activities a join users u on u.id = a.by_user_id
            where a.deal_id = {toTick} and a.kind = 'Visit' and a.outcome = 'Met the buyer at the fair' and u.login_name = '{DemoCast.StarRep}'
            """));

        // A task added to the other: refused on its field without a title, then the rep's own, due at the end of tomorrow.
        var planned = page.Locator($"#today-no-next-step li[data-deal='{toPlan}']");
        await planned.GetByRole(AriaRole.Button, new() { Name = "Add task" }).ClickAsync();
        await page.Locator("#today-task-add").ClickAsync();
        await page.Locator(".mud-dialog .mud-input-control.mud-input-error", new() { Has = page.Locator("#today-task-title") }).WaitForAsync();
        Assert.Equal(0, await fixture.CountAsync($"select count(*) from deal_tasks where deal_id = {toPlan}"));
        await page.Locator("#today-task-title").FillAsync("Send the catalogue");
        await page.Locator("#today-task-add").ClickAsync();
        await planned.WaitForAsync(new() { State = WaitForSelectorState.Detached });
        var calendar = new WorkspaceCalendar(WorkspaceCalendar.FindZone(await fixture.TextAsync("select time_zone_id from workspace_settings")));
        var due = calendar.StartOf(calendar.DateOf(DateTimeOffset.UtcNow).AddDays(1)).AddHours(18).UtcDateTime;
        Assert.Equal(1, await fixture.CountAsync($"""
            select count(*) from deal_tasks t join users u on u.id = t.assignee_id
            where t.deal_id = {toPlan} and t.title = 'Send the catalogue' and t.done_at is null and u.login_name = '{DemoCast.StarRep}'
              and julianday(t.due) = julianday('{due:yyyy-MM-dd HH:mm:ss}')
            """));
    }

    /// <summary>How wide the page is laid out. A phone's browser zooms out to show a page wider than its screen, so the
    /// window then grows with the page; the screen's width is the measure.</summary>
    private static Task<int> WidthAsync(IPage page) => page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");

    /// <summary>The ids a plain query selects, in order.</summary>
    private async Task<long[]> IdsAsync(string sql)
    {
        var ids = await fixture.TextAsync($"select coalesce(group_concat(id), '') from ({sql})");
        return [.. ids.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(long.Parse).Order()];
    }

    private static async Task<long[]> ShownAsync(IPage page, string rows, string attribute) =>
        [.. (await page.Locator(rows).EvaluateAllAsync<long[]>($"es => es.map(e => +e.dataset.{attribute})")).Order()];

    /// <summary>A new deal of the star rep's in the lead stage: no task, no activity, its first response not due yet.</summary>
    private async Task<long> NewDealAsync(string name)
    {
        await using var db = LoudouDatabase.CreateContext(fixture.Target, AccessScope.Everything);
        var (id, errors) = await new DealCreation(db, TimeProvider.System).CreateAsync(
            new DealDraft(name, Stage: "lead", Owner: DemoCast.StarRep, Account: name + " account", Channel: DemoCast.Channels[0].Name, Amount: 66_000m));
        Assert.True(id is not null, string.Join("; ", errors.SelectMany(e => e.Value)));
        return id.Value;
    }

    /// <summary>A task of the star rep's on a deal, due two hours ago, written as the rep through the task store.</summary>
    private async Task<long> OverdueTaskAsync(long deal, string title)
    {
        AccessScope rep;
        await using (var db = LoudouDatabase.CreateContext(fixture.Target, AccessScope.Everything))
        {
            rep = AccessScope.For(await db.Users.SingleAsync(u => u.LoginName == DemoCast.StarRep));
        }
        await using var repDb = LoudouDatabase.CreateContext(fixture.Target, rep);
        var written = await new TaskStore(repDb, TimeProvider.System).CreateAsync(deal,
            new TaskFields(new HashSet<string>(StringComparer.Ordinal) { "title", "due" }, title, DateTimeOffset.UtcNow.AddHours(-2)));
        return written.Id!.Value;
    }
}
