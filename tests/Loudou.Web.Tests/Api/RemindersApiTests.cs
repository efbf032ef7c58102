using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Loudou.Storage;

namespace Loudou.Web.Tests.Api;

/// <summary>Settings through the API (reminder rules, targets, one's own notification choices, the ranking's weights): a change holds, and every bad value is named in one 400 that changes nothing.</summary>
public class RemindersApiTests
{
    [Fact]
    public async Task An_admin_changes_a_rule_and_bad_values_are_named_without_changing_anything()
    {
        await using var web = await WebWorld.CreateAsync(DatabaseProvider.Sqlite);
        var root = web.ClientFor("root");

        var rules = await root.GetFromJsonAsync<JsonElement>("/api/v1/admin/reminders");
        Assert.Equal(["first-response", "task-due-soon", "task-overdue", "rotting", "no-next-step", "close-passed"], rules.EnumerateArray().Select(r => r.GetProperty("rule").GetString()));
        Assert.All(rules.EnumerateArray(), r => Assert.True(r.GetProperty("enabled").GetBoolean()));

        var changed = await root.PutAsJsonAsync("/api/v1/admin/reminders/task-due-soon", new { enabled = false, leadHours = 4 });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var body = await changed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((false, 4, JsonValueKind.Null), (body.GetProperty("enabled").GetBoolean(), body.GetProperty("leadHours").GetInt32(), body.GetProperty("escalateAfterHours").ValueKind));

        var bad = await root.PutAsJsonAsync("/api/v1/admin/reminders/rotting", new { enabled = true, escalateAfterHours = 0 });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("escalateAfterHours", await bad.Content.ReadAsStringAsync());
        var unknown = await root.PutAsJsonAsync("/api/v1/admin/reminders/rotting", new { enabled = true, snooze = 5 });
        Assert.Contains("snooze", await unknown.Content.ReadAsStringAsync());
        var missing = await root.PutAsJsonAsync("/api/v1/admin/reminders/rotting", new { escalateAfterHours = 5 });
        Assert.Contains("enabled", await missing.Content.ReadAsStringAsync());

        var after = await root.GetFromJsonAsync<JsonElement>("/api/v1/admin/reminders");
        var rotting = after.EnumerateArray().Single(r => r.GetProperty("rule").GetString() == "rotting");
        Assert.Equal(24, rotting.GetProperty("escalateAfterHours").GetInt32());
    }

