using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Loudou.Storage;
using Loudou.Storage.Access;
using Loudou.Storage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Web.Tests.Api;

/// <summary>How the API answers callers that are not signed in and requests that are malformed.</summary>
public class DealsApiRequestTests
{
    [Theory]
    [InlineData("/api/v1/deals")]
    [InlineData("/api/v1/deals/1")]
    [InlineData("/api/v1/deals?page=abc")]
    public async Task A_call_without_a_token_gets_401_problem_details_and_never_a_redirect(string url)
    {
        await using var web = await WebWorld.CreateAsync(DatabaseProvider.Sqlite);
        using var client = web.Anonymous();
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));

        var response = await client.GetAsync(url);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Theory]
    [InlineData("Bearer ldu_notatoken")]
    [InlineData("Bearer ")]
    [InlineData("Basic YWRtaW46YWRtaW4=")]
    [InlineData("ldu_without_scheme")]
    public async Task A_bad_authorization_header_gets_401_problem_details(string header)
    {
        await using var web = await WebWorld.CreateAsync(DatabaseProvider.Sqlite);
        using var client = web.Anonymous();
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", header);

        var response = await client.GetAsync("/api/v1/deals");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_revoked_token_and_the_token_of_a_disabled_user_stop_working_at_the_next_call(DatabaseProvider provider)
    {
        await using var web = await WebWorld.CreateAsync(provider);
        using var ann = web.ClientFor("ann");
        using var bob = web.ClientFor("bob");
        Assert.Equal(HttpStatusCode.OK, (await ann.GetAsync("/api/v1/deals")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await bob.GetAsync("/api/v1/deals")).StatusCode);

        await using (var db = web.Database.NewContext())
        {
            await new ApiTokens(db, TimeProvider.System).RevokeAsync(web.TokenOf("ann"));
            await new UserAdmin(db).DisableAsync("bob");
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await ann.GetAsync("/api/v1/deals")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await bob.GetAsync("/api/v1/deals")).StatusCode);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_token_revoked_between_a_scripts_read_and_its_write_is_refused_with_the_reason_and_changes_nothing(DatabaseProvider provider)
    {
        await using var web = await WebWorld.CreateAsync(provider);
        using var ann = web.ClientFor("ann");
        var id = web.World.Deals["N1"];
        var read = await ann.GetAsync($"/api/v1/deals/{id}");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        var amountRead = (await read.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("amount");
        int auditBefore;
        await using (var db = web.Database.NewContext())
        {
            auditBefore = await db.AuditEntries.CountAsync();
            await new ApiTokens(db, TimeProvider.System).RevokeAsync(web.TokenOf("ann"));
        }

        using var patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/deals/{id}") { Content = JsonContent.Create(new { amount = 1 }) };
        patch.Headers.IfMatch.Add(read.Headers.ETag!);
        var write = await ann.SendAsync(patch);

        Assert.Equal(HttpStatusCode.Unauthorized, write.StatusCode);
        Assert.Contains("revoked", (await write.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        await using (var db = web.Database.NewContext())
        {
            var deal = await db.Deals.AsNoTracking().SingleAsync(d => d.Id == id);
            Assert.Equal(0, deal.Version);
            Assert.Equal(amountRead.ValueKind == JsonValueKind.Null ? null : amountRead.GetDecimal(), deal.Amount);
            // The revocation's own entry, and nothing from the refused write.
            Assert.Equal(auditBefore + 1, await db.AuditEntries.CountAsync());
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_nul_character_in_a_filter_or_a_field_is_never_a_server_error(DatabaseProvider provider)
    {
        await using var web = await WebWorld.CreateAsync(provider);
        using var root = web.ClientFor("root");

        foreach (var address in new[] { "/api/v1/tasks?assignee=%00", "/api/v1/deals?q=a%00b", "/api/v1/accounts?q=%00", "/api/v1/audit?user=%00", "/api/v1/analytics/funnel?pipeline=%00" })
        {
            var response = await root.GetAsync(address);
            Assert.True((int)response.StatusCode < 500, $"{address}: {response.StatusCode}");
        }
        var create = await root.PostAsJsonAsync("/api/v1/accounts", new { name = "Null\0 Co.", region = "东\0" });
        Assert.Equal(HttpStatusCode.BadRequest, create.StatusCode);
        var errors = (await create.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal(["name", "region"], errors.EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task An_expired_token_gets_401()
    {
        await using var web = await WebWorld.CreateAsync(DatabaseProvider.Sqlite);
        string token;
        await using (var db = web.Database.NewContext())
        {
            var past = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow.AddDays(-3));
            token = (await new ApiTokens(db, past).CreateAsync("ann", 1)).Token;
        }
        using var client = web.Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var response = await client.GetAsync("/api/v1/deals");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("/api/v1/deals?page=abc", "page")]
    [InlineData("/api/v1/deals?page=0", "page")]
    [InlineData("/api/v1/deals?page=-1", "page")]
    [InlineData("/api/v1/deals?pageSize=0", "pageSize")]
    [InlineData("/api/v1/deals?pageSize=1001", "pageSize")]
    [InlineData("/api/v1/deals?pageSize=1e3", "pageSize")]
    [InlineData("/api/v1/deals?page=99999999999", "page")]
    [InlineData("/api/v1/deals?stagee=won", "stagee")]
    [InlineData("/api/v1/deals?owner=ann&owner=bob", "owner")]
    [InlineData("/api/v1/deals/abc", "id")]
    [InlineData("/api/v1/deals/1.5", "id")]
    [InlineData("/api/v1/deals/99999999999999999999", "id")]
    public async Task A_malformed_request_gets_400_problem_details_naming_the_parameter(string url, string parameter)
    {
        await using var web = await WebWorld.CreateAsync(DatabaseProvider.Sqlite);
        using var client = web.ClientFor("root");

        var response = await client.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(parameter, out _), problem.ToString());
        Assert.Contains(parameter, problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_page_past_the_end_is_empty_with_the_true_total()
    {
        await using var web = await WebWorld.CreateAsync(DatabaseProvider.Sqlite);
        using var client = web.ClientFor("root");

        var list = await DealsApiScopingTests.GetJsonAsync(client, "/api/v1/deals?page=2147483647&pageSize=1000");

        Assert.Empty(list.GetProperty("items").EnumerateArray());
        Assert.Equal(8, list.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Health_and_the_openapi_document_answer_without_sign_in_and_the_document_lists_the_deal_endpoints()
    {
        await using var web = await WebWorld.CreateAsync(DatabaseProvider.Sqlite);
        using var client = web.Anonymous();

        var health = await client.GetAsync("/healthz");
        var openApi = await client.GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, openApi.StatusCode);
        var paths = (await openApi.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/v1/deals", out _));
        Assert.True(paths.TryGetProperty("/api/v1/deals/{id}", out _));
    }
}
