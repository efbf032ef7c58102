using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Loudou.Storage;
using Loudou.Storage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Web.Tests.Api;

/// <summary>/api/v1/fields and custom values on the deals API: admins define, everyone reads, values checked by type and named custom.KEY.</summary>
public class FieldsApiTests
{
    private const string Budget = """
        {"fields": [
          {"key": "budget", "name": {"zh-CN": "预算", "en": "Budget"}, "type": "number"},
          {"key": "segment", "name": "Segment", "type": "choice", "options": ["smb", "enterprise"]},
          {"key": "regions", "name": "Regions", "type": "multiChoice", "options": ["north", "south", "east"]},
          {"key": "kickoff", "name": "Kickoff", "type": "date"}
        ]}
        """;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_admin_defines_fields_everyone_reads_them_and_a_bad_file_is_named_by_its_json_paths(DatabaseProvider provider)
    {
        await using var web = await WebWorld.CreateAsync(provider);
        using var root = web.ClientFor("root");
        using var ann = web.ClientFor("ann");

        var byRep = await ann.PutAsync("/api/v1/fields", Json(Budget));
        var bad = await root.PutAsync("/api/v1/fields", Json("""{"fields": [{"key": "Budget", "name": "B", "type": "money"}, {"key": "tags", "name": "T", "type": "text"}]}"""));
        var applied = await root.PutAsync("/api/v1/fields", Json(Budget));
        var read = await ann.GetFromJsonAsync<JsonElement>("/api/v1/fields");

        Assert.Equal(HttpStatusCode.Forbidden, byRep.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal(["$.fields[0].key", "$.fields[0].type", "$.fields[1].key"], errors.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Contains("built-in deal field", errors.GetProperty("$.fields[1].key")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, applied.StatusCode);
        Assert.Equal(["budget", "segment", "regions", "kickoff"], read.GetProperty("fields").EnumerateArray().Select(f => f.GetProperty("key").GetString()));
        Assert.Equal("预算", read.GetProperty("fields")[0].GetProperty("name").GetProperty("zh-CN").GetString());
        Assert.Equal(["north", "south", "east"], read.GetProperty("fields")[2].GetProperty("options").EnumerateArray().Select(o => o.GetString()));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Deals_carry_typed_custom_values_and_a_bad_value_is_named_custom_key(DatabaseProvider provider)
    {
        await using var web = await WebWorld.CreateAsync(provider);
        using var root = web.ClientFor("root");
        using var ann = web.ClientFor("ann");
        Assert.Equal(HttpStatusCode.OK, (await root.PutAsync("/api/v1/fields", Json(Budget))).StatusCode);

        var refused = await ann.PostAsync("/api/v1/deals", Json("""{"name": "Acme", "custom": {"budget": "lots", "segment": "giant", "nope": 1, "kickoff": "1/12/2026"}}"""));
        var shapeless = await ann.PostAsync("/api/v1/deals", Json("""{"name": "Acme", "custom": {"regions": {"north": true}}}"""));
        var created = await ann.PostAsync("/api/v1/deals", Json("""{"name": "Acme", "custom": {"budget": 1200.50, "segment": "smb", "regions": ["east", "north"], "kickoff": "2026-12-01"}}"""));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var errors = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal(["custom.budget", "custom.kickoff", "custom.nope", "custom.segment"], errors.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Contains("custom.segment must be one of smb, enterprise", errors.GetProperty("custom.segment")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(["custom.regions"], (await shapeless.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(p => p.Name));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var deal = await created.Content.ReadFromJsonAsync<JsonElement>();
        var custom = deal.GetProperty("custom");
        Assert.Equal(1200.50m, custom.GetProperty("budget").GetDecimal());
        Assert.Equal("smb", custom.GetProperty("segment").GetString());
        Assert.Equal(["north", "east"], custom.GetProperty("regions").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal("2026-12-01", custom.GetProperty("kickoff").GetString());

        var id = deal.GetProperty("id").GetInt64();
        using var patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/deals/{id}") { Content = Json("""{"custom": {"budget": null, "segment": "enterprise"}, "version": 0}""") };
        var patched = await ann.SendAsync(patch);

        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        var after = (await patched.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("custom");
        Assert.False(after.TryGetProperty("budget", out _));
        Assert.Equal(("enterprise", 2), (after.GetProperty("segment").GetString(), after.GetProperty("regions").GetArrayLength()));
        var audit = await DealsApiScopingTests.GetJsonAsync(ann, $"/api/v1/deals/{id}/audit");
        var update = audit.EnumerateArray().First(e => e.GetProperty("action").GetString() == "update");
        Assert.Equal("1200.5", update.GetProperty("before").GetProperty("custom.budget").GetString());
        Assert.Equal(JsonValueKind.Null, update.GetProperty("after").GetProperty("custom.budget").ValueKind);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_type_change_that_stored_values_would_not_fit_is_refused_with_their_count(DatabaseProvider provider)
    {
        await using var web = await WebWorld.CreateAsync(provider);
        using var root = web.ClientFor("root");
        Assert.Equal(HttpStatusCode.OK, (await root.PutAsync("/api/v1/fields", Json("""{"fields": [{"key": "note", "name": "Note", "type": "text"}]}"""))).StatusCode);
        foreach (var (name, value) in new[] { ("N1", "12"), ("N2", "soon"), ("S1", "later") })
        {
            using var patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/deals/{web.World.Deals[name]}") { Content = Json($$"""{"custom": {"note": "{{value}}"}, "version": 0}""") };
            Assert.Equal(HttpStatusCode.OK, (await root.SendAsync(patch)).StatusCode);
        }

        var response = await root.PutAsync("/api/v1/fields", Json("""{"fields": [{"key": "note", "name": "Note", "type": "number"}]}"""));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var message = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("$.fields[0].type")[0].GetString()!;
        Assert.StartsWith("changing 'note' from text to number would break 2 of its 3 values", message, StringComparison.Ordinal);
        await using var db = web.Database.NewContext();
        Assert.Equal("Text", (await db.CustomFields.SingleAsync()).Type.ToString());
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
