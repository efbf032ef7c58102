using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Loudou.Storage;
using Loudou.Storage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Web.Tests.Api;

/// <summary>
/// What the writes do, beyond who may make them (<see cref="AuthorizationMatrixTests"/>): merge-patch
/// semantics, every bad field named, what a delete takes with it, the audit entries with before and
/// after, the admin's audit view, the cross-site guard on cookie writes and the OpenAPI error answers.
/// </summary>
public class RecordWritesApiTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_patch_changes_only_the_fields_it_sends_clears_what_it_sends_as_null_and_audits_just_those(DatabaseProvider provider)
    {
        await using var web = await WebWorld.CreateAsync(provider);
        using var max = web.ClientFor("max");
        var id = web.World.Deals["N2"];

        var first = await PatchAsync(max, $"/api/v1/deals/{id}", """{"amount": 88000.5, "expectedClose": "2026-12-31", "tags": ["vip", "续约"], "version": 0}""");
        var second = await PatchAsync(max, $"/api/v1/deals/{id}", """{"expectedClose": null, "owner": "max", "version": 1}""");
        var audit = await DealsApiScopingTests.GetJsonAsync(max, $"/api/v1/deals/{id}/audit");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var deal = await second.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(88000.5m, deal.GetProperty("amount").GetDecimal());
        Assert.Equal(JsonValueKind.Null, deal.GetProperty("expectedClose").ValueKind);
        Assert.Equal(["vip", "续约"], deal.GetProperty("tags").EnumerateArray().Select(t => t.GetString()).Order(StringComparer.Ordinal));
        Assert.Equal(("max", "N2"), (deal.GetProperty("owner").GetString(), deal.GetProperty("name").GetString()));
        Assert.Equal(2, deal.GetProperty("version").GetInt32());
        var latest = audit.EnumerateArray().First();
        Assert.Equal("update", latest.GetProperty("action").GetString());
        Assert.Equal("""{"expectedClose":"2026-12-31","owner":"ann"}""", latest.GetProperty("before").GetRawText());
        Assert.Equal("""{"expectedClose":null,"owner":"max"}""", latest.GetProperty("after").GetRawText());
    }

    [Fact]
    public async Task A_bad_patch_names_every_bad_field_in_one_400_and_changes_nothing()
    {
        await using var web = await WebWorld.CreateAsync(DatabaseProvider.Sqlite);
        using var ann = web.ClientFor("ann");
        var id = web.World.Deals["N1"];

        var response = await PatchAsync(ann, $"/api/v1/deals/{id}",
            """{"name": "", "amount": -5, "probability": "high", "owner": "bob", "channel": "Fax", "expectedClose": "31/12/2026", "colour": "red", "version": 0}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        // Type errors are found before the rules, so the second request sees the rule errors.
        Assert.Equal(["colour", "expectedClose", "probability"], errors.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        var rules = await PatchAsync(ann, $"/api/v1/deals/{id}", """{"name": "", "amount": -5, "owner": "bob", "channel": "Fax", "version": 0}""");
        var ruleErrors = (await rules.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal(["amount", "channel", "name", "owner"], ruleErrors.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        await using var db = web.Database.NewContext();
        var deal = await db.Deals.AsNoTracking().SingleAsync(d => d.Id == id);
        Assert.Equal(("N1", 10_000m, 0), (deal.Name, deal.Amount!.Value, deal.Version));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Deleting_a_deal_takes_its_history_activities_and_tasks_with_it_and_the_audit_keeps_what_it_was(DatabaseProvider provider)
    {
        await using var web = await WebWorld.CreateAsync(provider);
        using var sue = web.ClientFor("sue");
        using var root = web.ClientFor("root");
        var id = web.World.Deals["S2"];

        using var stale = new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/deals/{id}") { Headers = { { "If-Match", "\"7\"" } } };
        var refused = await sue.SendAsync(stale);
        var unversioned = await sue.DeleteAsync($"/api/v1/deals/{id}");
        using var request = new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/deals/{id}") { Headers = { { "If-Match", "\"0\"" } } };
        var deleted = await sue.SendAsync(request);
        var after = await sue.GetAsync($"/api/v1/deals/{id}");
        var log = await DealsApiScopingTests.GetJsonAsync(root, $"/api/v1/audit?entityType=deal&entityId={id}&action=delete");

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionRequired, unversioned.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, after.StatusCode);
        await using var db = web.Database.NewContext();
        Assert.Equal(0, await db.StageTransitions.CountAsync(t => t.DealId == id));
        Assert.Equal(0, await db.Activities.CountAsync(a => a.DealId == id));
        Assert.Equal(0, await db.DealTasks.CountAsync(t => t.DealId == id));
        Assert.Equal(7, await db.Deals.CountAsync());
        var entry = Assert.Single(log.GetProperty("items").EnumerateArray());
        Assert.Equal(("sue", "S2", "bob", "lead"), (entry.GetProperty("user").GetString(), entry.GetProperty("before").GetProperty("name").GetString(),
            entry.GetProperty("before").GetProperty("owner").GetString(), entry.GetProperty("before").GetProperty("stage").GetString()));
    }

    [Fact]
    public async Task Records_writes_are_audited_and_the_admin_view_filters_by_type_user_and_time()
    {
        await using var web = await WebWorld.CreateAsync(DatabaseProvider.Sqlite);
        using var ann = web.ClientFor("ann");
        using var root = web.ClientFor("root");
        var since = DateTimeOffset.UtcNow.AddMinutes(-1).ToString("O");

        var contact = await ann.PostAsJsonAsync("/api/v1/contacts", new { name = "王芳", account = web.World.Accounts["NorthOnly"], email = "wang.fang@example.cn", phone = "+86 138 0000 0000" });
        var contactId = (await contact.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        var badEmail = await PatchAsync(ann, $"/api/v1/contacts/{contactId}", """{"email": "not an address"}""");
        await PatchAsync(ann, $"/api/v1/contacts/{contactId}", """{"title": "采购总监", "phone": null}""");
        var activity = await ann.PostAsJsonAsync($"/api/v1/deals/{web.World.Deals["N1"]}/activities", new { kind = "weChat", at = "2026-11-20T10:00:00+08:00", outcome = "约了演示" });
        var future = await ann.PostAsJsonAsync($"/api/v1/deals/{web.World.Deals["N1"]}/activities", new { kind = "call", at = "2099-01-01T10:00:00+08:00" });
        var task = await ann.PostAsJsonAsync("/api/v1/tasks", new { deal = web.World.Deals["N1"], title = "发报价", due = "2026-12-01T09:00:00+08:00" });

        var byAnn = await DealsApiScopingTests.GetJsonAsync(root, $"/api/v1/audit?user=ann&from={Uri.EscapeDataString(since)}");
        var contacts = await DealsApiScopingTests.GetJsonAsync(root, $"/api/v1/audit?entityType=contact&entityId={contactId}");
        var none = await DealsApiScopingTests.GetJsonAsync(root, $"/api/v1/audit?user=ann&until={Uri.EscapeDataString(since)}");
        var badFilter = await root.GetAsync("/api/v1/audit?action=erase&from=yesterday");

        Assert.Equal(HttpStatusCode.Created, contact.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badFilter.StatusCode);
        Assert.True((await badFilter.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("from", out _));
        Assert.Equal(HttpStatusCode.BadRequest, badEmail.StatusCode);
        Assert.Equal(HttpStatusCode.Created, activity.StatusCode);
        Assert.Equal("weChat", (await activity.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("kind").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, future.StatusCode);
        Assert.Equal(HttpStatusCode.Created, task.StatusCode);
        Assert.Equal("ann", (await task.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("assignee").GetString());
        Assert.Equal(["task", "activity", "contact", "contact"], byAnn.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("entityType").GetString()));
        Assert.Equal(4, byAnn.GetProperty("total").GetInt32());
        Assert.Equal(0, none.GetProperty("total").GetInt32());
        var update = contacts.GetProperty("items").EnumerateArray().First();
        Assert.Equal("""{"title":null,"phone":"+86 138 0000 0000"}""", update.GetProperty("before").GetRawText());
        Assert.Equal("""{"title":"采购总监","phone":null}""", update.GetProperty("after").GetRawText());
    }

    [Fact]
    public async Task A_cookie_signed_write_from_another_site_is_refused_but_the_same_site_and_tokens_pass()
    {
        await using var web = await WebWorld.CreateAsync(DatabaseProvider.Sqlite);
        using var browser = web.Anonymous();
        await Access.SignInTests.SignInAsync(browser, "ann", AccessWorld.Password);
        var id = web.World.Deals["N1"];

        var forged = await SendWithOriginAsync(browser, id, 0, "https://evil.example", "cross-site");
        var forgedOriginOnly = await SendWithOriginAsync(browser, id, 0, "https://evil.example", null);
        var sameSite = await SendWithOriginAsync(browser, id, 0, "http://localhost", "same-origin");
        using var token = web.ClientFor("ann");
        var byToken = await SendWithOriginAsync(token, id, 1, "https://evil.example", "cross-site");

        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, forgedOriginOnly.StatusCode);
        Assert.Equal(HttpStatusCode.OK, sameSite.StatusCode);
        Assert.Equal(HttpStatusCode.OK, byToken.StatusCode);
    }

    [Fact]
    public async Task The_openapi_document_describes_every_endpoint_with_its_error_answers()
    {
        await using var web = await WebWorld.CreateAsync(DatabaseProvider.Sqlite);
        using var client = web.Anonymous();

        var document = await DealsApiScopingTests.GetJsonAsync(client, "/openapi/v1.json");

        var operations = document.GetProperty("paths").EnumerateObject()
            .Where(p => p.Name.StartsWith("/api/v1", StringComparison.Ordinal))
            .SelectMany(p => p.Value.EnumerateObject().Select(o => (Path: p.Name, Method: o.Name, Operation: o.Value)))
            .ToList();
        Assert.True(operations.Count >= 30, $"{operations.Count} operations");
        foreach (var (path, method, operation) in operations)
        {
            var responses = operation.GetProperty("responses").EnumerateObject().Select(r => r.Name).ToHashSet();
            Assert.True(responses.IsSupersetOf(["400", "401"]), $"{method} {path}: {string.Join(", ", responses)}");
            Assert.True(responses.Any(r => r.StartsWith('2')), $"{method} {path} has no success answer");
            Assert.True(operation.TryGetProperty("summary", out _), $"{method} {path} has no summary");
            if (path.Contains("{id}", StringComparison.Ordinal) && !path.StartsWith("/api/v1/tokens", StringComparison.Ordinal))
            {
                Assert.True(responses.Contains("404"), $"{method} {path} does not declare 404");
            }
            if (method is "patch" or "delete" && path.StartsWith("/api/v1/deals", StringComparison.Ordinal))
            {
                Assert.True(responses.IsSupersetOf(["409", "428"]), $"{method} {path} does not declare 409 and 428");
            }
        }
    }

    private static async Task<HttpResponseMessage> SendWithOriginAsync(HttpClient client, long id, int version, string origin, string? fetchSite)
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/deals/{id}")
        {
            Content = new StringContent(version == 0 ? """{"probability": 0.3}""" : """{"probability": 0.4}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("If-Match", $"\"{version}\"");
        request.Headers.TryAddWithoutValidation("Origin", origin);
        if (fetchSite is not null)
        {
            request.Headers.TryAddWithoutValidation("Sec-Fetch-Site", fetchSite);
        }
        return await client.SendAsync(request);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_account_or_contact_correction_with_a_stale_if_match_is_refused_with_the_version_now_and_changes_nothing(DatabaseProvider provider)
    {
        await using var web = await WebWorld.CreateAsync(provider);
        using var max = web.ClientFor("max");
        var contacts = await (await max.GetAsync("/api/v1/contacts?q=Contact%20of%20N1")).Content.ReadFromJsonAsync<JsonElement>();
        var contact = contacts.GetProperty("items")[0].GetProperty("id").GetInt32();
        foreach (var (url, field) in new[] { ($"/api/v1/accounts/{web.World.Accounts["Shared"]}", "region"), ($"/api/v1/contacts/{contact}", "title") })
        {
            var read = await max.GetAsync(url);
            var tag = read.Headers.ETag!.Tag;
            var version = (await read.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt32();

            // Someone saves first, with the version they read; then a second edit made on the same read comes in.
            var first = await PatchWithAsync(max, url, $$"""{"{{field}}": "first"}""", tag);
            var second = await PatchWithAsync(max, url, $$"""{"{{field}}": "second"}""", tag);
            var unguarded = await PatchAsync(max, url, $$"""{"{{field}}": "third"}""");
            var badTag = await PatchWithAsync(max, url, $$"""{"{{field}}": "fourth"}""", "\"seven\"");

            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            Assert.Equal($"\"{version + 1}\"", first.Headers.ETag!.Tag);
            Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
            var problem = await second.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(version + 1, problem.GetProperty("currentVersion").GetInt32());
            // Without If-Match the correction applies to what is stored, as before versions existed.
            Assert.Equal(HttpStatusCode.OK, unguarded.StatusCode);
            Assert.Equal(HttpStatusCode.BadRequest, badTag.StatusCode);
            Assert.Contains("If-Match", await badTag.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            var now = await (await max.GetAsync(url)).Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(("third", version + 2), (now.GetProperty(field).GetString(), now.GetProperty("version").GetInt32()));
        }
    }

    private static Task<HttpResponseMessage> PatchWithAsync(HttpClient client, string url, string json, string ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, url) { Content = new StringContent(json, Encoding.UTF8, "application/merge-patch+json") };
        request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return client.SendAsync(request);
    }

    private static Task<HttpResponseMessage> PatchAsync(HttpClient client, string url, string json) =>
        client.PatchAsync(url, new StringContent(json, Encoding.UTF8, "application/merge-patch+json"));
}
