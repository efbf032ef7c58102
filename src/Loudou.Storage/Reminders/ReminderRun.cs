using Loudou.Core.Alerts;
using Loudou.Core.Pipelines;
using Loudou.Core.Reminders;
using Loudou.Core.Workspace;
using Loudou.Storage.Deals;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Storage.Reminders;

/// <summary>What one evaluation of the reminder rules did.</summary>
/// <param name="Due">Reminders found due, those already sent included.</param>
/// <param name="Raised">Notifications written now (new keys only).</param>
public sealed record ReminderRunResult(int OpenDeals, int Due, int Raised);

/// <summary>
/// Evaluates the reminder rules over every open deal and open task of the workspace and writes a notification for each
/// reminder whose key is not stored yet; run every minute by the host's scheduler.
/// </summary>
/// <remarks>
/// Reads in the whole workspace's scope (<see cref="Core.Access.AccessScope.Everything"/>): reminders go to each deal's
/// owner whoever runs the job. A key that another run wrote meanwhile is skipped by the unique index, and the run
/// retried once, so that two runs at once (which clustering prevents) still raise each reminder once.
/// </remarks>
public sealed class ReminderRun(LoudouDbContext db, TimeProvider clock)
{
    // Well under both databases' parameter limits.
    private const int Chunk = 500;

    /// <exception cref="InvalidOperationException">The context does not see the whole workspace.</exception>
    public async Task<ReminderRunResult> RunAsync(CancellationToken cancellationToken = default)
    {
        if (!db.Scope.SeesAll)
        {
            throw new InvalidOperationException("Reminders are found over the whole workspace: run them in a context that sees every deal.");
        }
        try
        {
            return await RunOnceAsync(cancellationToken);
        }
        catch (DbUpdateException) when (!cancellationToken.IsCancellationRequested)
        {
            db.ChangeTracker.Clear();
            return await RunOnceAsync(cancellationToken);
        }
    }

    /// <summary>The workspace's rule settings, each rule's default added (switched on from now) when it has none yet.</summary>
    public static async Task<IReadOnlyList<ReminderSetting>> SettingsAsync(LoudouDbContext db, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var settings = await db.ReminderSettings.ToListAsync(cancellationToken);
        var missing = ReminderRules.All.Where(r => settings.All(s => s.Rule != r)).Select(r => ReminderSetting.Default(r, now)).ToList();
        if (missing.Count > 0)
        {
            db.ReminderSettings.AddRange(missing);
            await db.SaveChangesAsync(cancellationToken);
            settings.AddRange(missing);
        }
        return [.. settings.OrderBy(s => s.Rule)];
    }

    private async Task<ReminderRunResult> RunOnceAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var settings = await SettingsAsync(db, now, cancellationToken);
        if (settings.All(s => !s.IsEnabled))
        {
            return new ReminderRunResult(0, 0, 0);
        }
        var calendar = (await WorkspaceProfile.ReadAsync(db, cancellationToken)).Calendar;
        var users = await db.Users.AsNoTracking().Where(u => u.IsActive).Select(u => new { u.Id, u.Role, u.TeamId }).ToListAsync(cancellationToken);
        var active = users.Select(u => u.Id).ToHashSet();
        var managers = users.Where(u => u.Role == UserRole.Manager && u.TeamId != null).Select(u => new TeamManager(u.TeamId!.Value, u.Id)).ToList();

        var deals = await (
                from d in db.Deals.AsNoTracking()
                join s in db.Stages on d.StageId equals s.Id
                where s.Kind == StageKind.Open
                select new { d.Id, d.OwnerId, d.TeamId, d.CreatedAt, d.AssignedAt, d.ExpectedClose, s.RottingDays, s.FirstResponseSlaHours })
            .ToListAsync(cancellationToken);
        var signals = await DealSignals.ReadAsync(db, [.. deals.Select(d => d.Id)], cancellationToken);
        var inputs = deals.Select(d =>
        {
            var signal = signals[d.Id];
            return new ReminderDeal(d.Id, d.OwnerId, d.TeamId, d.CreatedAt, d.AssignedAt, d.ExpectedClose,
                signal.EnteredStage, signal.LastActivity, signal.HasOpenTask, d.RottingDays, d.FirstResponseSlaHours);
        });
        var tasks = await db.DealTasks.AsNoTracking().Where(t => t.DoneAt == null && t.Due != null)
            .Select(t => new ReminderTask(t.Id, t.DealId, t.AssigneeId, t.Due!.Value))
            .ToListAsync(cancellationToken);

        // A person who chose to get a rule nowhere is not reminded of it at all (nor, once back on, of what fell due meanwhile).
        var choices = (await db.ReminderChoices.AsNoTracking().ToListAsync(cancellationToken)).ToDictionary(c => (c.UserId, c.Rule));
        var due = ReminderEvaluator.Evaluate(inputs, tasks, settings, managers, calendar, now)
            .Where(r => active.Contains(r.UserId) && (!choices.TryGetValue((r.UserId, r.Rule), out var choice) || choice.Wants(r.DueAt)))
            .ToList();
        var fresh = new List<DueReminder>();
        foreach (var chunk in due.Chunk(Chunk))
        {
            var keys = chunk.Select(r => r.Key).ToList();
            var stored = (await db.Notifications.AsNoTracking().Where(n => n.Key != null && keys.Contains(n.Key)).Select(n => n.Key!).ToListAsync(cancellationToken)).ToHashSet();
            fresh.AddRange(chunk.Where(r => !stored.Contains(r.Key)));
        }
        if (fresh.Count > 0)
        {
            var titles = await TitlesAsync(fresh, cancellationToken);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var raised = fresh.Select(r => Notification.Remind(r, titles.GetValueOrDefault((r.DealId, r.TaskId)) ?? "#" + r.DealId, now,
                inApp: !choices.TryGetValue((r.UserId, r.Rule), out var choice) || choice.Channels.HasFlag(DeliveryChannels.InApp))).ToList();
            db.Notifications.AddRange(raised);
            await db.SaveChangesAsync(cancellationToken);
            // In one transaction with them: no notification is stored without its copies on their way, nor a copy without it.
            await DeliveryQueue.EnqueueAsync(db, raised, now, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        return new ReminderRunResult(deals.Count, due.Count, fresh.Count);
    }

    /// <summary>What each reminder is about, in words: the deal's name, or the task's title.</summary>
    private async Task<Dictionary<(long DealId, long? TaskId), string>> TitlesAsync(IReadOnlyList<DueReminder> reminders, CancellationToken cancellationToken)
    {
        var titles = new Dictionary<(long, long?), string>();
        foreach (var chunk in reminders.Where(r => r.TaskId is null).Select(r => r.DealId).Distinct().Chunk(Chunk))
        {
            foreach (var deal in await db.Deals.AsNoTracking().Where(d => chunk.Contains(d.Id)).Select(d => new { d.Id, d.Name }).ToListAsync(cancellationToken))
            {
                titles[(deal.Id, null)] = deal.Name;
            }
        }
        foreach (var chunk in reminders.Where(r => r.TaskId is not null).Select(r => r.TaskId!.Value).Distinct().Chunk(Chunk))
        {
            foreach (var task in await db.DealTasks.AsNoTracking().Where(t => chunk.Contains(t.Id)).Select(t => new { t.Id, t.DealId, t.Title }).ToListAsync(cancellationToken))
            {
                titles[(task.DealId, task.Id)] = task.Title;
            }
        }
        return titles;
    }
}
