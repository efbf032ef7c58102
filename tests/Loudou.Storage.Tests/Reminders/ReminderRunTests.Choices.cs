using Loudou.Core.Access;
using Loudou.Core.Alerts;
using Loudou.Core.Alerts.Preferences;
using Loudou.Storage.Reminders;
using Loudou.Storage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace Loudou.Storage.Tests.Reminders;

/// <summary>Each person's choices on the same small world: which rules reach them, through which channels, and quiet hours.</summary>
public partial class ReminderRunTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_persons_choices_decide_what_is_raised_where_and_quiet_hours_hold_back_mail_and_chat_but_not_webhooks(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var clock = new FakeTimeProvider(Now);
        var world = await WorldAsync(database, clock);
        await using (var db = database.NewContext(clock))
        {
            foreach (var user in await db.Users.ToListAsync())
            {
                user.ChangeEmail($"{user.LoginName}@example.com");
            }
            db.NotificationTargets.AddRange(
                NotificationTarget.Create("mail", TargetKind.Email, "smtp://127.0.0.1:2525", null, null, allowPrivate: true, from: "loudou@example.com"),
                NotificationTarget.Create("hook", TargetKind.Webhook, "http://127.0.0.1:9/hook", "a-secret-of-sixteen+", null, allowPrivate: true),
                NotificationTarget.Create("east-chat", TargetKind.WeCom, "http://127.0.0.1:9/wecom?key=k", null, null, allowPrivate: true));
            await db.SaveChangesAsync();
        }
        // Ann, in her own context as the settings page has it: rotting nowhere, overdue tasks by e-mail only, quiet from 09:00 to noon.
        await using (var ann = LoudouDatabase.CreateContext(database.Target, AccessScope.For(world.Ann), clock))
        {
            await new NotificationSettingsStore(ann, clock).SaveAsync(
                [new("rotting", false, false, false), new("task-overdue", false, true, false)], changeQuietHours: true, QuietHours.Create(new(9, 0), new(12, 0)));
        }

        var run = await RunAsync(database, clock);

        // Mia's escalation of the rotting deal is hers to choose, and she chose nothing: it is raised.
        Assert.Equal(3, run.Raised);
        var raised = await NotificationsAsync(database, clock);
        Assert.Equal(
            [(world.Ann.Id, "first-response", true), (world.Ann.Id, "task-overdue", false), (world.Mia.Id, "rotting", true)],
            raised.Select(n => (n.UserId, n.Kind, n.InApp)).OrderBy(n => n.UserId == world.Mia.Id).ThenBy(n => n.Kind));
        await using (var ann = LoudouDatabase.CreateContext(database.Target, AccessScope.For(world.Ann), clock))
        {
            Assert.Equal(["first-response"], (await new NotificationQueries(ann, clock).ListAsync(false, 0, 20)).Select(n => n.Kind));
            Assert.Equal(1, await new NotificationQueries(ann, clock).UnreadAsync());
        }

        // Quiet until noon in Shanghai (04:00 UTC): Ann's mail and chat wait; the webhook, a system's feed, does not; Mia's copies go now.
        var noon = new DateTimeOffset(2026, 3, 16, 4, 0, 0, TimeSpan.Zero);
        await using (var db = database.NewContext(clock))
        {
            var deliveries = await (from d in db.NotificationDeliveries.AsNoTracking()
                                    join t in db.NotificationTargets on d.TargetId equals t.Id
                                    join n in db.Notifications on d.NotificationId equals n.Id
                                    select new { n.UserId, n.Kind, t.Key, d.NextAttemptAt, d.RetryFrom }).ToListAsync();
            Assert.Equal(
                [
                    (world.Ann.Id, "first-response", "east-chat", noon), (world.Ann.Id, "first-response", "hook", Now), (world.Ann.Id, "first-response", "mail", noon),
                    (world.Ann.Id, "task-overdue", "hook", Now), (world.Ann.Id, "task-overdue", "mail", noon),
                    (world.Mia.Id, "rotting", "east-chat", Now), (world.Mia.Id, "rotting", "hook", Now), (world.Mia.Id, "rotting", "mail", Now),
                ],
                deliveries.Select(d => (d.UserId, d.Kind, d.Key, d.NextAttemptAt!.Value)).OrderBy(d => d.UserId == world.Mia.Id).ThenBy(d => d.Kind).ThenBy(d => d.Key));
            Assert.All(deliveries, d => Assert.Equal(d.NextAttemptAt, d.RetryFrom));
        }

        // Rotting back on for Ann an hour later: what fell due while it was off stays unsent, as with the workspace's switch.
        clock.Advance(TimeSpan.FromHours(1));
        await using (var ann = LoudouDatabase.CreateContext(database.Target, AccessScope.For(world.Ann), clock))
        {
            var settings = await new NotificationSettingsStore(ann, clock).SaveAsync([new("rotting", true, false, false)], changeQuietHours: false, null);
            Assert.Equal(("09:00", "12:00"), (settings.QuietFrom, settings.QuietUntil));
            Assert.Equal((true, false, false), settings.Rules.Where(r => r.Rule == "rotting").Select(r => (r.InApp, r.Email, r.GroupChat)).Single());
            Assert.True(settings.EmailConnected && settings.GroupChatConnected);
        }
        Assert.Equal(0, (await RunAsync(database, clock)).Raised);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Settings_are_each_persons_own_and_bad_rules_are_named(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var clock = new FakeTimeProvider(Now);
        var world = await WorldAsync(database, clock);
        await using var ann = LoudouDatabase.CreateContext(database.Target, AccessScope.For(world.Ann), clock);
        await using var mia = LoudouDatabase.CreateContext(database.Target, AccessScope.For(world.Mia), clock);

        await new NotificationSettingsStore(ann, clock).SaveAsync([new("close-passed", false, false, false)], changeQuietHours: true, QuietHours.Create(new(22, 0), new(8, 0)));
        var miaSettings = await new NotificationSettingsStore(mia, clock).ReadAsync();

        Assert.All(miaSettings.Rules, r => Assert.True(r.InApp && r.Email && r.GroupChat));
        Assert.Null(miaSettings.QuietFrom);
        Assert.False(miaSettings.EmailConnected);
        Assert.Equal("Asia/Shanghai", miaSettings.TimeZone);
        var unknown = await Assert.ThrowsAsync<Core.DomainRuleException>(() =>
            new NotificationSettingsStore(ann, clock).SaveAsync([new("rotting", true, true, true), new("rotten", true, true, true)], changeQuietHours: false, null));
        Assert.Equal("rules[1].rule", unknown.Field);
        Assert.Contains("rotten", unknown.Message, StringComparison.Ordinal);
        var twice = await Assert.ThrowsAsync<Core.DomainRuleException>(() =>
            new NotificationSettingsStore(ann, clock).SaveAsync([new("rotting", true, true, true), new("rotting", false, true, true)], changeQuietHours: false, null));
        Assert.Equal("rules[1].rule", twice.Field);
        var annSettings = await new NotificationSettingsStore(ann, clock).ReadAsync();
        Assert.Equal(("22:00", "08:00"), (annSettings.QuietFrom, annSettings.QuietUntil));
        Assert.False(annSettings.Rules.Single(r => r.Rule == "close-passed").InApp);
        Assert.True(annSettings.Rules.Single(r => r.Rule == "rotting").InApp);
    }
}
