using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Loudou.Storage;

namespace Loudou.Web.Tests.Api;

/// <summary>The reminder rules through the API: an admin's change holds, and every bad value is named in one 400 that changes nothing.</summary>
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
}
