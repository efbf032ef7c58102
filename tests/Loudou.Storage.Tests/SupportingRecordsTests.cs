using Loudou.Core.Alerts;
using Loudou.Core.Catalog;
using Loudou.Core.Scoring;
using Loudou.Storage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Storage.Tests;

/// <summary>The tables later features fill (alerts, notifications, scoring, exchange rates) hold what they are given.</summary>
public class SupportingRecordsTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Alerts_notifications_scores_and_exchange_rates_round_trip(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var at = new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.FromHours(8));
        byte[] blob = [1, 2, 3, 250, 0, 7];
        await using (var db = database.NewContext())
        {
            var manager = await Builders.UserAsync(db, "wang.fang", Core.Workspace.UserRole.Manager);
            var deal = await Builders.DealAsync(db, "Acme", owner: manager);
            var rule = AlertRule.Create("proposal-drop", new("方案阶段转化下降", "Proposal conversion dropped"),
                """{"metric":"stepConversion","stage":"proposal","below":0.3}""", "0 8 * * 1", DeliveryChannels.InApp | DeliveryChannels.WeCom, manager.Id);
            db.AlertRules.Add(rule);
            await db.SaveChangesAsync();
            db.Notifications.Add(Notification.Create(manager.Id, at, "alert", "方案阶段转化率低于 30%", dealId: deal.Id, alertRuleId: rule.Id));
            var model = ScoringModel.Create(deal.PipelineId, at, "LightGbm", """{"auc":0.81}""", blob);
            model.Activate();
            db.ScoringModels.Add(model);
            db.ExchangeRates.Add(ExchangeRate.Create("USD", new DateOnly(2026, 11, 1), 7.12345678m));
            await db.SaveChangesAsync();
            db.DealScores.Add(DealScore.Create(deal.Id, model.Id, 0.42, at, """[{"feature":"channel","contribution":0.1}]""", "B"));
            await db.SaveChangesAsync();
        }

        await using (var db = database.NewContext())
        {
            var rule = await db.AlertRules.SingleAsync();
            Assert.Equal(DeliveryChannels.InApp | DeliveryChannels.WeCom, rule.Channels);
            Assert.Contains("stepConversion", rule.Condition);
            var notification = await db.Notifications.SingleAsync();
            Assert.Equal((at, rule.Id), (notification.At, notification.AlertRuleId));
            Assert.Null(notification.ReadAt);
            var model = await db.ScoringModels.SingleAsync(m => m.IsActive);
            Assert.Equal(blob, model.Model);
            Assert.Equal(0.42, (await db.DealScores.SingleAsync()).Score);
            Assert.Equal(7.12345678m, (await db.ExchangeRates.SingleAsync(r => r.Currency == "USD")).RateToBase);
        }
    }
}
