using Loudou.Core;
using Loudou.Core.Access;
using Loudou.Core.Alerts;
using Loudou.Core.Alerts.Preferences;
using Loudou.Core.Alerts.Rules;
using Loudou.Core.Catalog;
using Loudou.Core.Reminders;
using Loudou.Core.Scoring;
using Loudou.Core.Targets;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Storage.Tests.Backup;

/// <summary>Rows for the tables the demo workspace leaves empty, so that a backup's comparison covers them too.</summary>
/// <remarks>Odd values on purpose (Chinese text, a quote, bytes, fractions of a second), where a round trip could lose something.</remarks>
public static class BackupRows
{
    private static readonly DateTimeOffset At = new(2026, 6, 30, 9, 15, 30, 123, TimeSpan.Zero);

    public static async Task AddTheRestAsync(LoudouDbContext db)
    {
        var deal = await db.Deals.Include(d => d.Tags).Include(d => d.FieldValues).OrderBy(d => d.Id).FirstAsync();
        var user = await db.Users.OrderBy(u => u.Id).FirstAsync();
        var pipeline = await db.Pipelines.OrderBy(p => p.Id).FirstAsync();
        var field = CustomField.Create("budget_owner", new LocalizedText("预算负责人", "Budget \"owner\""), CustomFieldType.Text);
        var tag = Tag.Create("重点 VIP");
        var model = ScoringModel.Create(pipeline.Id, At, "logistic", "{\"auc\":0.71}", [0, 1, 2, 254, 255]);
        var target = NotificationTarget.Create("ops-hook", TargetKind.Webhook, "https://hooks.example.cn/loudou", "s3cret-0123456789abcdef", null, allowPrivate: false);
        var rule = AlertRule.Create("backup-rule", new("备份规则", "Backup rule"), "{}", "0 8 * * *", DeliveryChannels.InApp, null);
        db.AddRange(field, tag, model, target, rule);
        db.ExchangeRates.Add(ExchangeRate.Create("USD", new DateOnly(2026, 1, 1), 7.1234m));
        db.SalesTargets.Add(SalesTarget.Create(new DateOnly(2026, 6, 1), null, user.Id, 1_234_567.89m, 12));
        db.ApiTokens.Add(ApiToken.Create(user.Id, "备份测试", "hash-of-a-token", At, At.AddDays(90)));
        db.ReminderChoices.Add(ReminderChoice.Create(user.Id, ReminderRule.Rotting, DeliveryChannels.InApp, At));
        db.NotificationPreferences.Add(NotificationPreference.For(user.Id));
        db.JobRuns.Add(new Scheduling.JobRun { Job = "reminders", ScheduledFor = At, StartedAt = At, FinishedAt = At.AddSeconds(1), Instance = "host-1", Outcome = "0 raised" });
        db.DataProtectionKeys.Add(new DataProtectionKey { FriendlyName = "key-1", Xml = "<key id=\"1\" />" });
        db.AuditEntries.Add(AuditEntry.Record(At, user.Id, "deal", deal.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), AuditAction.Update, "{\"name\":\"旧\"}", "{\"name\":\"新\"}"));
        await db.SaveChangesAsync();

        deal.AddTag(tag);
        deal.SetFieldValue(field, "王经理");
        db.DealScores.Add(DealScore.Create(deal.Id, model.Id, 0.4375, At, "[]", "B"));
        db.Segments.Add(Core.Segments.Segment.Create("vip", "VIP 大客户", """{"minAmount":1000}""", tag.Id));
        var notification = Notification.Create(user.Id, At, "rotting", "商机停滞", "3 天没有进展", deal.Id);
        db.Notifications.Add(notification);
        var result = new AlertResult("backup-rule", new AlertCondition("newLeads", null, null, new AlertThreshold(null, 0, false), null), true, null, 1, 0, 2, 0, 1, 1, null, null, null,
            At, At, null, null);
        db.AlertEpisodes.Add(AlertEpisode.Open(rule.Id, null, result, At, At));
        await db.SaveChangesAsync();
        db.NotificationDeliveries.Add(NotificationDelivery.For(notification.Id, target.Id, At));
        await db.SaveChangesAsync();
    }
}
