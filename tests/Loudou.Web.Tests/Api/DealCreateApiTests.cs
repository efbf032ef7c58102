using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Loudou.Storage;
using Loudou.Storage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Web.Tests.Api;

/// <summary>POST /api/v1/deals: who may create for whom, and every bad field named at once.</summary>
public class DealCreateApiTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_rep_creates_an_own_deal_with_the_defaults_and_it_is_audited_and_listed_for_them_only(DatabaseProvider provider)
    {
        await using var web = await WebWorld.CreateAsync(provider);
        using var ann = web.ClientFor("ann");
        using var bob = web.ClientFor("bob");

        var response = await ann.PostAsJsonAsync("/api/v1/deals", new { name = "华东新客户 New deal", amount = 88_000.5m, account = "Shared", channel = "Web", tags = new[] { "vip", "2026" }, expectedClose = "2026-12-31" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var deal = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = deal.GetProperty("id").GetInt64();
        Assert.Equal($"/api/v1/deals/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal(("ann", "North", "default", "lead", "CNY", 88_000.5m, "Shared"), (deal.GetProperty("owner").GetString(), deal.GetProperty("team").GetString(),
            deal.GetProperty("pipeline").GetString(), deal.GetProperty("stage").GetString(), deal.GetProperty("currency").GetString(),
            deal.GetProperty("amount").GetDecimal(), deal.GetProperty("account").GetString()));
        Assert.Equal(["2026", "vip"], deal.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(4, (await DealsApiScopingTests.GetJsonAsync(ann, "/api/v1/deals")).GetProperty("total").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, (await bob.GetAsync($"/api/v1/deals/{id}")).StatusCode);
        var audit = await DealsApiScopingTests.GetJsonAsync(ann, $"/api/v1/deals/{id}/audit");
        Assert.Equal("create", audit.EnumerateArray().Single().GetProperty("action").GetString());
        await using var db = web.Database.NewContext();
        Assert.Equal(1, await db.StageTransitions.CountAsync(t => t.DealId == id));
        Assert.Equal(web.World.Accounts["Shared"], (await db.Deals.SingleAsync(d => d.Id == id)).AccountId);
    }

    [Theory]
    [InlineData("ann", "ann", HttpStatusCode.Created)]
    [InlineData("ann", "max", HttpStatusCode.BadRequest)]
    [InlineData("ann", "bob", HttpStatusCode.BadRequest)]
    [InlineData("max", "ann", HttpStatusCode.Created)]
    [InlineData("max", "bob", HttpStatusCode.BadRequest)]
    [InlineData("sue", "bob", HttpStatusCode.Created)]
    [InlineData("root", "bob", HttpStatusCode.Created)]
    [InlineData("root", "ghost", HttpStatusCode.BadRequest)]
    public async Task Who_may_give_a_new_deal_to_whom_follows_the_scope(string caller, string owner, HttpStatusCode expected)
    {
        await using var web = await WebWorld.CreateAsync(DatabaseProvider.Sqlite);
        using var client = web.ClientFor(caller);

        var response = await client.PostAsJsonAsync("/api/v1/deals", new { name = "For " + owner, owner });

        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.BadRequest)
        {
            Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("owner", out _));
            await using var db = web.Database.NewContext();
            Assert.Equal(8, await db.Deals.CountAsync());
        }
    }

    [Fact]
    public async Task Every_bad_field_is_named_in_one_answer_and_nothing_is_written()
    {
        await using var web = await WebWorld.CreateAsync(DatabaseProvider.Sqlite);
        using var ann = web.ClientFor("ann");

        var response = await ann.PostAsJsonAsync("/api/v1/deals", new { name = " ", amount = -5, currency = "yuan", stage = "won", channel = "Fax", owner = "ghost", tags = new[] { "" } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal(["amount", "channel", "currency", "name", "owner", "stage", "tags"], errors.EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
        await using var db = web.Database.NewContext();
        Assert.Equal(8, await db.Deals.CountAsync());
        Assert.Equal(0, await db.AuditEntries.CountAsync(e => e.EntityType != "token"));
    }

    [Theory]
    [InlineData("""{ "name": "x", "amount": "lots" }""", "amount")]
    [InlineData("""{ "name": "x", "expectedClose": "31/12/2026" }""", "expectedClose")]
    [InlineData("""{ "name": 5 }""", "name")]
    [InlineData("""{ "name": "x", "tags": "vip" }""", "tags")]
    public async Task A_field_of_the_wrong_json_type_is_named(string body, string field)
    {
        await using var web = await WebWorld.CreateAsync(DatabaseProvider.Sqlite);
        using var ann = web.ClientFor("ann");

        var response = await ann.PostAsync("/api/v1/deals", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _));
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("[1,2]")]
    [InlineData("null")]
    public async Task A_body_that_is_not_a_json_object_is_a_400_not_a_500(string body)
    {
        await using var web = await WebWorld.CreateAsync(DatabaseProvider.Sqlite);
        using var ann = web.ClientFor("ann");

        var response = await ann.PostAsync("/api/v1/deals", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
