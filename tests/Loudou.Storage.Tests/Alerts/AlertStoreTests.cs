using Loudou.Core.Alerts;
using Loudou.Core.Alerts.Rules;
using Loudou.Storage.Alerts;
using Loudou.Storage.Analytics;
using Loudou.Storage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Storage.Tests.Alerts;

/// <summary>
/// AlertStore and AlertRun on the access world: teams North (rep ann, manager max) and South (rep bob, manager sue), admin
/// root, eight deals created on successive days from 2026-03-02, three of them South's.
/// </summary>
public class AlertStoreTests
{
    /// <summary>South's new leads in one month above 0: holds for March 2026 (S1–S3 were created then), not for any later month.</summary>
    private const string Rules = """
        {
          "rules": [
            { "key": "south-leads", "name": { "zh": "华南新线索", "en": "South new leads" },
              "condition": { "metric": "newLeads", "segment": { "dimension": "team", "value": "South" },
                             "threshold": { "above": 0 }, "evaluationMonths": 1, "minN": 1 } },
            { "key": "all-leads", "name": "All new leads",
              "condition": { "metric": "newLeads", "threshold": { "above": 0 }, "evaluationMonths": 1, "minN": 1 }, "enabled": false }
          ]
        }
        """;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_rule_naming_a_stage_team_or_segment_that_does_not_exist_is_refused_at_its_path_and_nothing_is_stored(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var world = await AccessWorld.CreateAsync(database);
        var document = AlertsFile.Parse("""
            { "rules": [
              { "key": "a", "name": "A", "condition": { "metric": "conversion", "stage": "nowhere", "change": {} } },
              { "key": "b", "name": "B", "condition": { "metric": "winRate", "segment": { "dimension": "team", "value": "West" }, "change": {} } },
              { "key": "c", "name": "C", "condition": { "metric": "winRate", "segment": { "dimension": "custom.colour", "value": "red" }, "change": {} } },
              { "key": "d", "name": "D", "condition": { "metric": "winRate", "segment": { "dimension": "channel", "value": "Fax" }, "change": {} }, "owner": "nobody" },
              { "key": "e", "name": "E", "condition": { "metric": "winRate", "segment": { "dimension": "channel", "value": "Web" }, "change": {} } }
            ] }
            """).Document!;
        await using var db = LoudouDatabase.CreateContext(database.Target, world.ScopeOf("root"));

        var result = await new AlertStore(db).ApplyAsync(document);

        Assert.Null(result.Applied);
        Assert.Equal(
            ["$.rules[0].condition.stage", "$.rules[1].condition.segment.value", "$.rules[2].condition.segment.dimension", "$.rules[3].condition.segment.value", "$.rules[3].owner"],
            result.Errors.Select(e => e.Path));
        Assert.Contains("South", result.Errors[1].Message);
        Assert.Equal(0, await db.AlertRules.CountAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Only_admins_set_rules_and_a_manager_lists_only_the_rules_on_their_team(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var world = await AccessWorld.CreateAsync(database);
        var document = AlertsFile.Parse(Rules).Document!;

        await using (var sue = LoudouDatabase.CreateContext(database.Target, world.ScopeOf("sue")))
        {
            Assert.Equal("$", Assert.Single((await new AlertStore(sue).ApplyAsync(document)).Errors).Path);
        }
        await using (var root = LoudouDatabase.CreateContext(database.Target, world.ScopeOf("root")))
        {
            var applied = await new AlertStore(root).ApplyAsync(document);
            Assert.Equal((2, 0), (applied.Created, applied.Changed));
            var again = await new AlertStore(root).ApplyAsync(document);
            Assert.Equal((0, 0, 0), (again.Created, again.Changed, again.Removed));
        }
        var seen = new Dictionary<string, string[]>();
        foreach (var login in AccessWorld.Logins)
        {
            await using var db = LoudouDatabase.CreateContext(database.Target, world.ScopeOf(login));
            seen[login] = [.. (await new AlertStore(db).ListRulesAsync()).Select(r => r.Key)];
        }
        Assert.Equal(["all-leads", "south-leads"], seen["root"]);
        Assert.Equal(["south-leads"], seen["sue"]);
        Assert.Empty(seen["max"]);
        Assert.Empty(seen["ann"]);
        Assert.Empty(seen["bob"]);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_alert_fires_once_per_episode_notifies_the_admins_and_the_team_manager_and_records_when_it_cleared(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var world = await AccessWorld.CreateAsync(database);
        await using (var root = LoudouDatabase.CreateContext(database.Target, world.ScopeOf("root")))
        {
            await new AlertStore(root).ApplyAsync(AlertsFile.Parse(Rules).Document!);
        }
        var april = new DateTimeOffset(2026, 4, 10, 12, 0, 0, TimeSpan.FromHours(8));
        var september = new DateTimeOffset(2026, 9, 10, 12, 0, 0, TimeSpan.FromHours(8));

        var first = await RunAsync(database, april, april);
        var second = await RunAsync(database, april, april.AddHours(1));
        var third = await RunAsync(database, september, april.AddHours(2));
        var fourth = await RunAsync(database, september, april.AddHours(3));

        // The disabled rule is not evaluated at all.
        Assert.Equal(["south-leads"], first.Outcomes.Select(o => o.Result.Key));
        Assert.Equal(["fired", "open", "cleared", "quiet"], new[] { first, second, third, fourth }.Select(r => r.Outcomes[0].Status));
        Assert.Equal(3, first.Outcomes[0].Result.Observed);
        Assert.Equal(2, first.Notifications);
        Assert.Equal(0, second.Notifications);
        await using var db = LoudouDatabase.CreateContext(database.Target, world.ScopeOf("root"));
        var episode = Assert.Single(await db.AlertEpisodes.ToListAsync());
        Assert.Equal(april.AddHours(2), episode.ClearedAt);
        Assert.Equal(world.Teams["South"], episode.TeamId);
        var notified = await db.Notifications.Where(n => n.Kind == AlertRun.NotificationKind).Select(n => n.UserId).ToListAsync();
        Assert.Equal(new[] { world.Users["root"].Id, world.Users["sue"].Id }.Order(), notified.Order());
        Assert.Contains("/funnel?from=2026-03-01&to=2026-03-31&where=team%3DSouth", (await db.Notifications.FirstAsync(n => n.Kind == AlertRun.NotificationKind)).Body);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Episodes_of_a_team_segment_are_seen_by_the_admins_and_that_teams_manager_only(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var world = await AccessWorld.CreateAsync(database);
        await using (var root = LoudouDatabase.CreateContext(database.Target, world.ScopeOf("root")))
        {
            await new AlertStore(root).ApplyAsync(AlertsFile.Parse(Rules.Replace("\"enabled\": false", "\"enabled\": true")).Document!);
        }
        var april = new DateTimeOffset(2026, 4, 10, 12, 0, 0, TimeSpan.FromHours(8));
        await RunAsync(database, april, april);

        var seen = new Dictionary<string, string[]>();
        foreach (var login in AccessWorld.Logins)
        {
            await using var db = LoudouDatabase.CreateContext(database.Target, world.ScopeOf(login));
            seen[login] = [.. (await new AlertStore(db).ListEpisodesAsync()).Select(e => e.RuleKey).Order()];
        }
        Assert.Equal(["all-leads", "south-leads"], seen["root"]);
        Assert.Equal(["south-leads"], seen["sue"]);
        Assert.Empty(seen["max"]);
        Assert.Empty(seen["ann"]);
        Assert.Empty(seen["bob"]);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_database_refuses_a_second_open_episode_of_a_rule(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var db = database.NewContext();
        var rule = AlertRule.Create("r", new("r", "r"), "{}", "0 8 * * *", DeliveryChannels.InApp, null);
        db.AlertRules.Add(rule);
        await db.SaveChangesAsync();
        var result = new AlertResult("r", new AlertCondition("newLeads", null, null, new AlertThreshold(null, 0, false), null), true, null, 1, 0, 2, 0, 1, 1, null, null, null,
            DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, null, null);
        var cleared = AlertEpisode.Open(rule.Id, null, result, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);
        cleared.Clear(DateTimeOffset.UnixEpoch.AddDays(1));
        db.AlertEpisodes.AddRange(cleared, AlertEpisode.Open(rule.Id, null, result, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddDays(2)));
        await db.SaveChangesAsync();

        db.AlertEpisodes.Add(AlertEpisode.Open(rule.Id, null, result, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddDays(3)));

        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
    }

    private static async Task<AlertRunResult> RunAsync(TestDatabase database, DateTimeOffset asOf, DateTimeOffset now)
    {
        await using var db = database.NewContext();
        var snapshot = await FunnelColumnsLoader.LoadAsync(db, null, 0, CancellationToken.None);
        return await new AlertRun(db).RunAsync(snapshot, asOf, now);
    }
}
