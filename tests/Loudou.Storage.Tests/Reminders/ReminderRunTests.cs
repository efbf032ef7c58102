using Loudou.Core.Access;
using Loudou.Core.Activities;
using Loudou.Core.Deals;
using Loudou.Core.Workspace;
using Loudou.Storage.Reminders;
using Loudou.Storage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace Loudou.Storage.Tests.Reminders;

/// <summary>
/// The reminder run on a small world whose reminders are known by construction: each run finds them again and raises
/// none twice, whichever context (or restarted host) runs it; time passing raises the escalations as they fall due.
/// </summary>
public partial class ReminderRunTests
{
    // Monday 16 March 2026, 10:00 in Shanghai.
    private static readonly DateTimeOffset Now = new(2026, 3, 16, 10, 0, 0, TimeSpan.FromHours(8));

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Each_reminder_is_raised_once_for_the_owner_and_escalated_to_the_manager_when_its_delay_runs_out(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var clock = new FakeTimeProvider(Now);
        var world = await WorldAsync(database, clock);

        var first = await RunAsync(database, clock);
        var second = await RunAsync(database, clock);

        Assert.Equal((4, 4), (first.Due, first.Raised));
        Assert.Equal((4, 0), (second.Due, second.Raised));
        var raised = await NotificationsAsync(database, clock);
        Assert.Equal(
            [
                (world.Ann.Id, "first-response", "Unanswered", false, Now.AddHours(-6)),
                (world.Ann.Id, "rotting", "Rotting", false, Now.AddDays(-3)),
                (world.Ann.Id, "task-overdue", "Send the quote", false, Now.AddHours(-2)),
                (world.Mia.Id, "rotting", "Rotting", true, Now.AddDays(-2)),
            ],
            raised.Select(n => (n.UserId, n.Kind, n.Title, n.Escalation, n.DueAt!.Value)).OrderBy(n => n.UserId == world.Mia.Id).ThenBy(n => n.Kind));

        // 20 hours on, the unanswered deal's first response is 26 hours late: its manager hears of it, once.
        clock.Advance(TimeSpan.FromHours(20));
        Assert.Equal(1, (await RunAsync(database, clock)).Raised);
        Assert.Equal(0, (await RunAsync(database, clock)).Raised);
        var escalated = Assert.Single(await NotificationsAsync(database, clock), n => n.Kind == "first-response" && n.Escalation);
        Assert.Equal((world.Mia.Id, Now.AddHours(18)), (escalated.UserId, escalated.DueAt!.Value));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_rule_switched_off_or_answered_raises_nothing_more(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var clock = new FakeTimeProvider(Now);
        var world = await WorldAsync(database, clock);
        await using (var db = database.NewContext(clock))
        {
            var rotting = await db.ReminderSettings.SingleAsync(s => s.Rule == Core.Reminders.ReminderRule.Rotting);
            rotting.Change(false, null, 2, Now);
            db.Activities.Add(Activity.Record(world.Deals["Unanswered"], ActivityKind.Call, Now.AddMinutes(-5), world.Ann.Id));
            await db.SaveChangesAsync();
        }

        var run = await RunAsync(database, clock);

        Assert.Equal(["task-overdue"], (await NotificationsAsync(database, clock)).Select(n => n.Kind));
        Assert.Equal(1, run.Raised);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_bell_counts_and_marks_only_the_callers_own(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var clock = new FakeTimeProvider(Now);
        var world = await WorldAsync(database, clock);
        await RunAsync(database, clock);
        await using var ann = LoudouDatabase.CreateContext(database.Target, AccessScope.For(world.Ann), clock);
        await using var mia = LoudouDatabase.CreateContext(database.Target, AccessScope.For(world.Mia), clock);
        var annQueries = new NotificationQueries(ann, clock);
        var miaQueries = new NotificationQueries(mia, clock);

        var list = await annQueries.ListAsync(false, 0, 20);
        Assert.Equal(3, await annQueries.UnreadAsync());
        Assert.Equal(list.Select(n => n.Id).OrderDescending(), list.Select(n => n.Id));
        Assert.Equal("Rotting", list.Single(n => n.Kind == "task-overdue").DealName);
        Assert.False(await miaQueries.MarkReadAsync(list[0].Id));
        Assert.True(await annQueries.MarkReadAsync(list[0].Id));
        Assert.Equal(2, await annQueries.UnreadAsync());
        Assert.Equal(2, (await annQueries.ListAsync(true, 0, 20)).Count);
        Assert.Equal(2, await annQueries.MarkAllReadAsync());
        Assert.Equal((0, 1), (await annQueries.UnreadAsync(), await miaQueries.UnreadAsync()));
    }

    private static async Task<ReminderRunResult> RunAsync(TestDatabase database, TimeProvider clock)
    {
        // A context of its own each time, as a restarted host (or another one) would have.
        await using var db = database.NewContext(clock);
        return await new ReminderRun(db, clock).RunAsync();
    }

    private static async Task<List<Core.Alerts.Notification>> NotificationsAsync(TestDatabase database, TimeProvider clock)
    {
        await using var db = database.NewContext(clock);
        return await db.Notifications.AsNoTracking().OrderBy(n => n.Id).ToListAsync();
    }

    private sealed record World(User Ann, User Mia, IReadOnlyDictionary<string, long> Deals);

    /// <summary>
    /// Ann's deals in the default pipeline's lead stage (rotting after 7 days, first response within 24 hours), her
    /// manager Mia, and the rules on since a month ago. What each should raise is its comment.
    /// </summary>
    private static async Task<World> WorldAsync(TestDatabase database, TimeProvider clock)
    {
        await using var db = database.NewContext(clock);
        await ReminderRun.SettingsAsync(db, Now.AddDays(-30));
        var ann = await Builders.UserAsync(db, "ann");
        var mia = await Builders.UserAsync(db, "mia", UserRole.Manager);
        var pipeline = await Builders.DefaultPipelineAsync(db);
        var deals = new Dictionary<string, Deal>();

        Deal Add(string name, DateTimeOffset created)
        {
            var deal = Deal.Create(name, pipeline, "CNY", created, ann.Id, TransitionSource.App);
            deal.AssignTo(ann);
            db.Deals.Add(deal);
            deals[name] = deal;
            return deal;
        }

        // Ten days in lead, touched yesterday, planned: rotting since 3 days ago, escalated to Mia a day later. Its
        // quote was due two hours ago: overdue (not yet escalated).
        Add("Rotting", Now.AddDays(-10));
        // Thirty hours old, never answered, planned: its first response was due 6 hours ago (escalated in 18 hours).
        Add("Unanswered", Now.AddHours(-30));
        // Two hours old, planned: nothing.
        Add("Fresh", Now.AddHours(-2));
        await db.SaveChangesAsync();
        db.Activities.AddRange(
            Activity.Record(deals["Rotting"].Id, ActivityKind.Call, Now.AddDays(-1), ann.Id),
            Activity.Record(deals["Fresh"].Id, ActivityKind.Call, Now.AddHours(-1), ann.Id));
        db.DealTasks.AddRange(
            DealTask.Create(deals["Rotting"].Id, "Send the quote", Now.AddHours(-2), ann.Id),
            DealTask.Create(deals["Unanswered"].Id, "First call", Now.AddDays(5), ann.Id),
            DealTask.Create(deals["Fresh"].Id, "Demo", Now.AddDays(3), ann.Id));
        await db.SaveChangesAsync();
        return new World(ann, mia, deals.ToDictionary(d => d.Key, d => d.Value.Id));
    }
}
