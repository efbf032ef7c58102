using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Loudou.Core.Deals;
using Loudou.Core.Pipelines;
using Loudou.Scoring;
using Loudou.Storage;
using Loudou.Storage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Web.Tests.Api;

/// <summary>Training, the report and a deal's score through the API, on the access world with closed deals added (ann's, team North).</summary>
public class ScoringApiTests
{
    [Fact]
    public async Task An_admin_trains_everyone_reads_the_report_and_a_score_comes_with_its_deal_as_stored()
    {
        await using var web = await WebWorld.CreateAsync(DatabaseProvider.Sqlite);
        using var root = web.ClientFor("root");
        using var ann = web.ClientFor("ann");
        using var bob = web.ClientFor("bob");
        var refused = await root.PostAsync("/api/v1/scoring/train", null);
        await AddClosedDealsAsync(web, won: 12, lost: 15);

        var forbidden = await ann.PostAsync("/api/v1/scoring/train", null);
        var trained = await root.PostAsync("/api/v1/scoring/train?pipeline=default&seed=3", null);
        var report = await ann.GetFromJsonAsync<JsonObject>("/api/v1/scoring/report");
        var mine = await ann.GetFromJsonAsync<JsonObject>($"/api/v1/deals/{web.World.Deals["N1"]}/score");
        var notMine = await bob.GetAsync($"/api/v1/deals/{web.World.Deals["N1"]}/score");

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("has no closed deals", (await refused.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!["pipeline"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(HttpStatusCode.OK, trained.StatusCode);
        var stored = await trained.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal(stored!.ToJsonString(), report!.ToJsonString());
        Assert.Equal(("stageConversion", 3, 12, 15), ((string?)report["model"], (int)report["seed"]!, (int)report["won"]!, (int)report["lost"]!));
        await using var db = web.Database.NewContext();
        var view = (await new ScoringService(db, TimeProvider.System).ScoreOfAsync(web.World.Deals["N1"]))!;
        Assert.Equal(view.Score, (double)mine!["score"]!);
        Assert.Equal(view.Factors.ToJsonString(), mine["factors"]!.ToJsonString());
        Assert.Equal(view.ModelId, (int)mine["modelId"]!);
        Assert.Equal(HttpStatusCode.NotFound, notMine.StatusCode);
    }

    [Fact]
    public async Task A_closed_deal_has_no_score_and_says_why()
    {
        await using var web = await WebWorld.CreateAsync(DatabaseProvider.Sqlite);
        using var root = web.ClientFor("root");
        var closed = await AddClosedDealsAsync(web, won: 1, lost: 0);

        var answer = await root.GetFromJsonAsync<JsonObject>($"/api/v1/deals/{closed[0]}/score");
        var unknown = await root.GetAsync($"/api/v1/deals/{closed[0]}/score?as=of");

        Assert.Null(answer!["score"]);
        Assert.Equal("closed deals are not scored: their outcome is known.", (string?)answer["reason"]);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
    }

    /// <summary>Deals of ann's, created and closed in 2026, won and lost; their ids.</summary>
    private static async Task<List<long>> AddClosedDealsAsync(WebWorld web, int won, int lost)
    {
        await using var db = web.Database.NewContext();
        var pipeline = await Builders.DefaultPipelineAsync(db);
        var ann = await db.Users.SingleAsync(u => u.LoginName == "ann");
        var ids = new List<long>();
        for (var i = 0; i < won + lost; i++)
        {
            var created = new DateTimeOffset(2026, 1, 1, 9, 0, 0, TimeSpan.Zero).AddDays(i);
            var deal = Deal.Create($"Closed {i}", pipeline, "CNY", created, null, TransitionSource.App);
            deal.AssignTo(ann);
            deal.MoveTo(pipeline.Stages.Single(s => s.Kind == (i < won ? StageKind.Won : StageKind.Lost)), created.AddDays(3), null, TransitionSource.App);
            db.Deals.Add(deal);
            await db.SaveChangesAsync();
            ids.Add(deal.Id);
        }
        return ids;
    }
}
