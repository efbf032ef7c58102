using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Loudou.Core.Analytics;
using Loudou.Storage;
using Loudou.Storage.Analytics;
using Loudou.Storage.Deals;
using Loudou.Storage.Tests.Infrastructure;
using Loudou.Web.Analytics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

using static Loudou.Web.Tests.Analytics.AnalyticsDemoData;

namespace Loudou.Web.Tests.Analytics;

/// <summary>
/// /api/v1/analytics/funnel: the CLI's JSON for the same query, the caller's scope applied as a mask equal to
/// the database's scope filter, and every change made through the host in the very next answer.
/// </summary>
public class AnalyticsApiTests
{
    public static TheoryData<string> Queries =>
    [
        "",
        "by=channel",
        "by=owner&where=channel=展会 Trade fairs&where=region=华东",
        "by=cohort&from=2026-06-01&to=2026-09-30&strict=true&minN=10",
        "cohort=entered:needs&by=team&lang=zh-CN",
        "compare=previous-period&by=channel",
        "compare=previous-year&from=2026-09-01&to=2026-09-30",
        "curves=true&asOf=2026-10-15",
    ];

    [Theory]
    [MemberData(nameof(Queries))]
    public async Task The_answer_equals_loudou_funnel_format_json_for_the_same_query(string parameters)
    {
        await using var database = await DemoDatabaseAsync(3_000);
        await using var web = new LoudouWebFactory(database.Target);
        using var admin = await ClientAsync(web, database, "admin");
        var asOf = parameters.Contains("asOf=", StringComparison.Ordinal) ? "" : "asOf=2026-11-30&";

        var response = await admin.GetAsync("/api/v1/analytics/funnel?" + asOf + parameters);
        var options = parameters.Split('&', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=', 2)).SelectMany(p => Option(p[0], p[1]));
        var cli = await CliJsonAsync(database, ["funnel", .. (asOf == "" ? Array.Empty<string>() : ["--as-of", "2026-11-30"]), .. options]);

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var api = JsonNode.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(JsonNode.DeepEquals(cli, api), $"API and CLI differ for '{parameters}':\nAPI {api!.ToJsonString()[..Math.Min(600, api.ToJsonString().Length)]}\nCLI {cli!.ToJsonString()[..Math.Min(600, cli.ToJsonString().Length)]}");
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Each_callers_answer_through_the_mask_equals_the_engine_on_the_rows_the_database_scopes(DatabaseProvider provider)
    {
        await using var web = await WebWorld.CreateAsync(provider);
        foreach (var login in AccessWorld.Logins)
        {
            using var client = web.ClientFor(login);
            foreach (var parameters in new[] { "", "by=channel", "by=tag&strict=true" })
            {
                var api = await client.GetFromJsonAsync<JsonNode>("/api/v1/analytics/funnel?asOf=2030-01-01&" + parameters);

                // The reference: the plain engine on the rows the scope filters of docs/access.md let this caller read.
                await using var db = LoudouDatabase.CreateContext(web.Database.Target, web.World.ScopeOf(login));
                var rows = await FunnelSnapshotLoader.LoadAsync(db, null);
                var query = new FunnelQuery
                {
                    AsOf = AnalysisText.Moment("2030-01-01", rows.Calendar),
                    By = parameters.Contains("by=", StringComparison.Ordinal) ? parameters.Split('&')[0][3..] : null,
                    Strict = parameters.Contains("strict", StringComparison.Ordinal),
                };
                var expected = FunnelJson.Write(FunnelEngine.Compute(rows, query, DateTimeOffset.UtcNow), rows.Calendar.Zone);

                Assert.True(JsonNode.DeepEquals(expected, api), $"{login} '{parameters}': API {api!.ToJsonString()} expected {expected.ToJsonString()}");
                Assert.Equal(AccessWorld.VisibleDeals[login].Length, api!["deals"]!.GetValue<int>());
            }
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_stage_move_through_the_api_shows_in_the_next_answer(DatabaseProvider provider)
    {
        await using var web = await WebWorld.CreateAsync(provider);
        using var max = web.ClientFor("max");
        var before = await max.GetFromJsonAsync<JsonNode>("/api/v1/analytics/funnel?asOf=2030-01-01");
        var deal = web.World.Deals["N2"];
        var read = await max.GetFromJsonAsync<JsonElement>($"/api/v1/deals/{deal}");

        var moved = await max.PostAsJsonAsync($"/api/v1/deals/{deal}/stage", new { stage = "won", @override = "Signed today.", version = read.GetProperty("version").GetInt32() });
        var after = await max.GetFromJsonAsync<JsonNode>("/api/v1/analytics/funnel?asOf=2030-01-01");

        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.Equal(before!["won"]!.GetValue<int>() + 1, after!["won"]!.GetValue<int>());
    }

    [Fact]
    public async Task Each_number_of_the_funnel_opens_to_exactly_that_many_deals_in_the_callers_scope()
    {
        await using var database = await DemoDatabaseAsync(2_000);
        await using var web = new LoudouWebFactory(database.Target);
        var regions = await RegionsAsync(database);
        foreach (var login in new[] { "admin", "chen.jing" })
        {
            using var client = await ClientAsync(web, database, login);
            const string query = "asOf=2026-11-30&by=channel&where=region=华东";
            var funnel = await client.GetFromJsonAsync<JsonNode>("/api/v1/analytics/funnel?" + query);
            var group = funnel!["groups"]![0]!;
            var cells = new List<(string Address, int Expected)>();
            foreach (var (node, suffix) in new[] { (funnel, ""), (group, "&group=" + Uri.EscapeDataString(group["key"]!.GetValue<string>())) })
            {
                foreach (var row in node["stages"]!.AsArray())
                {
                    // A row shows only the measures that apply to it (the won row has no "advanced").
                    foreach (var measure in new[] { "entered", "advanced", "lost", "open" }.Where(m => row![m] is not null))
                    {
                        cells.Add(($"/api/v1/analytics/funnel/deals?{query}{suffix}&stage={row!["stage"]}&measure={measure}&pageSize=1000", row[measure]!.GetValue<int>()));
                    }
                }
                // Without a stage, the totals.
                foreach (var measure in new[] { "deals", "won", "lost", "open" })
                {
                    cells.Add(($"/api/v1/analytics/funnel/deals?{query}{suffix}&measure={measure}&pageSize=1000", node[measure]!.GetValue<int>()));
                }
            }

            // Each bar of the losses: the deals lost at that stage for that reason (reason= empty: none recorded).
            var losses = await client.GetFromJsonAsync<JsonNode>("/api/v1/analytics/losses?" + query.Replace("&by=channel", "", StringComparison.Ordinal));
            foreach (var stage in losses!["stages"]!.AsArray().Where(s => s!["lost"]!.GetValue<int>() > 0).Take(2))
            {
                foreach (var reason in stage!["reasons"]!.AsArray())
                {
                    var key = Uri.EscapeDataString(reason!["reason"]?.GetValue<string>() ?? "");
                    cells.Add(($"/api/v1/analytics/funnel/deals?{query}&stage={stage["stage"]}&measure=lost&reason={key}&pageSize=1000", reason["count"]!.GetValue<int>()));
                }
            }

            var seen = new HashSet<long>();
            foreach (var (address, expected) in cells)
            {
                var page = await client.GetFromJsonAsync<JsonNode>(address);
                Assert.True(expected == page!["total"]!.GetValue<int>(), $"{login}: {address} total {page["total"]} but the funnel shows {expected}");
                var items = page["items"]!.AsArray();
                Assert.Equal(Math.Min(expected, 1000), items.Count);
                Assert.All(items, item => Assert.Equal("华东", regions[item!["id"]!.GetValue<long>()]));
                seen.UnionWith(items.Select(i => i!["id"]!.GetValue<long>()));
            }
            // Every deal opened is one the caller may read.
            foreach (var id in seen.Take(20))
            {
                Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/v1/deals/{id}")).StatusCode);
            }
        }
    }

    [Theory]
    [InlineData("stage=needs&measure=won", "measure")]
    [InlineData("measure=advanced", "measure")]
    [InlineData("stage=needs&measure=deals", "measure")]
    [InlineData("stage=needs&group=x", "group")]
    [InlineData("stage=needs&pageSize=5000", "pageSize")]
    [InlineData("stage=nowhere", "stage")]
    public async Task A_bad_drill_down_is_a_problem_naming_the_parameter(string parameters, string field)
    {
        await using var web = await WebWorld.CreateAsync(DatabaseProvider.Sqlite);
        using var root = web.ClientFor("root");

        var response = await root.GetAsync("/api/v1/analytics/funnel/deals?" + parameters);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_change_made_by_another_process_shows_within_ten_seconds(DatabaseProvider provider)
    {
        await using var web = await WebWorld.CreateAsync(provider, ("Loudou:Analytics:PollSeconds", "1"));
        using var root = web.ClientFor("root");
        var before = await root.GetFromJsonAsync<JsonNode>("/api/v1/analytics/funnel?asOf=2030-01-01");

        // Another writer: a context of its own, outside the host, as the CLI or a second host on the same database.
        await using (var db = LoudouDatabase.CreateContext(web.Database.Target))
        {
            var deal = web.World.Deals["S2"];
            var version = await db.Deals.Where(d => d.Id == deal).Select(d => d.Version).SingleAsync();
            var moved = await new DealWrites(db, TimeProvider.System).MoveStageAsync(deal, version, new StageMoveRequest("won", OverrideReason: "signed"));
            Assert.Equal(DealWriteStatus.Done, moved.Status);
        }
        var clock = System.Diagnostics.Stopwatch.StartNew();
        JsonNode? after;
        do
        {
            await Task.Delay(200);
            after = await root.GetFromJsonAsync<JsonNode>("/api/v1/analytics/funnel?asOf=2030-01-01");
        }
        while (after!["won"]!.GetValue<int>() == before!["won"]!.GetValue<int>() && clock.Elapsed < TimeSpan.FromSeconds(15));

        Assert.Equal(before!["won"]!.GetValue<int>() + 1, after["won"]!.GetValue<int>());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"shown after {clock.Elapsed.TotalSeconds:0.0} s");
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Changes_that_name_their_deals_refresh_just_those_and_answer_as_a_whole_load_would(DatabaseProvider provider)
    {
        await using var web = await WebWorld.CreateAsync(provider, ("Loudou:Analytics:PollSeconds", "0"));
        using var root = web.ClientFor("root");
        var snapshots = web.Factory.Services.GetRequiredService<AnalyticsSnapshots>();
        const string address = "/api/v1/analytics/funnel?asOf=2030-01-01&by=channel";
        await root.GetFromJsonAsync<JsonNode>(address);
        var (reloads, refreshes) = (snapshots.Reloads, snapshots.Refreshes);

        // Another writer moves a deal, changes an amount and deletes a deal: each names its deals.
        await using (var db = LoudouDatabase.CreateContext(web.Database.Target))
        {
            var writes = new DealWrites(db, TimeProvider.System);
            Assert.Equal(DealWriteStatus.Done, (await writes.MoveStageAsync(web.World.Deals["S2"], await VersionAsync(db, "S2"), new StageMoveRequest("won", OverrideReason: "signed"))).Status);
            Assert.Equal(DealWriteStatus.Done, (await writes.UpdateAsync(web.World.Deals["N3"], await VersionAsync(db, "N3"), new DealPatch(new HashSet<string> { "amount" }, Amount: 123_456m))).Status);
            Assert.Equal(DealWriteStatus.Done, (await writes.DeleteAsync(web.World.Deals["S1"], await VersionAsync(db, "S1"))).Status);
        }
        var refreshed = await root.GetFromJsonAsync<JsonNode>(address);

        Assert.Equal(reloads, snapshots.Reloads);
        Assert.True(snapshots.Refreshes > refreshes, "the changes were not applied as a refresh");
        Assert.True(JsonNode.DeepEquals(await WholeLoadAsync(web, "by=channel"), refreshed), refreshed!.ToJsonString());

        // New deals cannot name themselves before they are saved: they are read as the ids above those held, still a refresh.
        await using (var db = LoudouDatabase.CreateContext(web.Database.Target))
        {
            foreach (var name in new[] { "Brand new", "Newer still" })
            {
                var (id, _) = await new DealCreation(db, TimeProvider.System).CreateAsync(new DealDraft(name, Owner: "ann"));
                Assert.NotNull(id);
            }
        }
        var withNew = await root.GetFromJsonAsync<JsonNode>(address);

        Assert.Equal(reloads, snapshots.Reloads);
        Assert.Equal(refreshed!["deals"]!.GetValue<int>() + 2, withNew!["deals"]!.GetValue<int>());
        Assert.True(JsonNode.DeepEquals(await WholeLoadAsync(web, "by=channel"), withNew), withNew.ToJsonString());

        // A change that cannot name its deals (a channel renamed) loads the whole pipeline again.
        await using (var db = LoudouDatabase.CreateContext(web.Database.Target))
        {
            var channel = await db.Channels.FirstAsync();
            channel.Rename(channel.Name + " (renamed)");
            await db.SaveChangesAsync();
        }
        var reloaded = await root.GetFromJsonAsync<JsonNode>(address);

        Assert.Equal(reloads + 1, snapshots.Reloads);
        Assert.True(JsonNode.DeepEquals(await WholeLoadAsync(web, "by=channel"), reloaded), reloaded!.ToJsonString());

        Task<int> VersionAsync(LoudouDbContext db, string name) => db.Deals.Where(d => d.Id == web.World.Deals[name]).Select(d => d.Version).SingleAsync();
    }

    /// <summary>The funnel computed from a fresh load of every deal, as the CLI computes it: the reference for a refreshed snapshot.</summary>
    private static async Task<JsonNode> WholeLoadAsync(WebWorld web, string parameters)
    {
        await using var db = LoudouDatabase.CreateContext(web.Database.Target);
        var rows = await FunnelSnapshotLoader.LoadAsync(db, null);
        var query = new FunnelQuery { AsOf = AnalysisText.Moment("2030-01-01", rows.Calendar), By = parameters.StartsWith("by=", StringComparison.Ordinal) ? parameters[3..] : null };
        return FunnelJson.Write(FunnelEngine.Compute(ColumnarSnapshot.From(rows), query, DateTimeOffset.UtcNow), rows.Calendar.Zone);
    }

    [Theory]
    [InlineData("colour=red", "colour", HttpStatusCode.BadRequest)]
    [InlineData("where=channel", "where", HttpStatusCode.BadRequest)]
    [InlineData("from=2026-13-01", "from", HttpStatusCode.BadRequest)]
    [InlineData("from=2026-10-01&to=2026-09-01", "from", HttpStatusCode.BadRequest)]
    [InlineData("asOf=yesterday", "asOf", HttpStatusCode.BadRequest)]
    [InlineData("by=colour", "by", HttpStatusCode.BadRequest)]
    [InlineData("lang=fr", "lang", HttpStatusCode.BadRequest)]
    [InlineData("by=channel&by=owner", "by", HttpStatusCode.BadRequest)]
    [InlineData("minN=0", "minN", HttpStatusCode.BadRequest)]
    [InlineData("pipeline=nope", null, HttpStatusCode.NotFound)]
    public async Task A_bad_parameter_is_a_problem_naming_it_and_an_unknown_pipeline_a_404(string parameters, string? field, HttpStatusCode status)
    {
        await using var web = await WebWorld.CreateAsync(DatabaseProvider.Sqlite);
        using var root = web.ClientFor("root");

        var response = await root.GetAsync("/api/v1/analytics/funnel?" + parameters);

        Assert.Equal(status, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        if (field is not null)
        {
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        }
    }

    private static async Task<Dictionary<long, string?>> RegionsAsync(TestDatabase database)
    {
        await using var db = database.NewContext();
        return await db.Deals.Select(d => new { d.Id, Region = db.Accounts.Where(a => a.Id == d.AccountId).Select(a => a.Region).FirstOrDefault() })
            .ToDictionaryAsync(d => d.Id, d => d.Region);
    }

    private static IEnumerable<string> Option(string name, string value) => name switch
    {
        "by" or "from" or "to" or "where" or "cohort" or "compare" or "lang" => ["--" + name, value],
        "asOf" => ["--as-of", value],
        "minN" => ["--min-n", value],
        "strict" or "curves" => ["--" + name],
        _ => throw new ArgumentOutOfRangeException(nameof(name), name),
    };
}
