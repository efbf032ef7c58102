using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Loudou.Cli;
using Loudou.Core.Analytics;
using Loudou.Storage;
using Loudou.Storage.Analytics;
using Loudou.Storage.Pipelines;
using Loudou.Storage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

using static Loudou.Web.Tests.Analytics.AnalyticsDemoData;

namespace Loudou.Web.Tests.Analytics;

/// <summary>A 3,000-deal demo as of 2026-11-30 behind a host, shared by the comparisons with the CLI, which only read.</summary>
public sealed class AnalysesDemo : IAsyncLifetime
{
    public TestDatabase Database { get; private set; } = null!;

    public LoudouWebFactory Web { get; private set; } = null!;

    public HttpClient Admin { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Database = await DemoDatabaseAsync(3_000);
        Web = new LoudouWebFactory(Database.Target);
        Admin = await ClientAsync(Web, Database, "admin");
    }

    public async Task DisposeAsync()
    {
        Admin.Dispose();
        await Web.DisposeAsync();
        await Database.DisposeAsync();
    }
}

/// <summary>
/// /api/v1/analytics/bottlenecks, /drivers, /losses and /whatif: the CLI's JSON for the same query, the caller's scope equal
/// to the database's scope filter, bad parameters named, and an empty default pipeline pointing to the ones with deals.
/// </summary>
public class AnalysesApiTests(AnalysesDemo demo) : IClassFixture<AnalysesDemo>
{
    public static TheoryData<string, string> Queries => new()
    {
        { "bottlenecks", "" },
        { "bottlenecks", "by=channel&by=region&minN=10&alpha=0.5" },
        { "bottlenecks", "from=2026-06-01&to=2026-10-31&where=channel=展会 Trade fairs&lang=zh-CN&alpha=0.3" },
        { "bottlenecks", "asOf=2026-09-30&pipeline=default&by=owner&minN=5&alpha=0.2" },
        { "drivers", "stage=lead" },
        { "drivers", "stage=needs&minN=20&alpha=0.1&lang=zh-CN" },
        { "drivers", "stage=lead&from=2026-06-01&to=2026-10-31&where=channel=展会 Trade fairs" },
        { "losses", "" },
        { "losses", "from=2026-03-01&to=2026-08-31&lang=zh-CN" },
        { "losses", "where=region=华东&where=channel=官网表单 Website form" },
        { "losses", "asOf=2026-10-15&pipeline=default" },
        { "whatif", "" },
        { "whatif", "points=10" },
        { "whatif", "points=2.5&where=channel=电话外呼 Cold calls&from=2026-01-01&to=2026-06-30" },
        { "whatif", "asOf=2026-10-15&lang=zh-CN&points=100" },
        { "team", "month=2026-11" },
        { "team", "month=2026-10&team=华南团队 South&lang=zh-CN" },
        { "team", "from=2026-06-01&to=2026-08-31" },
        { "team", "" },
        { "team", "month=2025-01" },
        { "review", "month=2026-10" },
        { "review", "month=2026-11&team=华南团队 South&lang=zh-CN" },
    };

