using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Loudou.Core.Demo;
using Loudou.Core.Workspace;
using Loudou.Storage;
using Loudou.Storage.Access;
using Loudou.Storage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Web.Tests.Api;

/// <summary>
/// Who sees which deal through /api/v1/deals: two reps of different teams, their managers and an
/// admin, on lists, single reads, filters and paging totals. No answer may reveal a deal out of scope.
/// </summary>
public class DealsApiScopingTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Each_caller_lists_exactly_the_deals_in_their_scope_with_a_total_that_counts_only_those(DatabaseProvider provider)
    {
        await using var web = await WebWorld.CreateAsync(provider);
        foreach (var login in AccessWorld.Logins)
        {
            using var client = web.ClientFor(login);

            var list = await GetJsonAsync(client, "/api/v1/deals?pageSize=1000");

            Assert.Equal(AccessWorld.VisibleDeals[login].Order(), Names(list).Order());
            Assert.Equal(AccessWorld.VisibleDeals[login].Length, list.GetProperty("total").GetInt32());
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_deal_outside_the_callers_scope_reads_as_404_exactly_like_one_that_does_not_exist(DatabaseProvider provider)
    {
        await using var web = await WebWorld.CreateAsync(provider);
        using var admin = web.ClientFor("root");
        var missing = await admin.GetAsync("/api/v1/deals/987654");
        var missingBody = await missing.Content.ReadFromJsonAsync<JsonElement>();

        foreach (var login in AccessWorld.Logins)
        {
            using var client = web.ClientFor(login);
            foreach (var (name, id) in web.World.Deals)
            {
                var response = await client.GetAsync($"/api/v1/deals/{id}");
                if (AccessWorld.VisibleDeals[login].Contains(name))
                {
                    Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                    Assert.Equal(name, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("name").GetString());
                    continue;
                }
                Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                var body = await response.Content.ReadFromJsonAsync<JsonElement>();
                Assert.Equal(missingBody.GetProperty("title").GetString(), body.GetProperty("title").GetString());
            }
        }
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Theory]
    [InlineData("ann", "owner=bob", 0)]
    [InlineData("ann", "owner=ann", 3)]
    [InlineData("max", "owner=ann", 3)]
    [InlineData("max", "team=South", 0)]
    [InlineData("max", "team=North", 4)]
    [InlineData("sue", "team=North", 0)]
    [InlineData("ann", "tag=vip", 1)]
    [InlineData("bob", "tag=vip", 1)]
    [InlineData("sue", "tag=vip", 1)]
    [InlineData("root", "tag=vip", 3)]
    [InlineData("bob", "channel=Web", 2)]
    [InlineData("bob", "stage=lead", 2)]
    [InlineData("root", "stage=lead&team=North", 4)]
    [InlineData("ann", "pipeline=default", 3)]
    [InlineData("root", "owner=nobody", 0)]
    public async Task Filters_narrow_the_callers_own_scope_and_never_widen_it(string login, string query, int expected)
    {
        await using var web = await WebWorld.CreateAsync(DatabaseProvider.Sqlite);
        using var client = web.ClientFor(login);

        var list = await GetJsonAsync(client, "/api/v1/deals?" + query);

        Assert.Equal(expected, list.GetProperty("total").GetInt32());
        Assert.Equal(expected, Names(list).Count);
        Assert.All(Names(list), name => Assert.Contains(name, AccessWorld.VisibleDeals[login]));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Pages_split_the_callers_deals_without_gaps_or_overlaps_and_every_page_gives_the_same_total(DatabaseProvider provider)
    {
        await using var web = await WebWorld.CreateAsync(provider);
        using var client = web.ClientFor("max");
        var seen = new List<string>();

        for (var page = 1; page <= 3; page++)
        {
            var list = await GetJsonAsync(client, $"/api/v1/deals?page={page}&pageSize=3");
            Assert.Equal(4, list.GetProperty("total").GetInt32());
            Assert.Equal(page, list.GetProperty("page").GetInt32());
            Assert.Equal(3, list.GetProperty("pageSize").GetInt32());
            seen.AddRange(Names(list));
        }

        Assert.Equal(AccessWorld.VisibleDeals["max"].Order(), seen.Order());
        Assert.Equal(seen.Count, seen.Distinct().Count());
    }

    [Fact]
    public async Task A_deal_carries_the_fields_the_api_promises()
    {
        await using var web = await WebWorld.CreateAsync(DatabaseProvider.Sqlite);
        using var client = web.ClientFor("ann");

        var deal = await GetJsonAsync(client, $"/api/v1/deals/{web.World.Deals["N1"]}");

        Assert.Equal(web.World.Deals["N1"], deal.GetProperty("id").GetInt64());
        Assert.Equal("N1", deal.GetProperty("name").GetString());
        Assert.Equal("ann", deal.GetProperty("owner").GetString());
        Assert.Equal("Ann North-Rep", deal.GetProperty("ownerName").GetString());
        Assert.Equal("North", deal.GetProperty("team").GetString());
        Assert.Equal("lead", deal.GetProperty("stage").GetString());
        Assert.Equal(10_000m, deal.GetProperty("amount").GetDecimal());
        Assert.Equal("CNY", deal.GetProperty("currency").GetString());
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 1, 0, 0, TimeSpan.Zero), deal.GetProperty("createdAt").GetDateTimeOffset());
        Assert.Equal("open", deal.GetProperty("status").GetString());
        Assert.Equal(["vip"], deal.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("Shared", deal.GetProperty("account").GetString());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task On_the_demo_workspace_each_users_total_is_the_count_their_role_gives(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var factory = new LoudouWebFactory(database.Target, ("Loudou:Demo:CreateWhenEmpty", "true"), ("Loudou:Demo:Deals", "600"));
        using var anonymous = factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/healthz")).StatusCode);
        await using var all = database.NewContext();
        var deals = await all.Deals.AsNoTracking().Select(d => new { d.OwnerId, d.TeamId }).ToListAsync();

        foreach (var login in new[] { DemoCast.StarRep, "liu.yang", "chen.jing", "huang.min", "admin" })
        {
            var user = await all.Users.SingleAsync(u => u.LoginName == login);
            var expected = user.Role switch
            {
                UserRole.Admin => deals.Count,
                UserRole.Manager => deals.Count(d => d.OwnerId == user.Id || d.TeamId == user.TeamId),
                _ => deals.Count(d => d.OwnerId == user.Id),
            };
            var token = (await new ApiTokens(all, TimeProvider.System).CreateAsync(login, 1)).Token;
            using var client = factory.CreateClient();
            client.DefaultRequestHeaders.Authorization = new("Bearer", token);

            var list = await GetJsonAsync(client, "/api/v1/deals?pageSize=1");

            Assert.True(expected > 0 && (expected < deals.Count || user.Role == UserRole.Admin), $"{login}: {expected} of {deals.Count}");
            Assert.Equal(expected, list.GetProperty("total").GetInt32());
        }
    }

    internal static async Task<JsonElement> GetJsonAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.True(response.IsSuccessStatusCode, $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static List<string> Names(JsonElement list) =>
        [.. list.GetProperty("items").EnumerateArray().Select(d => d.GetProperty("name").GetString()!)];
}
