using Loudou.Core.Reminders;
using Loudou.Core.Workspace;

namespace Loudou.Core.Tests.Reminders;

/// <summary>The reminder rules on small cases worked by hand: who is reminded, of what, with which due moment and key.</summary>
public class ReminderEvaluatorTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset LongAgo = Now.AddYears(-1);
    private static readonly WorkspaceCalendar Shanghai = new(WorkspaceCalendar.FindZone("Asia/Shanghai"));
    private const int Owner = 7;
    private const int Team = 3;
    private const int Manager = 9;

    private static ReminderDeal Deal(long id = 1, DateTimeOffset? created = null, DateTimeOffset? assigned = null, DateOnly? close = null, DateTimeOffset? entered = null,
        DateTimeOffset? lastActivity = null, bool openTask = true, int? rottingDays = null, int? slaHours = null) =>
        new(id, Owner, Team, created ?? Now.AddDays(-1), assigned, close, entered ?? Now.AddDays(-1), lastActivity ?? Now.AddHours(-1), openTask, rottingDays, slaHours);

    private static IReadOnlyList<DueReminder> Evaluate(IEnumerable<ReminderDeal> deals, IEnumerable<ReminderTask>? tasks = null, DateTimeOffset? enabledSince = null,
        Action<ReminderSetting>? change = null)
    {
        var settings = ReminderRules.All.Select(r => ReminderSetting.Default(r, enabledSince ?? LongAgo)).ToList();
        foreach (var setting in settings)
        {
            change?.Invoke(setting);
        }
        return ReminderEvaluator.Evaluate(deals, tasks ?? [], settings, [new TeamManager(Team, Manager)], Shanghai, Now);
    }

    [Fact]
    public void A_deal_nobody_answered_is_due_at_creation_plus_the_sla_and_escalates_a_day_later()
    {
        // Created 30 hours ago with an SLA of 4 hours: due 26 hours ago, escalated (24 hours) 2 hours ago.
        var due = Evaluate([Deal(created: Now.AddHours(-30), lastActivity: null, openTask: true, slaHours: 4) with { LastActivity = null }])
            .Where(r => r.Rule == ReminderRule.FirstResponse).ToList();
        Assert.Equal(2, due.Count);
        Assert.Equal((Owner, Now.AddHours(-26), false), (due[0].UserId, due[0].DueAt, due[0].Escalation));
        Assert.Equal("first-response:deal:1:20261206T070000Z", due[0].Key);
        Assert.Equal((Manager, Now.AddHours(-2), true), (due[1].UserId, due[1].DueAt, due[1].Escalation));
        Assert.Equal("first-response:deal:1:20261206T070000Z:escalated:9", due[1].Key);
    }

    [Fact]
    public void Nothing_is_due_before_its_moment_or_from_before_the_rule_was_switched_on()
    {
        // Rotting from 3 days ago; the rule was switched on 2 days ago: that reminder is not sent.
        var rotting = Deal(entered: Now.AddDays(-13), rottingDays: 10);
        Assert.DoesNotContain(Evaluate([rotting], enabledSince: Now.AddDays(-2)), r => r.Rule == ReminderRule.Rotting);
        Assert.Contains(Evaluate([rotting], enabledSince: Now.AddDays(-4)), r => r.Rule == ReminderRule.Rotting && r.DueAt == Now.AddDays(-3));
        // Rots in a day: not yet.
        Assert.DoesNotContain(Evaluate([Deal(entered: Now.AddDays(-9), rottingDays: 10)]), r => r.Rule == ReminderRule.Rotting);
    }

    [Fact]
    public void A_switched_off_rule_reminds_of_nothing() =>
        Assert.Empty(Evaluate([Deal(entered: Now.AddDays(-13), rottingDays: 10)], change: s => s.Change(false, null, 2, Now)));

    [Fact]
    public void A_task_reminds_its_assignee_before_it_is_due_then_once_it_is_overdue()
    {
        var deal = Deal();
        var soon = new ReminderTask(5, deal.Id, 8, Now.AddHours(1));
        var late = new ReminderTask(6, deal.Id, null, Now.AddHours(-30));
        var due = Evaluate([deal], [soon, late]);
        var dueSoon = Assert.Single(due, r => r.Rule == ReminderRule.TaskDueSoon);
        Assert.Equal((8, 5L, Now.AddHours(-1)), (dueSoon.UserId, dueSoon.TaskId!.Value, dueSoon.DueAt));
        Assert.Equal("task-due-soon:task:5:20261207T080000Z", dueSoon.Key);
        // Nobody assigned: the owner; 24 hours late: the manager hears too.
        var overdue = due.Where(r => r.Rule == ReminderRule.TaskOverdue).ToList();
        Assert.Equal([(Owner, false), (Manager, true)], overdue.Select(r => (r.UserId, r.Escalation)));
        Assert.Equal(Now.AddHours(-6), overdue[1].DueAt);
    }

    [Fact]
    public void A_task_three_hours_away_is_not_due_soon_with_a_two_hour_lead_but_is_with_four() =>
        Assert.Equal(
            (false, true),
            (Evaluate([Deal()], [new ReminderTask(5, 1, null, Now.AddHours(3))]).Any(r => r.Rule == ReminderRule.TaskDueSoon),
             Evaluate([Deal()], [new ReminderTask(5, 1, null, Now.AddHours(3))], change: s => s.Change(true, s.EscalateAfterHours, 4, Now)).Any(r => r.Rule == ReminderRule.TaskDueSoon)));

    [Fact]
    public void No_next_step_falls_due_when_the_last_activity_leaves_the_window()
    {
        // Last touched 20 days ago, no open task, a 14-day window: due 6 days ago.
        var due = Evaluate([Deal(lastActivity: Now.AddDays(-20), openTask: false)]);
        Assert.Equal(Now.AddDays(-6), Assert.Single(due, r => r.Rule == ReminderRule.NoNextStep).DueAt);
        Assert.DoesNotContain(Evaluate([Deal(lastActivity: Now.AddDays(-20), openTask: true)]), r => r.Rule == ReminderRule.NoNextStep);
    }

    [Fact]
    public void The_close_date_passes_at_the_start_of_the_next_local_day()
    {
        // Expected to close on 6 December: passed at midnight in Shanghai, 16:00 UTC on the 6th.
        var due = Assert.Single(Evaluate([Deal(close: new DateOnly(2026, 12, 6))]), r => r.Rule == ReminderRule.ClosePassed);
        Assert.Equal(new DateTimeOffset(2026, 12, 6, 16, 0, 0, TimeSpan.Zero), due.DueAt);
        Assert.DoesNotContain(Evaluate([Deal(close: new DateOnly(2026, 12, 7))]), r => r.Rule == ReminderRule.ClosePassed);
    }

    [Fact]
    public void The_same_data_gives_the_same_keys_an_hour_later()
    {
        var deals = new[] { Deal(entered: Now.AddDays(-13), rottingDays: 10, lastActivity: Now.AddDays(-20), openTask: false) };
        var first = Evaluate(deals).Select(r => r.Key).ToHashSet();
        var later = ReminderEvaluator.Evaluate(deals, [], ReminderRules.All.Select(r => ReminderSetting.Default(r, LongAgo)), [new TeamManager(Team, Manager)], Shanghai, Now.AddHours(1))
            .Select(r => r.Key).ToHashSet();
        Assert.NotEmpty(first);
        Assert.True(first.IsSubsetOf(later));
    }
}
