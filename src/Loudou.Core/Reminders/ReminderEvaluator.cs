using System.Globalization;
using Loudou.Core.Deals;
using Loudou.Core.Workspace;

namespace Loudou.Core.Reminders;

/// <summary>Finds the reminders that have fallen due (docs/notifications.md, "Reminders"), as one pure function of the deals, tasks and settings.</summary>
/// <remarks>
/// Each rule's condition is <see cref="DealAttention"/>'s, so a reminder says what the board and My day show. A
/// reminder's due moment is fixed by the data (the stage entered, the last activity, the task's due moment), not by
/// when the evaluation runs: running it every minute, after a restart or on two hosts finds the same keys.
/// </remarks>
public static class ReminderEvaluator
{
    public static IReadOnlyList<DueReminder> Evaluate(
        IEnumerable<ReminderDeal> openDeals, IEnumerable<ReminderTask> openTasks, IEnumerable<ReminderSetting> settings,
        IEnumerable<TeamManager> managers, WorkspaceCalendar calendar, DateTimeOffset now)
    {
        var rules = settings.Where(s => s.IsEnabled).ToDictionary(s => s.Rule);
        var managersOf = managers.ToLookup(m => m.TeamId, m => m.UserId);
        var deals = openDeals.ToList();
        var due = new List<DueReminder>();

        void Add(ReminderRule rule, ReminderDeal deal, long? taskId, int? recipient, DateTimeOffset dueAt)
        {
            var setting = rules[rule];
            if (dueAt > now || dueAt < setting.EnabledSince)
            {
                return;
            }
            var key = KeyOf(rule, deal.Id, taskId, dueAt);
            if (recipient is { } user)
            {
                due.Add(new DueReminder(rule, key, user, deal.Id, taskId, dueAt, false));
            }
            if (setting.EscalateAfterHours is { } hours && deal.TeamId is { } team && dueAt.AddHours(hours) is var escalateAt && escalateAt <= now)
            {
                foreach (var manager in managersOf[team].Where(m => m != recipient))
                {
                    due.Add(new DueReminder(rule, $"{key}:escalated:{manager}", manager, deal.Id, taskId, escalateAt, true));
                }
            }
        }

        foreach (var deal in deals)
        {
            if (rules.ContainsKey(ReminderRule.FirstResponse) && deal.CreatedAt is { } created && deal.FirstResponseSlaHours is { } sla
                && DealAttention.AwaitsFirstResponse(created, deal.AssignedAt, deal.LastActivity, sla, now))
            {
                Add(ReminderRule.FirstResponse, deal, null, deal.OwnerId, DealAttention.FirstResponseDue(created, deal.AssignedAt, sla));
            }
            if (rules.ContainsKey(ReminderRule.Rotting) && DealAttention.IsRotting(deal.EnteredStage, deal.RottingDays, now))
            {
                Add(ReminderRule.Rotting, deal, null, deal.OwnerId, deal.EnteredStage!.Value.AddDays(deal.RottingDays!.Value));
            }
            // Due when the last activity (else the deal's arrival) falls out of the window: an activity, then a lapse, is a new reminder.
            if (rules.ContainsKey(ReminderRule.NoNextStep) && DealAttention.HasNoNextStep(deal.HasOpenTask, deal.LastActivity, deal.RottingDays, now)
                && (deal.LastActivity is { } last ? last.AddDays(deal.RottingDays ?? DealAttention.DefaultWindowDays) : deal.CreatedAt ?? deal.EnteredStage) is { } lapsed)
            {
                Add(ReminderRule.NoNextStep, deal, null, deal.OwnerId, lapsed);
            }
            if (rules.ContainsKey(ReminderRule.ClosePassed) && deal.ExpectedClose is { } close)
            {
                Add(ReminderRule.ClosePassed, deal, null, deal.OwnerId, calendar.StartOf(close.AddDays(1)));
            }
        }

        var byId = deals.ToDictionary(d => d.Id);
        foreach (var task in openTasks)
        {
            if (!byId.TryGetValue(task.DealId, out var deal))
            {
                continue;
            }
            var recipient = task.AssigneeId ?? deal.OwnerId;
            if (rules.ContainsKey(ReminderRule.TaskOverdue) && task.Due <= now)
            {
                Add(ReminderRule.TaskOverdue, deal, task.Id, recipient, task.Due);
            }
            else if (rules.TryGetValue(ReminderRule.TaskDueSoon, out var soon) && task.Due.AddHours(-soon.LeadHours) <= now)
            {
                Add(ReminderRule.TaskDueSoon, deal, task.Id, recipient, task.Due.AddHours(-soon.LeadHours));
            }
        }
        return due;
    }

    /// <summary>The idempotency key: rule, deal or task, and the due moment to the second in UTC.</summary>
    public static string KeyOf(ReminderRule rule, long dealId, long? taskId, DateTimeOffset dueAt) =>
        string.Create(CultureInfo.InvariantCulture, $"{rule.Key()}:{(taskId is { } task ? $"task:{task}" : $"deal:{dealId}")}:{dueAt.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}");
}
