using Loudou.Core.Alerts;
using Loudou.Core.Alerts.Rules;
using Loudou.Core.Analytics;
using Loudou.Core.Workspace;
using Loudou.Storage.Pipelines;
using Loudou.Storage.Reminders;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Storage.Alerts;

/// <summary>Evaluates the enabled alert rules together and records what changed: episodes opened and cleared, notifications raised.</summary>
/// <remarks>
/// Every enabled rule is evaluated in each run, so the Benjamini–Hochberg family is the same whichever rules are due; only the
/// due ones are recorded. A rule fires once per episode: an episode opens only when none is open (a unique index on open
/// episodes holds this against two runs at once), and clears the first time the condition does not hold, including when
/// its sample fell below the minimum. Runs as the operator or an admin.
/// </remarks>
public sealed class AlertRun(LoudouDbContext db)
{
    public const string NotificationKind = "alert";

    /// <param name="asOf">The moment evaluated; null for the snapshot's default (its latest data).</param>
    /// <param name="isDue">Which rules to record; null for all of them.</param>
    public async Task<AlertRunResult> RunAsync(ColumnarSnapshot snapshot, DateTimeOffset? asOf, DateTimeOffset now, Func<AlertRuleView, bool>? isDue = null, CancellationToken cancellationToken = default)
    {
        var store = new AlertStore(db);
        var rules = await store.EnabledRulesAsync(cancellationToken);
        var evaluation = AlertEvaluator.Evaluate(snapshot, [.. rules.Select(r => new AlertRuleInput(r.Key, r.Condition!))], asOf, now);
        var calendar = snapshot.Calendar;
        var byKey = rules.ToDictionary(r => r.Key, StringComparer.Ordinal);
        var due = rules.Where(r => isDue?.Invoke(r) ?? true).Select(r => r.Id).ToHashSet();
        var teams = await db.Teams.AsNoTracking().ToDictionaryAsync(t => t.Name, t => t.Id, StringComparer.Ordinal, cancellationToken);
        var open = (await db.AlertEpisodes.Where(e => e.ClearedAt == null && due.Contains(e.AlertRuleId)).ToListAsync(cancellationToken))
            .ToDictionary(e => e.AlertRuleId);
        var tracked = await db.AlertRules.Where(r => due.Contains(r.Id)).ToDictionaryAsync(r => r.Id, cancellationToken);

        var outcomes = new List<AlertOutcome>();
        var fired = new List<(AlertRuleView Rule, AlertResult Result, AlertEpisode Episode)>();
        foreach (var result in evaluation.Results)
        {
            var rule = byKey[result.Key];
            var recorded = due.Contains(rule.Id);
            var episode = open.GetValueOrDefault(rule.Id);
            var status = (result.Holds, episode is not null) switch
            {
                (true, false) => "fired",
                (true, true) => "open",
                (false, true) => "cleared",
                _ => "quiet",
            };
            if (recorded)
            {
                tracked[rule.Id].MarkEvaluated(now);
                if (status == "fired")
                {
                    var team = result.Condition.Segment is { Dimension: "team" } s && teams.TryGetValue(s.Value, out var id) ? id : (int?)null;
                    episode = AlertEpisode.Open(rule.Id, team, result, evaluation.AsOf, now);
                    db.AlertEpisodes.Add(episode);
                    fired.Add((rule, result, episode));
                }
                else if (status == "cleared")
                {
                    episode!.Clear(now);
                }
            }
            outcomes.Add(new AlertOutcome(result, status, episode, recorded,
                AlertLinks.Dashboard(result.Condition, result.From, result.ToExcl, calendar), AlertLinks.Deals(result.Condition, result.From, result.ToExcl, calendar)));
        }
        var notifications = 0;
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            await db.SaveChangesAsync(cancellationToken);
            foreach (var (rule, result, _) in fired)
            {
                notifications += await NotifyAsync(rule, result, calendar, now, cancellationToken);
            }
            await transaction.CommitAsync(cancellationToken);
        }
        return new AlertRunResult(evaluation, outcomes, notifications);
    }

    /// <summary>The in-app notification of a fired alert to each recipient, and its copies on the rule's channels.</summary>
    private async Task<int> NotifyAsync(AlertRuleView rule, AlertResult result, WorkspaceCalendar calendar, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var recipients = await RecipientsAsync(rule, cancellationToken);
        var pipeline = await DefaultPipeline.FindAsync(db, db.Pipelines.AsNoTracking(), cancellationToken);
        var stage = result.Condition.Stage is { } key ? pipeline?.FindStage(key)?.Name : null;
        var dashboard = AlertLinks.Dashboard(result.Condition, result.From, result.ToExcl, calendar);
        var deals = AlertLinks.Deals(result.Condition, result.From, result.ToExcl, calendar);
        var raised = recipients.Select(r =>
        {
            var language = r.Language ?? "zh-CN";
            var title = rule.Name.For(language) is { Length: > 0 } name ? name : rule.Key;
            var body = $"{AlertText.Subject(result.Condition, stage?.For(language), language)}: {AlertText.Figures(result, language)}\n{dashboard}\n{deals}";
            return Notification.Create(r.Id, now, NotificationKind, title.Length > 200 ? title[..200] : title, body, alertRuleId: rule.Id);
        }).ToList();
        db.Notifications.AddRange(raised);
        await db.SaveChangesAsync(cancellationToken);
        await DeliveryQueue.EnqueueAsync(db, raised, now, cancellationToken, rule.Channels);
        return raised.Count;
    }

    /// <summary>The rule's owner, or else the admins; and the managers of the team a team segment names.</summary>
    private async Task<List<(int Id, string? Language)>> RecipientsAsync(AlertRuleView rule, CancellationToken cancellationToken)
    {
        var users = await db.Users.AsNoTracking().Where(u => u.IsActive).Select(u => new { u.Id, u.LoginName, u.Role, u.TeamId, u.Language, Team = u.Team!.Name }).ToListAsync(cancellationToken);
        var team = rule.Condition?.Segment is { Dimension: "team" } s ? s.Value : null;
        return [.. users
            .Where(u => (rule.Owner is { } owner ? u.LoginName == owner : u.Role == UserRole.Admin) || (team is not null && u.Role == UserRole.Manager && u.Team == team))
            .Select(u => (u.Id, u.Language))];
    }
}
