using System.Globalization;
using Loudou.Core.Access;
using Loudou.Core.Demo;
using Loudou.Storage;
using Loudou.Storage.Deals;
using Microsoft.Playwright;

namespace Loudou.Web.Tests.Browser;

/// <summary>
/// The deal page in real Chromium against the real host: a rep ticks the stage's actions and moves the deal on after
/// being refused at the gate with exactly what is missing; a manager passes a gate with a reason that the audit shows;
/// a deal marked lost asks its reason; a stale page is told and reloaded; a deleted deal says so. Both languages and a
/// phone hold; saves docs/screenshots/deal-worked.*.png (the shell's tests save deal.*.png, a demo deal as an admin sees it). Each test takes deals no other test touches.
/// </summary>
public class DealPageBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_rep_is_refused_at_the_gate_with_what_is_missing_ticks_the_actions_and_moves_on()
    {
        var deal = await LeadDealAsync(DemoCast.StarRep, skip: 0);
        var page = await fixture.NewSignedInPageAsync(DemoCast.StarRep);
        await OpenAsync(page, deal);
        var required = await RequiredNotDoneAsync(deal);
        Assert.NotEmpty(required);

        await page.Locator("#deal-move-next").ClickAsync();
        var refused = page.Locator("#deal-gate-refused");
        await refused.WaitForAsync();
        Assert.Equal(required.Count, await refused.Locator("li[data-missing]").CountAsync());
        // A rep may not pass a gate: no override is offered.
        Assert.Equal(0, await page.Locator("#deal-override").CountAsync());
        Assert.Equal("lead", await StageOfAsync(deal));

        foreach (var action in required)
        {
            var row = page.Locator($"#deal-checklist li[data-action='{action}']");
            await row.Locator("input[type=checkbox]").ClickAsync();
            await page.Locator($"#deal-checklist li[data-action='{action}'][data-done='true']").WaitForAsync();
        }
        await page.Locator("#deal-gate[data-open='true']").WaitForAsync();
        Assert.Equal(required.Count, await fixture.CountAsync($"select count(*) from action_completions where deal_id = {deal}"));
        await page.Locator("#deal-move-next").ClickAsync();

        await page.Locator("#deal-checklist[data-stage='nurturing']").WaitForAsync();
        Assert.Equal("nurturing", await StageOfAsync(deal));
        Assert.Equal("current", await page.Locator("#deal-progress li[data-stage='nurturing']").EvaluateAsync<string>("e => e.className.includes('current') ? 'current' : e.className"));
        Assert.Equal(0, await page.Locator("#deal-gate-refused").CountAsync());
    }

    [Fact]
    public async Task A_manager_passes_the_gate_with_a_reason_the_history_shows_and_a_lost_deal_asks_why()
    {
        var manager = await fixture.TextAsync($"""
            select m.login_name from users m join users r on r.team_id = m.team_id
            where r.login_name = '{DemoCast.StarRep}' and m.role = 'Manager' limit 1
            """);
        var deal = await LeadDealAsync(DemoCast.StarRep, skip: 1);
        var page = await fixture.NewSignedInPageAsync(manager);
        await OpenAsync(page, deal);

        await page.Locator("#deal-move-next").ClickAsync();
        await page.Locator("#deal-override").ClickAsync();
        // No reason: refused on the field, nothing moved.
        await page.Locator("#deal-gate-refused .mud-input-error").First.WaitForAsync();
        Assert.Equal("lead", await StageOfAsync(deal));
        await page.Locator("#deal-override-reason").FillAsync("Customer confirmed by phone; profile to follow");
        await page.Locator("#deal-override").ClickAsync();

        await page.Locator("#deal-checklist[data-stage='nurturing']").WaitForAsync();
        Assert.Equal("nurturing", await StageOfAsync(deal));
        Assert.Equal("Customer confirmed by phone; profile to follow", await fixture.TextAsync(
            $"select reason from audit_entries where entity_type = 'deal' and entity_id = '{deal}' and action = 'GateOverride'"));
        await page.Locator("#history-table tr[data-action='GateOverride']").WaitForAsync();
        Assert.Contains("Customer confirmed by phone", await page.Locator("#history-table tr[data-action='GateOverride']").InnerTextAsync());

        await page.Locator("#deal-mark-lost").ClickAsync();
        var confirm = page.Locator("#deal-lost-confirm");
        Assert.True(await confirm.IsDisabledAsync());
        await page.Locator(".mud-dialog #deal-loss-reason").Locator("xpath=..").ClickAsync();
        var reason = (await page.Locator(".mud-popover-open [role=option]").First.InnerTextAsync()).Trim();
        await page.Locator(".mud-popover-open [role=option]").First.ClickAsync();
        await confirm.ClickAsync();
        await page.Locator("#deal-checklist[data-stage='lost']").WaitForAsync();
        Assert.Equal(reason, (await page.Locator("#deal-lost-because").InnerTextAsync()).Trim());
        Assert.Equal("lost", await StageOfAsync(deal));
        Assert.NotEqual(0, await fixture.CountAsync($"select count(*) from deals where id = {deal} and loss_reason_id is not null"));
        Assert.Equal("0%", (await page.Locator("#deal-probability").InnerTextAsync()).Trim());
    }

    [Fact]
    public async Task A_page_behind_the_deal_is_told_and_reloaded_and_a_deleted_deal_says_it_is_gone()
    {
        var deal = await LeadDealAsync(DemoCast.StarRep, skip: 2);
        var first = await fixture.NewSignedInPageAsync(DemoCast.StarRep);
        var second = await fixture.NewSignedInPageAsync(DemoCast.StarRep);
        await OpenAsync(first, deal);
        await OpenAsync(second, deal);
        var action = (await RequiredNotDoneAsync(deal))[0];

        await first.Locator($"#deal-checklist li[data-action='{action}'] input[type=checkbox]").ClickAsync();
        await first.Locator($"#deal-checklist li[data-action='{action}'][data-done='true']").WaitForAsync();
        // The second page still shows the old version: its write is refused, it says so and shows the new state.
        await second.Locator("#deal-move-next").ClickAsync();
        var notice = second.Locator("#deal-notice");
        await notice.WaitForAsync();
        Assert.Contains("有人刚修改了这个商机", await notice.InnerTextAsync());
        await second.Locator($"#deal-checklist li[data-action='{action}'][data-done='true']").WaitForAsync();
        Assert.Equal("lead", await StageOfAsync(deal));

        var admin = await fixture.NewSignedInPageAsync("admin");
        var version = await fixture.TextAsync($"select version from deals where id = {deal}");
        var deleted = await admin.Context.APIRequest.DeleteAsync($"{fixture.Address}/api/v1/deals/{deal}", new() { Headers = new Dictionary<string, string> { ["If-Match"] = $"\"{version}\"" } });
        Assert.True(deleted.Ok, await deleted.TextAsync());
        await second.Locator("#activity-outcome").FillAsync("Reached, wants a demo");
        await second.Locator("#activity-log").ClickAsync();
        await second.Locator("#deal-not-found").WaitForAsync();
        Assert.Contains("已不存在", await second.Locator("#deal-not-found").InnerTextAsync());
    }

    [Fact]
    public async Task Activities_and_tasks_are_logged_on_the_page_and_bad_input_is_refused_on_the_field()
    {
        var deal = await LeadDealAsync(DemoCast.StarRep, skip: 3);
        var page = await fixture.NewSignedInPageAsync(DemoCast.StarRep, "en-US");
        await OpenAsync(page, deal);
        var activities = await fixture.CountAsync($"select count(*) from activities where deal_id = {deal}");

        await page.Locator("#activity-outcome").FillAsync("Reached the buyer, demo next week");
        await page.Locator("#activity-log").ClickAsync();
        await page.Locator("#activity-list li", new() { HasText = "Reached the buyer, demo next week" }).WaitForAsync();
        Assert.Equal(activities + 1, await fixture.CountAsync($"select count(*) from activities where deal_id = {deal}"));

        // A task without a title is refused on the title field; what was typed elsewhere stays.
        await page.Locator("#task-due").FillAsync(DateTime.Today.AddDays(2).ToString("MM/dd/yyyy", CultureInfo.InvariantCulture));
        await page.Locator("#task-add").ClickAsync();
        await page.Locator("#deal-tasks .mud-input-error").First.WaitForAsync();
        var tasks = await fixture.CountAsync($"select count(*) from deal_tasks where deal_id = {deal}");
        await page.Locator("#task-title").FillAsync("Send the proposal draft");
        await page.Locator("#task-add").ClickAsync();
        var task = page.Locator("#task-list li", new() { HasText = "Send the proposal draft" });
        await task.WaitForAsync();
        Assert.Equal(tasks + 1, await fixture.CountAsync($"select count(*) from deal_tasks where deal_id = {deal}"));
        await task.Locator("input[type=checkbox]").ClickAsync();
        await page.Locator("#task-list li[data-done='true']", new() { HasText = "Send the proposal draft" }).WaitForAsync();
        Assert.Equal(1, await fixture.CountAsync($"select count(*) from deal_tasks where deal_id = {deal} and title = 'Send the proposal draft' and done_at is not null"));

        foreach (var (language, size) in new[] { ("zh-CN", "desktop"), ("en", "desktop"), ("zh-CN", "phone"), ("en", "phone") })
        {
            var shot = await fixture.NewSignedInPageAsync(DemoCast.StarRep, language == "en" ? "en-US" : "zh-CN", size == "phone" ? BrowserFixture.Phone : BrowserFixture.Desktop);
            await OpenAsync(shot, deal);
            await shot.Locator("#history-table, #deal-history .mud-text-secondary").First.WaitForAsync();
            var problems = new List<string>();
            await ShellBrowserTests.CheckAsync(shot, "deal-worked", language, size, problems);
            Assert.Empty(problems);
            await shot.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task A_new_deal_refuses_bad_values_on_their_fields_keeps_what_was_typed_and_opens_once_created()
    {
        var page = await fixture.NewSignedInPageAsync(DemoCast.StarRep, "en-US");
        await fixture.GoToAsync(page, "/deals");
        await page.Locator("#deal-new").ClickAsync();
        await page.Locator("#deal-form").WaitForAsync();

        await page.Locator("#form-account").FillAsync("Form test account");
        await page.Locator("#form-amount").FillAsync("-5");
        await page.Locator("#form-expected-close").FillAsync("not a date");
        await page.Locator("#form-save").ClickAsync();
        // A date that is not one is refused first, on its field, before anything is sent.
        await page.Locator("#deal-form .mud-input-control.mud-input-error", new() { Has = page.Locator("#form-expected-close") }).WaitForAsync();
        await page.Locator("#form-expected-close").FillAsync("");
        await page.Locator("#form-save").ClickAsync();
        // No name and a negative amount: both named on their fields, the account typed is still there.
        await page.Locator("#deal-form .mud-input-control.mud-input-error", new() { Has = page.Locator("#form-name") }).WaitForAsync();
        await page.Locator("#deal-form .mud-input-control.mud-input-error", new() { Has = page.Locator("#form-amount") }).WaitForAsync();
        Assert.Equal("Form test account", await page.Locator("#form-account").InputValueAsync());
        Assert.Equal(0, await fixture.CountAsync("select count(*) from deals where name = 'Form test deal'"));

        await page.Locator("#form-name").FillAsync("Form test deal");
        await page.Locator("#form-amount").FillAsync("12500");
        // A lead that is already qualified starts further on: the second open stage.
        await page.Locator("#form-stage").Locator("xpath=..").ClickAsync();
        await page.Locator(".mud-popover-open [role=option]").Nth(1).ClickAsync();
        await page.Locator(".mud-popover-open [role=option]").First.WaitForAsync(new() { State = WaitForSelectorState.Detached });
        await page.Locator("#form-expected-close").FillAsync("12/31/2026");
        await page.Locator("#form-save").ClickAsync();
        await page.WaitForURLAsync(url => System.Text.RegularExpressions.Regex.IsMatch(url, @"/deals/\d+$"));
        await page.Locator("#deal-checklist").WaitForAsync();
        Assert.Equal(1, await fixture.CountAsync("select count(*) from deals where name = 'Form test deal' and cast(amount as real) = 12500 and expected_close = '2026-12-31'"));
        Assert.Equal("Form test account", await fixture.TextAsync("select a.name from deals d join accounts a on a.id = d.account_id where d.name = 'Form test deal'"));
        Assert.Equal(
            await fixture.TextAsync("select s.key from stages s where s.pipeline_id = (select pipeline_id from deals where name = 'Form test deal') and s.kind = 'Open' order by s.position limit 1 offset 1"),
            await fixture.TextAsync("select s.key from deals d join stages s on s.id = d.stage_id where d.name = 'Form test deal'"));
    }

    [Fact]
    public async Task Two_people_editing_one_deal_end_in_the_conflict_dialog_and_neither_edit_is_lost()
    {
        var deal = await LeadDealAsync(DemoCast.StarRep, skip: 4);
        var first = await fixture.NewSignedInPageAsync(DemoCast.StarRep, "en-US");
        var second = await fixture.NewSignedInPageAsync(DemoCast.StarRep, "en-US");
        await OpenAsync(first, deal);
        await OpenAsync(second, deal);
        await first.Locator("#deal-edit").ClickAsync();
        await second.Locator("#deal-edit").ClickAsync();

        await first.Locator("#form-amount").FillAsync("99000");
        await first.Locator("#form-save").ClickAsync();
        await first.Locator("#deal-facts").WaitForAsync();
        await second.Locator("#form-name").FillAsync("Renamed by the second page");
        await second.Locator("#form-save").ClickAsync();

        var conflict = second.Locator("#conflict-changes");
        await conflict.WaitForAsync();
        Assert.Contains("99000", await conflict.Locator("tr[data-field='amount']").InnerTextAsync());
        Assert.Contains("Renamed by the second page", await conflict.Locator("tr[data-field='name']").InnerTextAsync());
        Assert.Equal("Deal page test 4", await fixture.TextAsync($"select name from deals where id = {deal}"));
        await second.Locator("#conflict-apply").ClickAsync();
        await second.Locator("#deal-facts").WaitForAsync();

        Assert.Equal("Renamed by the second page", await fixture.TextAsync($"select name from deals where id = {deal}"));
        Assert.Equal(99000, await fixture.CountAsync($"select cast(amount as integer) from deals where id = {deal}"));
        Assert.Equal("Renamed by the second page", (await second.Locator("h1").InnerTextAsync()).Trim());
    }

    [Fact]
    public async Task A_manager_tags_and_reassigns_ticked_deals_in_bulk_and_the_list_exports_what_it_shows()
    {
        var team = await fixture.TextAsync($"select team_id from users where login_name = '{DemoCast.StarRep}'");
        var manager = await fixture.TextAsync($"select login_name from users where team_id = {team} and role = 'Manager' limit 1");
        var other = await fixture.TextAsync($"select login_name from users where team_id = {team} and role = 'Rep' and login_name <> '{DemoCast.StarRep}' limit 1");
        var deals = new List<long>();
        for (var i = 10; i < 13; i++)
        {
            deals.Add(await LeadDealAsync(DemoCast.StarRep, i, "Bulk test"));
        }
        var ids = string.Join(",", deals);
        var page = await fixture.NewSignedInPageAsync(manager, "en-US");
        await fixture.GoToAsync(page, "/deals?q=" + Uri.EscapeDataString("Bulk test"));
        await page.Locator("#deals tbody tr").First.WaitForAsync();
        var rows = page.Locator("#deals tbody tr", new() { HasText = "Bulk test" });
        Assert.Equal(3, await rows.CountAsync());

        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#deals-csv").ClickAsync());
        Assert.Equal(4, (await File.ReadAllLinesAsync(await download.PathAsync())).Length);

        for (var i = 0; i < 3; i++)
        {
            await rows.Nth(i).Locator("input[type=checkbox]").ClickAsync();
        }
        await page.Locator("#bulk-count", new() { HasText = "3 selected" }).WaitForAsync();
        await page.Locator("#bulk-tag").FillAsync("bulk-vip");
        await page.Locator("#bulk-tag-apply").ClickAsync();
        await page.GetByText("3 deals changed.").WaitForAsync();
        Assert.Equal(3, await fixture.CountAsync($"select count(*) from deal_tags dt join tags t on t.id = dt.tag_id where t.name = 'bulk-vip' and dt.deal_id in ({ids})"));

        rows = page.Locator("#deals tbody tr", new() { HasText = "Bulk test" });
        for (var i = 0; i < 3; i++)
        {
            await rows.Nth(i).Locator("input[type=checkbox]").ClickAsync();
        }
        var otherName = await fixture.TextAsync($"select display_name from users where login_name = '{other}'");
        await page.Locator("#bulk-owner").Locator("xpath=..").ClickAsync();
        await page.Locator(".mud-popover-open [role=option]", new() { HasText = otherName }).ClickAsync();
        await page.Locator("#bulk-owner-apply").ClickAsync();
        // The message of the first action is still shown: wait for the rows to show their new owner instead.
        await page.Locator("#deals tbody tr").Filter(new() { HasText = "Bulk test" }).Filter(new() { HasText = otherName }).Nth(2).WaitForAsync();
        Assert.Equal(3, await fixture.CountAsync($"select count(*) from deals d join users u on u.id = d.owner_id where u.login_name = '{other}' and d.id in ({ids})"));
    }

    [Fact]
    public async Task The_deal_page_shows_the_apis_score_and_its_top_factors_in_words()
    {
        string model;
        await using (var db = LoudouDatabase.CreateContext(fixture.Target, AccessScope.Everything))
        {
            var trained = await new Loudou.Scoring.ScoringService(db, TimeProvider.System).TrainAsync(null, Loudou.Scoring.ScoringSettings.Default);
            Assert.True(trained.Report is not null, trained.Refusal);
            model = trained.Report.ToJsonString();
        }
        // An open deal well along the pipeline, as a manager opens it in the morning, scored by the active model with
        // factors to show (CI once drew a top-scored deal whose stored factors were empty: not understood yet).
        var found = await fixture.TextAsync("""
            select d.id from deals d join stages s on s.id = d.stage_id join deal_scores x on x.deal_id = d.id
            join scoring_models m on m.id = x.scoring_model_id and m.is_active
            where s.kind = 'Open' and x.factors is not null and x.factors <> '[]' order by s.position desc, x.score desc, d.id limit 1
            """);
        Assert.True(found.Length > 0, $"no open deal has factors from the model trained: {model[..Math.Min(600, model.Length)]}");
        var deal = long.Parse(found, CultureInfo.InvariantCulture);
        var problems = new List<string>();
        var page = await fixture.NewSignedInPageAsync("admin", "en-US", BrowserFixture.Desktop);
        await OpenAsync(page, deal);

        var api = await fixture.ApiAsync(page, $"/api/v1/deals/{deal}/score");
        var panel = page.Locator("#deal-score");
        await panel.Locator("#deal-score-value").WaitForAsync();
        Assert.Equal(((double)api["score"]!).ToString("P0", CultureInfo.GetCultureInfo("en-US")), (await panel.Locator("#deal-score-value").InnerTextAsync()).Trim());
        var factors = api["factors"]!.AsArray();
        Assert.NotEmpty(factors);
        var shown = panel.GetByRole(AriaRole.List, new() { Name = "Top factors" }).GetByRole(AriaRole.Listitem);
        Assert.Equal(factors.Select(f => (string)f!["text"]!["en"]!), (await shown.AllInnerTextsAsync()).Select(t => t.Trim()));
        Assert.Equal(factors.Select(f => (string)f!["direction"]!), await shown.EvaluateAllAsync<string[]>("items => items.map(i => i.dataset.direction)"));
        await panel.ScrollIntoViewIfNeededAsync();
        await ShellBrowserTests.CheckAsync(page, "deal-score", "en", "desktop", problems);

        var chinese = await fixture.NewSignedInPageAsync("admin", "zh-CN", BrowserFixture.Desktop);
        await OpenAsync(chinese, deal);
        var first = chinese.Locator("#deal-score li").First;
        await first.WaitForAsync();
        Assert.Equal((string)factors[0]!["text"]!["zh-CN"]!, (await first.InnerTextAsync()).Trim());
        Assert.Empty(problems);
    }

    private async Task OpenAsync(IPage page, long deal)
    {
        await fixture.GoToAsync(page, $"/deals/{deal}");
        await page.Locator("#deal-checklist").WaitForAsync();
        await page.Locator("#activity-list, #deal-activities .mud-text-secondary").First.WaitForAsync();
    }

    /// <summary>A new deal of the rep's in the lead stage, with the account and channel the stage's gate asks for: each test its own, its gate lacking only actions.</summary>
    private async Task<long> LeadDealAsync(string login, int skip, string name = "Deal page test")
    {
        await using var db = LoudouDatabase.CreateContext(fixture.Target, AccessScope.Everything);
        var (id, errors) = await new DealCreation(db, TimeProvider.System).CreateAsync(
            new DealDraft($"{name} {skip}", Stage: "lead", Owner: login, Account: $"Page test account {skip}", Channel: DemoCast.Channels[0].Name, Amount: 88_000m + skip));
        Assert.True(id is not null, string.Join("; ", errors.SelectMany(e => e.Value)));
        return id.Value;
    }

    private async Task<List<string>> RequiredNotDoneAsync(long deal)
    {
        var keys = await fixture.TextAsync($"""
            select group_concat(a.key) from deals d join stage_actions a on a.stage_id = d.stage_id
            where d.id = {deal} and a.required = 1
              and not exists (select 1 from action_completions c where c.deal_id = d.id and c.stage_action_id = a.id)
            """);
        return [.. keys.Split(',', StringSplitOptions.RemoveEmptyEntries)];
    }

    private Task<string> StageOfAsync(long deal) => fixture.TextAsync($"select s.key from deals d join stages s on s.id = d.stage_id where d.id = {deal}");
}
