using Loudou.Core;
using Loudou.Core.Deals;
using Loudou.Core.Pipelines;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Storage.Deals;

/// <summary>An open task of the caller's day.</summary>
/// <param name="DealName">Null when the task's deal is outside the caller's scope (a task handed over from another team).</param>
public sealed record MyDayTask(long Id, string Title, DateTimeOffset Due, long DealId, string? DealName, string? Account);

/// <summary>An open deal of the caller's that asks for attention, with the moments its reason is told from.</summary>
/// <param name="EnteredStage">When it entered its current stage; null when its history does not say.</param>
/// <param name="LastActivity">Its latest activity; null for none.</param>
/// <param name="RottingDays">The current stage's <c>rottingDays</c>.</param>
/// <param name="FirstResponseDue">When its first response was due by the current stage's <c>firstResponseSlaHours</c>; null without an SLA.</param>
public sealed record MyDayDeal(
    long Id,
    string Name,
    string? Account,
    decimal? Amount,
    string Currency,
    LocalizedText StageName,
    string? StageColor,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? EnteredStage,
    DateTimeOffset? LastActivity,
    int? RottingDays,
    DateTimeOffset? FirstResponseDue);

/// <summary>The signed-in user's day at <paramref name="Now"/>, each list most urgent first.</summary>
/// <param name="Overdue">Open tasks assigned to the user, due before now: longest overdue first.</param>
/// <param name="DueToday">Open tasks assigned to the user, due from now to the end of the local day: soonest first.</param>
/// <param name="AwaitingFirstResponse">Open deals the user owns still waiting for a first response past their SLA: longest overdue first.</param>
/// <param name="Rotting">Open deals the user owns in their stage longer than its <c>rottingDays</c>: furthest past the limit first.</param>
/// <param name="NoNextStep">Open deals the user owns with no open task and no recent activity: longest untouched first.</param>
/// <remarks>A deal is in every list whose rule it meets (a new deal nobody answered and nobody planned is in two).</remarks>
public sealed record MyDay(
    DateTimeOffset Now,
    IReadOnlyList<MyDayTask> Overdue,
    IReadOnlyList<MyDayTask> DueToday,
    IReadOnlyList<MyDayDeal> AwaitingFirstResponse,
    IReadOnlyList<MyDayDeal> Rotting,
    IReadOnlyList<MyDayDeal> NoNextStep);

/// <summary>Reads the caller's day (<c>/today</c>): their open tasks due by tonight and their open deals that need attention.</summary>
/// <remarks>
/// Whose day is the context scope's user: tasks assigned to them and deals they own, whatever else
/// their role lets them see. What needs attention is <see cref="DealAttention"/>'s rule, judged with the
/// settings of each deal's current stage; "today" is the workspace calendar's local day.
/// </remarks>
public sealed class MyDayQueries(LoudouDbContext db, TimeProvider clock)
{
    public async Task<MyDay> ReadAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        if (db.Scope.UserId is not { } userId)
        {
            return new MyDay(now, [], [], [], [], []);
        }
        var calendar = (await WorkspaceProfile.ReadAsync(db, cancellationToken)).Calendar;
        var tonight = calendar.StartOf(calendar.DateOf(now).AddDays(1));

        // Moments are compared here, not by the database: SQLite keeps them as text. One user's open tasks are few.
        var tasks = await db.DealTasks.AsNoTracking()
            .Where(t => t.AssigneeId == userId && t.DoneAt == null && t.Due != null)
            .Select(t => new MyDayTask(t.Id, t.Title, t.Due!.Value, t.DealId,
                db.Deals.Where(d => d.Id == t.DealId).Select(d => d.Name).FirstOrDefault(),
                (from d in db.Deals where d.Id == t.DealId join a in db.Accounts on d.AccountId equals a.Id select a.Name).FirstOrDefault()))
            .ToListAsync(cancellationToken);
        var dueOrder = tasks.OrderBy(t => t.Due).ThenBy(t => t.Id).ToList();

        var deals = await (
                from d in db.Deals.AsNoTracking()
                join s in db.Stages on d.StageId equals s.Id
                where d.OwnerId == userId && s.Kind == StageKind.Open
                select new
                {
                    d.Id,
                    d.Name,
                    Account = db.Accounts.Where(a => a.Id == d.AccountId).Select(a => a.Name).FirstOrDefault(),
                    d.Amount,
                    d.Currency,
                    StageName = s.Name,
                    StageColor = s.Color,
                    d.CreatedAt,
                    d.AssignedAt,
                    s.RottingDays,
                    s.FirstResponseSlaHours,
                })
            .ToListAsync(cancellationToken);
        var signals = await DealSignals.ReadAsync(db, [.. deals.Select(d => d.Id)], cancellationToken);
        var views = deals.Select(d =>
        {
            var signal = signals[d.Id];
            return (View: new MyDayDeal(d.Id, d.Name, d.Account, d.Amount, d.Currency, d.StageName, d.StageColor, d.CreatedAt, signal.EnteredStage, signal.LastActivity, d.RottingDays,
                    d.CreatedAt is { } created && d.FirstResponseSlaHours is { } hours ? DealAttention.FirstResponseDue(created, d.AssignedAt, hours) : null),
                Signal: signal, d.FirstResponseSlaHours, d.AssignedAt);
        }).ToList();

        return new MyDay(
            now,
            [.. dueOrder.Where(t => t.Due < now)],
            [.. dueOrder.Where(t => t.Due >= now && t.Due < tonight)],
            [.. views.Where(v => v.View.CreatedAt is { } created && DealAttention.AwaitsFirstResponse(created, v.AssignedAt, v.Signal.LastActivity, v.FirstResponseSlaHours, now))
                .Select(v => v.View).OrderBy(v => v.FirstResponseDue).ThenBy(v => v.Id)],
            [.. views.Where(v => DealAttention.IsRotting(v.Signal.EnteredStage, v.View.RottingDays, now))
                .Select(v => v.View).OrderBy(v => v.EnteredStage!.Value.AddDays(v.RottingDays!.Value)).ThenBy(v => v.Id)],
            [.. views.Where(v => DealAttention.HasNoNextStep(v.Signal.HasOpenTask, v.Signal.LastActivity, v.View.RottingDays, now))
                .Select(v => v.View).OrderBy(v => v.LastActivity ?? v.CreatedAt ?? DateTimeOffset.MinValue).ThenBy(v => v.Id)]);
    }
}