    [Fact]
    public async Task A_target_keeps_its_secret_and_token_out_of_sight_and_a_private_address_is_refused()
    {
        await using var web = await WebWorld.CreateAsync(DatabaseProvider.Sqlite);
        var root = web.ClientFor("root");

        var created = await root.PostAsJsonAsync("/api/v1/admin/targets", new { key = "east-wecom", kind = "wecom", url = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=SECRET-TOKEN", team = "North" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var list = await root.GetStringAsync("/api/v1/admin/targets");
        Assert.DoesNotContain("SECRET-TOKEN", list);
        Assert.Contains("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?…", list);

        foreach (var (body, field) in new (object Body, string Field)[]
        {
            (new { key = "metadata", kind = "webhook", url = "http://169.254.169.254/latest", secret = "0123456789abcdef" }, "url"),
            (new { key = "lan", kind = "feishu", url = "http://192.168.1.20/hook" }, "url"),
            (new { key = "no-secret", kind = "webhook", url = "https://example.com/hook" }, "secret"),
            (new { key = "what", kind = "slack", url = "https://example.com/hook" }, "kind"),
            (new { key = "east-wecom", kind = "wecom", url = "https://example.com/hook" }, "key"),
            (new { key = "nobody", kind = "wecom", url = "https://example.com/hook", team = "Nowhere" }, "team"),
            (new { key = "mail", kind = "email", url = "smtp://smtp.example.com:587" }, "from"),
            (new { key = "mail", kind = "email", url = "https://smtp.example.com", from = "loudou@example.com" }, "url"),
            (new { key = "mail", kind = "email", url = "smtp://10.0.0.5:25", from = "loudou@example.com" }, "url"),
        })
        {
            var refused = await root.PostAsJsonAsync("/api/v1/admin/targets", body);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains($"\"{field}\"", await refused.Content.ReadAsStringAsync());
        }
        Assert.Single(JsonDocument.Parse(await root.GetStringAsync("/api/v1/admin/targets")).RootElement.EnumerateArray());
        Assert.Equal(HttpStatusCode.NoContent, (await root.DeleteAsync("/api/v1/admin/targets/east-wecom")).StatusCode);
    }

    [Fact]
    public async Task A_person_sets_their_own_channels_and_quiet_hours_and_every_bad_field_is_named_in_one_400()
    {
        await using var web = await WebWorld.CreateAsync(DatabaseProvider.Sqlite);
        using var ann = web.ClientFor("ann");
        using var bob = web.ClientFor("bob");

        var saved = await ann.PutAsJsonAsync("/api/v1/notifications/settings", new
        {
            rules = new[] { new { rule = "rotting", inApp = false, email = true, groupChat = false } },
            quietHours = new { from = "22:00", until = "07:30" },
        });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var body = await saved.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("22:00", "07:30"), (body.GetProperty("quietFrom").GetString(), body.GetProperty("quietUntil").GetString()));
        var rotting = body.GetProperty("rules").EnumerateArray().Single(r => r.GetProperty("rule").GetString() == "rotting");
        Assert.Equal((false, true, false), (rotting.GetProperty("inApp").GetBoolean(), rotting.GetProperty("email").GetBoolean(), rotting.GetProperty("groupChat").GetBoolean()));

        // Left out, the quiet hours stay; sent as null, they go.
        var kept = await (await ann.PutAsJsonAsync("/api/v1/notifications/settings", new { rules = Array.Empty<object>() })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("22:00", kept.GetProperty("quietFrom").GetString());
        var cleared = await (await ann.PutAsync("/api/v1/notifications/settings", Json("""{"quietHours": null}"""))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(JsonValueKind.Null, cleared.GetProperty("quietFrom").ValueKind);

        var bad = await ann.PutAsync("/api/v1/notifications/settings", Json("""
            {"rules": [{"rule": "rotting", "inApp": "yes", "email": true, "groupChat": true}, {"rule": "rotten", "inApp": true, "email": true, "groupChat": true}, {"inApp": true}],
             "quietHours": {"from": "25:00", "until": "08:00"}, "snooze": 1}
            """));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = JsonNode.Parse(await bad.Content.ReadAsStringAsync())!["errors"]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal);
        Assert.Equal(["quietHours.from", "rules[0].inApp", "rules[2].email", "snooze"], errors);
        var same = await ann.PutAsync("/api/v1/notifications/settings", Json("""{"quietHours": {"from": "08:00", "until": "08:00"}}"""));
        Assert.Contains("different times", await same.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var unknownRule = await ann.PutAsync("/api/v1/notifications/settings", Json("""{"rules": [{"rule": "rotten", "inApp": true, "email": true, "groupChat": true}]}"""));
        Assert.Contains("rules[0].rule", await unknownRule.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Nothing of that reached Ann's settings, and Bob's are his own.
        var after = await ann.GetFromJsonAsync<JsonElement>("/api/v1/notifications/settings");
        Assert.False(after.GetProperty("rules").EnumerateArray().Single(r => r.GetProperty("rule").GetString() == "rotting").GetProperty("inApp").GetBoolean());
        var bobs = await bob.GetFromJsonAsync<JsonElement>("/api/v1/notifications/settings");
        Assert.All(bobs.GetProperty("rules").EnumerateArray(), r => Assert.True(r.GetProperty("inApp").GetBoolean()));
    }

    [Fact]
    public async Task An_admin_weighs_the_ranking_and_a_weight_outside_0_to_1_is_named_without_changing_it()
    {
        await using var web = await WebWorld.CreateAsync(DatabaseProvider.Sqlite);
        var root = web.ClientFor("root");

        Assert.Equal(0.6, (await root.GetFromJsonAsync<JsonElement>("/api/v1/admin/ranking")).GetProperty("resultsWeight").GetDouble());
        var set = await (await root.PutAsJsonAsync("/api/v1/admin/ranking", new { resultsWeight = 0.75 })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((0.75, 0.25), (set.GetProperty("resultsWeight").GetDouble(), set.GetProperty("processWeight").GetDouble()));
        foreach (var bad in new[] { """{"resultsWeight": 1.5}""", """{"resultsWeight": "half"}""", "{}", """{"results": 0.5}""" })
        {
            var refused = await root.PutAsync("/api/v1/admin/ranking", Json(bad));
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        }
        var report = await root.GetFromJsonAsync<JsonElement>("/api/v1/analytics/team?asOf=2030-01-01");
        Assert.Equal(0.75, report.GetProperty("weights").GetProperty("results").GetDouble());
    }

    private static StringContent Json(string text) => new(text, System.Text.Encoding.UTF8, "application/json");
}
