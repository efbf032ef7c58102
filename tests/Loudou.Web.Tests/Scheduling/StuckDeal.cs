using Loudou.Core.Activities;
using Loudou.Core.Alerts;
using Loudou.Core.Deals;
using Loudou.Core.Workspace;
using Loudou.Storage.Reminders;
using Loudou.Storage.Tests.Infrastructure;

namespace Loudou.Web.Tests.Scheduling;

/// <summary>
/// The world the host-process tests of reminders share: rep ann's deal "Stuck", ten days in lead (seven allowed) and
/// touched yesterday, with its task "Send the quote" two hours late (two reminders: rotting and task-overdue), and
/// every rule on since a month ago.
/// </summary>
internal static class StuckDeal
{
    /// <param name="email">Ann's e-mail address, if she has one.</param>
    /// <param name="targets">Notification targets to add, given ann.</param>
    /// <returns>The deal's id.</returns>
    public static async Task<long> SeedAsync(TestDatabase database, string? email = null, Func<User, IEnumerable<NotificationTarget>>? targets = null)
    {
        var now = DateTimeOffset.UtcNow;
        await using var db = database.NewContext();
        await ReminderRun.SettingsAsync(db, now.AddDays(-30));
        var ann = await Builders.UserAsync(db, "ann");
        ann.ChangeEmail(email);
        var pipeline = await Builders.DefaultPipelineAsync(db);
        var deal = Deal.Create("Stuck", pipeline, "CNY", now.AddDays(-10), ann.Id, TransitionSource.App);
        deal.AssignTo(ann);
        db.Deals.Add(deal);
        await db.SaveChangesAsync();
        db.Activities.Add(Activity.Record(deal.Id, ActivityKind.Call, now.AddDays(-1), ann.Id));
        db.DealTasks.Add(DealTask.Create(deal.Id, "Send the quote", now.AddHours(-2), ann.Id));
        db.NotificationTargets.AddRange(targets?.Invoke(ann) ?? []);
        await db.SaveChangesAsync();
        return deal.Id;
    }
}