    [Theory]
    [MemberData(nameof(Queries))]
    public async Task The_answer_equals_the_clis_json_for_the_same_query(string analysis, string parameters)
    {
        var asOf = parameters.Contains("asOf=", StringComparison.Ordinal) ? "" : "asOf=2026-11-30&";

        var response = await demo.Admin.GetAsync($"/api/v1/analytics/{analysis}?{asOf}{parameters}");
        var options = (asOf + parameters).Split('&', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=', 2)).SelectMany(p => Option(p[0], p[1]));
        var cli = await CliJsonAsync(demo.Database, [analysis, .. options]);

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var api = JsonNode.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(JsonNode.DeepEquals(cli, api), $"API and CLI differ for {analysis} '{parameters}':\nAPI {Start(api)}\nCLI {Start(cli)}");
        if (analysis == "bottlenecks" && parameters.Contains("alpha=0.5", StringComparison.Ordinal))
        {
            // At least one comparison with findings, so that every field of an item is compared.
            Assert.NotEmpty(api!["items"]!.AsArray());
        }
        if (analysis == "drivers")
        {
            Assert.NotEmpty(api!["items"]!.AsArray());
        }
    }

    [Fact]
    public async Task Each_side_of_a_driver_lists_as_many_deals_as_the_driver_counts()
    {
        var drivers = await demo.Admin.GetFromJsonAsync<JsonObject>("/api/v1/analytics/drivers?stage=lead&asOf=2026-11-30");
        var items = drivers!["items"]!.AsArray().Select(i => i!.AsObject()).Take(4).Append(drivers["items"]!.AsArray().Select(i => i!.AsObject()).First(i => (string)i["feature"]! == "action")).ToList();

        foreach (var item in items)
        {
            var address = $"/api/v1/analytics/drivers/deals?stage=lead&asOf=2026-11-30&feature={Uri.EscapeDataString((string)item["feature"]!)}&value={Uri.EscapeDataString((string)item["value"]!)}&pageSize=1";
            var with = await demo.Admin.GetFromJsonAsync<JsonObject>(address);
            var without = await demo.Admin.GetFromJsonAsync<JsonObject>(address + "&side=without");

            Assert.Equal((long)item["withN"]!, (long)with!["total"]!);
            Assert.Equal((long)item["withoutN"]!, (long)without!["total"]!);
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Each_callers_answer_equals_the_analysis_of_the_rows_the_database_scopes(DatabaseProvider provider)
    {
        await using var web = await WebWorld.CreateAsync(provider);
        foreach (var login in AccessWorld.Logins)
        {
            using var client = web.ClientFor(login);
            // The reference: Core on the rows the scope filters of docs/access.md let this caller read.
            await using var db = LoudouDatabase.CreateContext(web.Database.Target, web.World.ScopeOf(login));
            var rows = await FunnelSnapshotLoader.LoadAsync(db, null);
            var (zone, now) = (rows.Calendar.Zone, DateTimeOffset.UtcNow);
            var funnel = new FunnelQuery { AsOf = AnalysisText.Moment("2030-01-01", rows.Calendar) };
            // The observed window from 2020 takes in every exit, so the small world's stages and segments are compared.
            var bottlenecks = new BottleneckQuery { AsOf = funnel.AsOf, From = new DateOnly(2020, 1, 1), MinN = 1, Alpha = 0.99 };
            var cases = new (string Address, JsonObject Expected)[]
            {
                ("bottlenecks?from=2020-01-01&minN=1&alpha=0.99", BottleneckJson.Write(Bottlenecks.Find(rows, bottlenecks, now), zone)),
                ("bottlenecks?from=2020-01-01&minN=1&alpha=0.99&by=tag&by=owner", BottleneckJson.Write(Bottlenecks.Find(rows, bottlenecks with { Dimensions = ["tag", "owner"] }, now), zone)),
                ("losses?", LossJson.Write(LossPareto.Compute(rows, funnel, now), zone)),
                ("whatif?points=10", WhatIfJson.Write(WhatIf.Compute(rows, funnel, now, 10), zone)),
            };
            // Drivers need 2 × minN exits; the small world has a handful, so the floor is 1 and a caller with too few is refused alike.
            var drivers = new DriverQuery { Stage = "lead", AsOf = funnel.AsOf, MinN = 1 };
            var driverResponse = await client.GetAsync("/api/v1/analytics/drivers?stage=lead&minN=1&asOf=2030-01-01");
            try
            {
                var expected = DriverJson.Write(Drivers.Find(rows, drivers, now), zone);
                var api = JsonNode.Parse(await driverResponse.Content.ReadAsStringAsync());
                Assert.True(JsonNode.DeepEquals(expected, api), $"{login} drivers: API {api!.ToJsonString()} expected {expected.ToJsonString()}");
            }
            catch (Core.DomainRuleException refused)
            {
                Assert.Equal(HttpStatusCode.BadRequest, driverResponse.StatusCode);
                var problem = await driverResponse.Content.ReadFromJsonAsync<JsonElement>();
                Assert.Equal(refused.Message, problem.GetProperty("errors").GetProperty("stage")[0].GetString());
            }

            foreach (var (address, expected) in cases)
            {
                var api = await client.GetFromJsonAsync<JsonNode>($"/api/v1/analytics/{address}&asOf=2030-01-01");

                Assert.True(JsonNode.DeepEquals(expected, api), $"{login} {address}: API {api!.ToJsonString()} expected {expected.ToJsonString()}");
            }
            var lost = (await client.GetFromJsonAsync<JsonNode>("/api/v1/analytics/funnel?asOf=2030-01-01"))!["lost"]!.GetValue<int>();
            var losses = await client.GetFromJsonAsync<JsonNode>("/api/v1/analytics/losses?asOf=2030-01-01");
            Assert.Equal(lost, losses!["stages"]!.AsArray().Sum(s => s!["lost"]!.GetValue<int>()));
        }
    }

    [Theory]
    [InlineData("bottlenecks", "colour=red", "colour", HttpStatusCode.BadRequest)]
    [InlineData("bottlenecks", "points=5", "points", HttpStatusCode.BadRequest)]
    [InlineData("bottlenecks", "cohort=created", "cohort", HttpStatusCode.BadRequest)]
    [InlineData("bottlenecks", "alpha=1.5", "alpha", HttpStatusCode.BadRequest)]
    [InlineData("bottlenecks", "alpha=0.1&alpha=0.2", "alpha", HttpStatusCode.BadRequest)]
    [InlineData("bottlenecks", "minN=0", "minN", HttpStatusCode.BadRequest)]
    [InlineData("bottlenecks", "by=colour", "by", HttpStatusCode.BadRequest)]
    [InlineData("bottlenecks", "from=2031-01-01&asOf=2030-01-01", "from", HttpStatusCode.BadRequest)]
    [InlineData("bottlenecks", "pipeline=nope", null, HttpStatusCode.NotFound)]
    [InlineData("drivers", "", "stage", HttpStatusCode.BadRequest)]
    [InlineData("drivers", "stage=won", "stage", HttpStatusCode.BadRequest)]
    [InlineData("drivers", "stage=nope", "stage", HttpStatusCode.BadRequest)]
    [InlineData("drivers", "stage=lead", "stage", HttpStatusCode.BadRequest)]
    [InlineData("drivers", "stage=lead&minN=0", "minN", HttpStatusCode.BadRequest)]
    [InlineData("drivers", "stage=lead&by=channel", "by", HttpStatusCode.BadRequest)]
    [InlineData("drivers", "stage=lead&pipeline=nope", null, HttpStatusCode.NotFound)]
    [InlineData("drivers/deals", "stage=lead&value=web", "feature", HttpStatusCode.BadRequest)]
    [InlineData("drivers/deals", "stage=lead&feature=channel&value=web&side=both", "side", HttpStatusCode.BadRequest)]
    [InlineData("drivers/deals", "feature=channel&value=web", "stage", HttpStatusCode.BadRequest)]
    [InlineData("losses", "by=channel", "by", HttpStatusCode.BadRequest)]
    [InlineData("losses", "minN=5", "minN", HttpStatusCode.BadRequest)]
    [InlineData("losses", "where=channel=Fax", "where", HttpStatusCode.BadRequest)]
    [InlineData("losses", "where=channel", "where", HttpStatusCode.BadRequest)]
    [InlineData("losses", "asOf=soon", "asOf", HttpStatusCode.BadRequest)]
    [InlineData("losses", "lang=fr", "lang", HttpStatusCode.BadRequest)]
    [InlineData("losses", "from=2026-10-01&to=2026-09-01", "from", HttpStatusCode.BadRequest)]
    [InlineData("losses", "pipeline=nope", null, HttpStatusCode.NotFound)]
    [InlineData("whatif", "points=0", "points", HttpStatusCode.BadRequest)]
    [InlineData("whatif", "points=100.5", "points", HttpStatusCode.BadRequest)]
    [InlineData("whatif", "points=NaN", "points", HttpStatusCode.BadRequest)]
    [InlineData("whatif", "points=abc", "points", HttpStatusCode.BadRequest)]
    [InlineData("whatif", "alpha=0.1", "alpha", HttpStatusCode.BadRequest)]
    [InlineData("whatif", "strict=true", "strict", HttpStatusCode.BadRequest)]
    [InlineData("whatif", "to=2026-02-30", "to", HttpStatusCode.BadRequest)]
    [InlineData("whatif", "pipeline=nope", null, HttpStatusCode.NotFound)]
    [InlineData("team", "month=2026-13", "month", HttpStatusCode.BadRequest)]
    [InlineData("team", "month=2031-01", "month", HttpStatusCode.BadRequest)]
    [InlineData("team", "team=Nowhere", "team", HttpStatusCode.BadRequest)]
    [InlineData("team", "month=2026-11&from=2026-11-01", "month", HttpStatusCode.BadRequest)]
    [InlineData("team", "where=channel=Fax", "where", HttpStatusCode.BadRequest)]
    [InlineData("team/deals", "figure=wins", "figure", HttpStatusCode.BadRequest)]
    [InlineData("team/deals", "figure=due", "figure", HttpStatusCode.BadRequest)]
    [InlineData("team/deals", "figure=touchBand&stage=lead&band=6+", "band", HttpStatusCode.BadRequest)]
    [InlineData("team/tasks", "figure=won", "figure", HttpStatusCode.BadRequest)]
    [InlineData("team", "pipeline=nope", null, HttpStatusCode.NotFound)]
    [InlineData("review", "", "month", HttpStatusCode.BadRequest)]
    [InlineData("review", "month=2026-13", "month", HttpStatusCode.BadRequest)]
    [InlineData("review", "month=2031-01", "month", HttpStatusCode.BadRequest)]
    [InlineData("review", "month=2019-01", "month", HttpStatusCode.BadRequest)]
    [InlineData("review", "month=2026-11&team=Nowhere", "team", HttpStatusCode.BadRequest)]
    [InlineData("review", "month=2026-11&format=pdf", "format", HttpStatusCode.BadRequest)]
    [InlineData("review", "month=2026-11&where=channel=Fax", "where", HttpStatusCode.BadRequest)]
    public async Task A_bad_parameter_is_a_problem_naming_it_and_an_unknown_pipeline_a_404(string analysis, string parameters, string? field, HttpStatusCode status)
    {
        await using var web = await WebWorld.CreateAsync(DatabaseProvider.Sqlite);
        using var root = web.ClientFor("root");

        var response = await root.GetAsync($"/api/v1/analytics/{analysis}?{parameters}");

        Assert.Equal(status, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        if (field is not null)
        {
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        }
    }

    [Fact]
    public async Task An_empty_default_pipeline_is_refused_naming_the_pipelines_with_deals_by_the_api_and_the_cli_alike()
    {
        await using var database = await DemoDatabaseAsync(1_200);
        await using (var db = database.NewContext())
        {
            var store = new PipelineStore(db);
            foreach (var (key, isDefault) in new[] { ("renewals", false), ("dealer", true) })
            {
                var file = await store.ParseAsync(PipelineFile(key, isDefault));
                Assert.True(file.IsValid, string.Join("; ", file.Errors));
                await store.ApplyAsync(file.Definition!);
            }
        }
        await using var web = new LoudouWebFactory(database.Target);
        using var admin = await ClientAsync(web, database, "admin");
        foreach (var name in new[] { "Renewal 1", "Renewal 2" })
        {
            Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/v1/deals", new { name, pipeline = "renewals" })).StatusCode);
        }
        const string Expected = "pipeline 'dealer' has no deals to analyse; pipelines with deals: default (1,200), renewals (2).";

        foreach (var analysis in new[] { "funnel", "bottlenecks", "losses", "whatif" })
        {
            var response = await admin.GetAsync($"/api/v1/analytics/{analysis}?asOf=2026-11-30");
            var cli = await CliAsync(database, [analysis, "--as-of", "2026-11-30"]);

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(Expected, problem.GetProperty("errors").GetProperty("pipeline")[0].GetString());
            Assert.Equal((LoudouCli.UserError, "error: " + Expected), (cli.Code, cli.Error.Trim()));
            // Naming a pipeline with deals answers.
            Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/api/v1/analytics/{analysis}?asOf=2026-11-30&pipeline=renewals")).StatusCode);
        }

        // A rep is told the counts of the rep's own deals only, as every total in the API (docs/access.md).
        int own;
        await using (var db = database.NewContext())
        {
            own = await db.Deals.CountAsync(d => db.Users.Any(u => u.Id == d.OwnerId && u.LoginName == "li.na"));
        }
        using var rep = await ClientAsync(web, database, "li.na");
        var refused = await (await rep.GetAsync("/api/v1/analytics/whatif?asOf=2026-11-30")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.InRange(own, 1, 1_199);
        Assert.Equal($"pipeline 'dealer' has no deals to analyse; pipelines with deals: default ({own.ToString("N0", CultureInfo.InvariantCulture)}).", refused.GetProperty("errors").GetProperty("pipeline")[0].GetString());
    }

    private static string PipelineFile(string key, bool isDefault) => $$"""
        {
          "key": "{{key}}",
          "name": { "zh-CN": "{{key}}", "en": "{{key}}" },
          "default": {{(isDefault ? "true" : "false")}},
          "stages": [
            { "key": "inquiry", "name": { "zh-CN": "询价", "en": "Inquiry" }, "kind": "open", "probability": 0.2 },
            { "key": "order", "name": { "zh-CN": "下单", "en": "Order" }, "kind": "won" },
            { "key": "lost", "name": { "zh-CN": "流失", "en": "Lost" }, "kind": "lost" }
          ]
        }
        """;

    private static IEnumerable<string> Option(string name, string value) => name switch
    {
        "pipeline" or "by" or "from" or "to" or "where" or "lang" or "alpha" or "points" or "stage" or "month" or "team" => ["--" + name, value],
        "asOf" => ["--as-of", value],
        "minN" => ["--min-n", value],
        _ => throw new ArgumentOutOfRangeException(nameof(name), name),
    };

    private static string Start(JsonNode? node) => node is null ? "null" : node.ToJsonString()[..Math.Min(600, node.ToJsonString().Length)];

    [Fact]
    public async Task A_rep_gets_only_their_own_row_and_rank_and_a_manager_their_team_while_the_admin_ranks_everyone()
    {
        const string query = "/api/v1/analytics/team?asOf=2026-11-30&month=2026-11";
        var all = JsonNode.Parse(await demo.Admin.GetStringAsync(query))!;
        using var rep = await ClientAsync(demo.Web, demo.Database, "liu.yang");
        using var manager = await ClientAsync(demo.Web, demo.Database, "huang.min");

        var own = JsonNode.Parse(await rep.GetStringAsync(query))!;
        var team = JsonNode.Parse(await manager.GetStringAsync(query))!;

        var mine = Assert.Single(own["reps"]!.AsArray())!;
        Assert.Equal("liu.yang", (string)mine["login"]!);
        Assert.Empty(own["teams"]!.AsArray());
        Assert.Null(own["best"]!["winRate"]);
        // The rep's row is their row of their team's ranking, as the manager of that team sees it.
        var teamName = (string)mine["team"]!;
        Assert.Equal(teamName, (string)team["team"]!);
        Assert.All(team["reps"]!.AsArray(), r => Assert.Equal(teamName, (string)r!["team"]!));
        Assert.True(JsonNode.DeepEquals(team["reps"]!.AsArray().Single(r => (string)r!["login"]! == "liu.yang"), mine));
        Assert.True(all["reps"]!.AsArray().Count > team["reps"]!.AsArray().Count);
        Assert.Equal(HttpStatusCode.Forbidden, (await rep.GetAsync(query + "&team=华东团队 East")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await rep.GetAsync("/api/v1/analytics/team/deals?asOf=2026-11-30&month=2026-11&figure=won&rep=zhang.wei")).StatusCode);
    }
}
