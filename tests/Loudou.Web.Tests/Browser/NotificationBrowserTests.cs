using Loudou.Storage;
using Loudou.Storage.Reminders;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Loudou.Web.Tests.Browser;

/// <summary>
/// The bell and the notifications page in real Chromium as the demo rep with the most reminders, after the reminder run
/// has raised the demo's last two days of them: the bell counts exactly the rep's unread rows, a notification opens its deal and
/// counts as read, "mark all read" empties the bell; a person's own settings; the admins' job list and channels with
/// the delivery log. Saves docs/screenshots/notifications.{zh-CN,en}.{desktop,phone}.png,
/// notification-settings.{zh-CN,en}.{desktop,phone}.png, jobs.{zh-CN,en}.desktop.png and notification-channels.{zh-CN,en}.desktop.png.
/// </summary>
public class NotificationBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private static string Unread(string login) => $"""
        select count(*) from notifications n join users u on u.id = n.user_id where u.login_name = '{login}' and n.read_at is null
        """;

    [Fact]
    public async Task The_bell_counts_a_reps_unread_reminders_opens_their_deals_and_marks_them_read()
    {
        // The host's scheduler runs every minute; running the evaluation here makes the reminders exist now. Its keys
        // keep the two runs from raising one twice.
        await using (var db = LoudouDatabase.CreateContext(fixture.Target))
        {
            await new ReminderRun(db, TimeProvider.System).RunAsync();
        }
        // The star rep follows up well; the rep with the most unread reminders shows the bell at work.
        var login = await fixture.TextAsync("""
            select u.login_name from notifications n join users u on u.id = n.user_id
            where u.role = 'Rep' and n.read_at is null group by u.login_name order by count(*) desc, u.login_name limit 1
            """);
        var unread = Unread(login);
        Assert.True(await fixture.CountAsync(unread) > 1, $"{login}, the demo rep with the most reminders, has more than one");

        var problems = new List<string>();
        foreach (var (language, size) in new[] { ("zh-CN", "desktop"), ("en", "desktop"), ("zh-CN", "phone"), ("en", "phone") })
        {
            var page = await fixture.NewSignedInPageAsync(login, language == "en" ? "en-US" : "zh-CN", size == "phone" ? BrowserFixture.Phone : BrowserFixture.Desktop);
            await fixture.GoToAsync(page, "/notifications");
            await page.Locator("#notifications li, #notifications .mud-list-item").First.WaitForAsync();
            Assert.Equal(await fixture.CountAsync(unread), await page.Locator("#notifications .loudou-unread").CountAsync());
            await ShellBrowserTests.CheckAsync(page, "notifications", language, size, problems);
            await page.Context.CloseAsync();
        }
        Assert.Empty(problems);

        var rep = await fixture.NewSignedInPageAsync(login, "en-US");
        await fixture.GoToAsync(rep, "/today");
        var bell = rep.Locator("#bell-button");
        var before = await fixture.CountAsync(unread);
        await Assertions.Expect(bell).ToHaveAttributeAsync("data-unread", Text(before));

        // The bell opens the list; the newest unread opens its deal and is read, and the bell follows.
        await bell.ClickAsync();
        await rep.WaitForURLAsync("**/notifications");
        var first = rep.Locator("#notifications .loudou-unread").First;
        var id = await first.GetAttributeAsync("data-notification");
        var deal = await fixture.TextAsync($"select deal_id from notifications where id = {id}");
        await first.ClickAsync();
        await rep.WaitForURLAsync($"**/deals/{deal}");
        Assert.Equal(before - 1, await fixture.CountAsync(unread));
        await Assertions.Expect(bell).ToHaveAttributeAsync("data-unread", Text(before - 1));

        // Mark all read: the bell has nothing more to say, and nothing was deleted.
        await bell.ClickAsync();
        await rep.WaitForURLAsync("**/notifications");
        // Once the list is there, as a person would wait for it. A click in the first moments after the list appears
        // was seen to be lost after the page was reached from a deal's page (not understood yet): it is clicked again
        // if nothing happened within three seconds (the database is polled meanwhile: a loaded machine is slow), at most five times.
        await rep.Locator("#notifications .loudou-unread").First.WaitForAsync();
        for (var attempt = 0; attempt < 5 && await fixture.CountAsync(unread) > 0; attempt++)
        {
            await rep.Locator("#notifications-read-all").ClickAsync();
            for (var poll = 0; poll < 30 && await fixture.CountAsync(unread) > 0; poll++)
            {
                await Task.Delay(100);
            }
        }
        await Assertions.Expect(rep.Locator("#notifications .loudou-unread")).ToHaveCountAsync(0);
        Assert.Equal(0, await fixture.CountAsync(unread));
        await Assertions.Expect(bell).ToHaveAttributeAsync("data-unread", "0");
        Assert.True(await fixture.CountAsync($"select count(*) from notifications n join users u on u.id = n.user_id where u.login_name = '{login}'") >= before);
    }

    private static string Text(long count) => count.ToString(System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task An_admin_sees_the_reminder_job_with_its_schedule_and_next_run()
    {
        var problems = new List<string>();
        foreach (var language in new[] { "zh-CN", "en" })
        {
            var page = await fixture.NewSignedInPageAsync("admin", language == "en" ? "en-US" : "zh-CN");
            await fixture.GoToAsync(page, "/admin/jobs");
            var row = page.Locator("#jobs tr:has([data-job='reminders'])");
            await row.WaitForAsync();
            Assert.Contains("0 * * * * ?", await row.InnerTextAsync());
            Assert.NotEqual("—", (await row.Locator(".job-next").InnerTextAsync()).Trim());
            await ShellBrowserTests.CheckAsync(page, "jobs", language, "desktop", problems);
            if (language == "en")
            {
                // Switched off and on again from the page: stored each time.
                var closePassed = page.Locator("#reminder-rules tr:has([data-rule='close-passed']) .reminder-on input");
                await closePassed.ClickAsync();
                await WaitForAsync("select is_enabled from reminder_settings where rule = 'ClosePassed'", "0");
                await closePassed.ClickAsync();
                await WaitForAsync("select is_enabled from reminder_settings where rule = 'ClosePassed'", "1");
            }
            await page.Context.CloseAsync();
        }
        Assert.Empty(problems);
    }

    private async Task WaitForAsync(string sql, string expected)
    {
        for (var tries = 0; await fixture.TextAsync(sql) != expected; tries++)
        {
            // Generous: each change is stored at once, but a machine busy with other builds answers late.
            Assert.True(tries < 300, $"{sql} is not {expected} after 30 s");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task A_rep_chooses_channels_per_rule_and_quiet_hours_and_each_change_is_stored_at_once()
    {
        const string login = "liu.yang";
        var choice = $"select channels from reminder_choices c join users u on u.id = c.user_id where u.login_name = '{login}' and c.rule = 'ClosePassed'";
        var quiet = $"select coalesce((select p.quiet_from || '-' || p.quiet_until from notification_preferences p join users u on u.id = p.user_id where u.login_name = '{login}'), 'none')";
        var problems = new List<string>();
        foreach (var (language, size) in new[] { ("zh-CN", "desktop"), ("en", "desktop"), ("zh-CN", "phone"), ("en", "phone") })
        {
            var page = await fixture.NewSignedInPageAsync(login, language == "en" ? "en-US" : "zh-CN", size == "phone" ? BrowserFixture.Phone : BrowserFixture.Desktop);
            await fixture.GoToAsync(page, "/notifications/settings");
            await page.Locator("#reminder-choices tr:has([data-rule='close-passed'])").WaitForAsync();
            Assert.Equal(6, await page.Locator("#reminder-choices tbody tr").CountAsync());
            await ShellBrowserTests.CheckAsync(page, "notification-settings", language, size, problems);
            if (language == "en" && size == "desktop")
            {
                // Close-passed out of the app: e-mail and group chats stay (2 + 8 + 16 + 32).
                var inApp = page.Locator("#reminder-choices tr:has([data-rule='close-passed']) .choice-inapp input");
                await inApp.ClickAsync();
                await WaitForAsync(choice, "58");
                // The page shows what was stored before it is clicked again.
                await Assertions.Expect(inApp).Not.ToBeCheckedAsync();
                await inApp.ClickAsync();
                await WaitForAsync(choice, "59");
                // Quiet hours on: the usual night is offered and stored; a changed end is stored when the field is left.
                await page.Locator(".quiet-on input").ClickAsync();
                await WaitForAsync(quiet, "22:00:00-08:00:00");
                await page.Locator("#quiet-until").FillAsync("07:30");
                await page.Locator("#quiet-from").FocusAsync();
                await WaitForAsync(quiet, "22:00:00-07:30:00");
                await page.Locator(".quiet-on input").ClickAsync();
                await WaitForAsync(quiet, "none");
            }
            await page.Context.CloseAsync();
        }
        Assert.Empty(problems);
    }

    [Fact]
    public async Task An_admin_connects_a_channel_a_private_address_is_refused_and_the_log_shows_each_try_with_replay()
    {
        // A WeCom bot for everyone, stored as an admin would have added it, and copies of the newest notifications on
        // their way: the host's delivery job tries them within 15 seconds and, with no internet here, fails and retries.
        await using (var db = LoudouDatabase.CreateContext(fixture.Target))
        {
            if (!await db.NotificationTargets.AnyAsync(t => t.Key == "all-wecom"))
            {
                await new ReminderRun(db, TimeProvider.System).RunAsync();
                db.NotificationTargets.Add(Core.Alerts.NotificationTarget.Create(
                    "all-wecom", Core.Alerts.TargetKind.WeCom, "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=demo-key", null, null, allowPrivate: false));
                await db.SaveChangesAsync();
                var newest = await db.Notifications.OrderByDescending(n => n.Id).Take(3).ToListAsync();
                await DeliveryQueue.EnqueueAsync(db, newest, DateTimeOffset.UtcNow);
            }
        }
        const string tried = "select count(*) from notification_deliveries where attempts > 0";
        for (var wait = 0; await fixture.CountAsync(tried) == 0; wait++)
        {
            Assert.True(wait < 60, "the delivery job tried nothing within 30 s; its latest runs: "
                + await fixture.TextAsync("select group_concat(job || ' ' || coalesce(error, outcome, 'running'), ' | ') from (select * from job_runs order by id desc limit 4)"));
            await Task.Delay(500);
        }

        var problems = new List<string>();
        foreach (var language in new[] { "zh-CN", "en" })
        {
            var page = await fixture.NewSignedInPageAsync("admin", language == "en" ? "en-US" : "zh-CN");
            await fixture.GoToAsync(page, "/admin/channels");
            var row = page.Locator("#targets tr:has([data-target='all-wecom'])");
            await row.WaitForAsync();
            // The bot's token is the address's query string: never shown.
            Assert.DoesNotContain("demo-key", await page.Locator("#targets").InnerTextAsync(), StringComparison.Ordinal);
            Assert.Contains("webhook/send?…", await row.InnerTextAsync(), StringComparison.Ordinal);
            await page.Locator("#deliveries tbody tr").First.WaitForAsync();
            await ShellBrowserTests.CheckAsync(page, "notification-channels", language, "desktop", problems);
            if (language == "en")
            {
                // A webhook to this machine is refused with the reason; the same to a public name is added.
                await page.Locator("#target-add").ClickAsync();
                await page.Locator("#target-kind").Locator("xpath=..").ClickAsync();
                await page.Locator(".mud-popover-open [role=option]", new() { HasText = "Webhook" }).ClickAsync();
                await page.Locator("#target-key").FillAsync("crm-hook");
                await page.Locator("#target-url").FillAsync("http://127.0.0.1:8080/hook");
                await page.Locator("#target-secret").FillAsync("a-secret-of-sixteen+");
                await page.Locator("#target-save").ClickAsync();
                await Assertions.Expect(page.Locator("#target-error")).ToContainTextAsync("private");
                Assert.Equal(0, await fixture.CountAsync("select count(*) from notification_targets where key = 'crm-hook'"));
                await page.Locator("#target-url").FillAsync("https://crm.example.com/loudou/hook");
                await page.Locator("#target-save").ClickAsync();
                await page.Locator("#targets tr:has([data-target='crm-hook'])").WaitForAsync();
                Assert.Equal("Webhook", await fixture.TextAsync("select kind from notification_targets where key = 'crm-hook'"));

                // Replay: the copy is due again at once, whatever happened to it before.
                var first = page.Locator("#deliveries tbody tr:has(.delivery-replay)").First;
                var id = await first.Locator("[data-delivery]").GetAttributeAsync("data-delivery");
                var attempts = await fixture.CountAsync($"select attempts from notification_deliveries where id = {id}");
                await first.Locator(".delivery-replay").ClickAsync();
                await WaitForAsync($"select case when status = 'Pending' or attempts > {attempts} then 'replayed' else status end from notification_deliveries where id = {id}", "replayed");
            }
            await page.Context.CloseAsync();
        }
        Assert.Empty(problems);
    }
}
