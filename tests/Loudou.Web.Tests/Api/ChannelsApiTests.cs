using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Loudou.Storage;

namespace Loudou.Web.Tests.Api;

/// <summary>Channel costs and channel quality through the API, on the access world (every deal on channel Web, created 2026-03-02).</summary>
public class ChannelsApiTests
{
    private const string Quality = "/api/v1/analytics/channels?from=2026-02&to=2026-03&asOf=2026-06-30";

    [Fact]
    public async Task Costs_set_by_an_admin_give_cost_per_lead_to_the_admin_and_the_reason_to_a_manager()
    {
        await using var web = await WebWorld.CreateAsync(DatabaseProvider.Sqlite);
        using var root = web.ClientFor("root");
        using var max = web.ClientFor("max");

        using var put = await root.PutAsJsonAsync("/api/v1/channels/costs", new { costs = new[] { new { channel = "Web", month = "2026-02", amount = 300m }, new { channel = "Web", month = "2026-03", amount = 700m } } });
        var all = await JsonAsync(root, Quality);
        var team = await JsonAsync(max, Quality);
        var costs = await JsonAsync(max, "/api/v1/channels/costs?from=2026-03");

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var web1 = all.GetProperty("channels").EnumerateArray().Single(c => c.GetProperty("channel").GetString() == "Web");
        var leads = web1.GetProperty("leads").GetInt64();
        Assert.True(leads > 0);
        Assert.Equal(1000m, web1.GetProperty("cost").GetDecimal());
        Assert.Equal(Math.Round(1000m / leads, 2), web1.GetProperty("costPerLead").GetDecimal());
        var scoped = team.GetProperty("channels").EnumerateArray().Single(c => c.GetProperty("channel").GetString() == "Web");
        Assert.True(scoped.GetProperty("leads").GetInt64() < leads);
        Assert.Equal(1000m, scoped.GetProperty("cost").GetDecimal());
        Assert.Equal(JsonValueKind.Null, scoped.GetProperty("costPerLead").ValueKind);
        Assert.Equal("workspaceWide", scoped.GetProperty("costPerLeadReason").GetString());
        Assert.Equal("workspaceWide", scoped.GetProperty("returnOnCostReason").GetString());
        Assert.Equal("""{"costs":[{"channel":"Web","month":"2026-03","amount":700,"currency":"CNY"}]}""", costs.GetRawText());
    }

    [Fact]
    public async Task Bad_rows_and_bad_months_are_400s_naming_the_json_path_the_row_or_the_field()
    {
        await using var web = await WebWorld.CreateAsync(DatabaseProvider.Sqlite);
        using var root = web.ClientFor("root");

        var put = await ErrorsAsync(await root.PutAsJsonAsync("/api/v1/channels/costs", new { costs = new object[] { new { channel = "Web", month = "2026-13", amount = 1 }, new { channel = "TV", month = "2026-01", amount = 1 } } }));
        var unknown = await ErrorsAsync(await root.PutAsJsonAsync("/api/v1/channels/costs", new { costs = new[] { new { channel = "TV", month = "2026-01", amount = 1 } } }));
        var csv = await ErrorsAsync(await root.PostAsync("/api/v1/channels/costs/import", new StringContent("channel,month,amount,currency\nWeb,2026-1,5,CNY\n", Encoding.UTF8, "text/csv")));
        var month = await ErrorsAsync(await root.GetAsync("/api/v1/analytics/channels?from=2026-03&to=March"));
        var reversed = await ErrorsAsync(await root.GetAsync("/api/v1/analytics/channels?from=2026-04&to=2026-03"));
        var list = await ErrorsAsync(await root.GetAsync("/api/v1/channels/costs?to=2026"));

        Assert.Equal(["$.costs[0].month"], put.Keys);
        Assert.Equal(["$.costs[0].channel"], unknown.Keys);
        Assert.Contains("no channel is named 'TV'", unknown["$.costs[0].channel"], StringComparison.Ordinal);
        Assert.Equal(["row 2, month"], csv.Keys);
        Assert.Equal(["to"], month.Keys);
        Assert.Equal(["from"], reversed.Keys);
        Assert.Equal(["to"], list.Keys);
        await using var db = web.Database.NewContext();
        Assert.Empty(db.ChannelCosts);
    }

    [Fact]
    public async Task A_csv_import_twice_creates_then_leaves_the_months_as_they_are()
    {
        await using var web = await WebWorld.CreateAsync(DatabaseProvider.Sqlite);
        using var root = web.ClientFor("root");
        const string File = "channel,month,amount,currency\nWeb,2026-02,300,\nWeb,2026-03,700,CNY\n";

        var first = await JsonAsync(await root.PostAsync("/api/v1/channels/costs/import", new StringContent(File, Encoding.UTF8, "text/csv")));
        var second = await JsonAsync(await root.PostAsync("/api/v1/channels/costs/import", new StringContent(File, Encoding.UTF8, "text/csv")));

        Assert.Equal((2, 0), (first.GetProperty("created").GetInt32(), first.GetProperty("unchanged").GetInt32()));
        Assert.Equal((0, 2), (second.GetProperty("created").GetInt32(), second.GetProperty("unchanged").GetInt32()));
    }

    private static async Task<JsonElement> JsonAsync(HttpClient client, string url) => await JsonAsync(await client.GetAsync(url));

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private static async Task<Dictionary<string, string>> ErrorsAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
        return errors.EnumerateObject().ToDictionary(p => p.Name, p => string.Join(" ", p.Value.EnumerateArray().Select(v => v.GetString())));
    }
}
