using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Loudou.Core.Access;
using Loudou.Storage;
using Loudou.Storage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Web.Tests.Api;

/// <summary>POST /api/v1/deals/{id}/stage and /actions: gates, overrides, loss reasons, versions and the audit trail.</summary>
/// <remarks>Every deal of the access world is in "lead", whose gate needs the actions profile and grade (account and channel are set).</remarks>
public class DealStageApiTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_closed_gate_is_refused_with_exactly_what_is_missing_and_changes_nothing(DatabaseProvider provider)
    {
        await using var web = await WebWorld.CreateAsync(provider);
        using var ann = web.ClientFor("ann");
        var id = web.World.Deals["N1"];

        var response = await ann.PostAsJsonAsync($"/api/v1/deals/{id}/stage", new { stage = "nurturing", version = 0 });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["profile", "grade"], problem.GetProperty("missing").GetProperty("actions").EnumerateArray().Select(a => a.GetString()));
        Assert.Empty(problem.GetProperty("missing").GetProperty("fields").EnumerateArray());
        Assert.Contains("profile, grade", problem.GetProperty("detail").GetString());
        await AssertUnchangedAsync(web, id);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task With_the_gate_met_the_move_is_made_recorded_in_history_and_audited_and_the_version_moves_on(DatabaseProvider provider)
    {
        await using var web = await WebWorld.CreateAsync(provider);
        var id = web.World.Deals["N1"];
        await CompleteLeadActionsAsync(web, id);
        using var ann = web.ClientFor("ann");
        var before = await ann.GetAsync($"/api/v1/deals/{id}");
        var etag = before.Headers.ETag!.Tag;

        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/deals/{id}/stage") { Content = JsonContent.Create(new { stage = "nurturing" }) };
        request.Headers.TryAddWithoutValidation("If-Match", etag);
        var response = await ann.SendAsync(request);
        var audit = await DealsApiScopingTests.GetJsonAsync(ann, $"/api/v1/deals/{id}/audit");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var deal = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("nurturing", deal.GetProperty("stage").GetString());
        Assert.NotEqual(etag, response.Headers.ETag!.Tag);
        Assert.Equal($"\"{deal.GetProperty("version").GetInt32()}\"", response.Headers.ETag!.Tag);
        var entry = audit.EnumerateArray().First();
        Assert.Equal(("ann", "stageMove", "lead", "nurturing"), (entry.GetProperty("user").GetString(), entry.GetProperty("action").GetString(),
            entry.GetProperty("before").GetProperty("stage").GetString(), entry.GetProperty("after").GetProperty("stage").GetString()));
        await using var db = web.Database.NewContext();
        var history = await db.StageTransitions.Where(t => t.DealId == id).OrderBy(t => t.Id).ToListAsync();
        Assert.Equal(2, history.Count);
        Assert.Equal(web.World.Users["ann"].Id, history[1].ByUserId);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Completing_the_gates_actions_through_the_api_opens_it_each_write_carrying_the_version_it_read(DatabaseProvider provider)
    {
        await using var web = await WebWorld.CreateAsync(provider);
        using var ann = web.ClientFor("ann");
        var id = web.World.Deals["N2"];

        var profile = await ann.PostAsJsonAsync($"/api/v1/deals/{id}/actions", new { action = "profile", version = 0 });
        var v1 = (await profile.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt32();
        var again = await ann.PostAsJsonAsync($"/api/v1/deals/{id}/actions", new { action = "profile", version = v1 });
        var stale = await ann.PostAsJsonAsync($"/api/v1/deals/{id}/actions", new { action = "grade", version = 0 });
        var unknown = await ann.PostAsJsonAsync($"/api/v1/deals/{id}/actions", new { action = "celebrate", version = v1 });
        var grade = await ann.PostAsJsonAsync($"/api/v1/deals/{id}/actions", new { action = "grade", stage = "lead", version = v1 });
        var v2 = (await grade.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt32();
        var move = await ann.PostAsJsonAsync($"/api/v1/deals/{id}/stage", new { stage = "nurturing", version = v2 });

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.Conflict, HttpStatusCode.BadRequest, HttpStatusCode.OK, HttpStatusCode.OK),
            (profile.StatusCode, again.StatusCode, stale.StatusCode, unknown.StatusCode, grade.StatusCode, move.StatusCode));
        Assert.Equal(v1, (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt32());
        Assert.True(v1 > 0 && v2 > v1);
        Assert.Contains("profile, grade, source-checked", (await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        var audit = await DealsApiScopingTests.GetJsonAsync(ann, $"/api/v1/deals/{id}/audit");
        Assert.Equal(["stageMove", "update", "update"], audit.EnumerateArray().Select(e => e.GetProperty("action").GetString()));
    }

    [Fact]
    public async Task Undoing_a_required_action_closes_the_gate_again()
    {
        await using var web = await WebWorld.CreateAsync(DatabaseProvider.Sqlite);
        var id = web.World.Deals["N3"];
        await CompleteLeadActionsAsync(web, id);
        using var ann = web.ClientFor("ann");
        var version = (await DealsApiScopingTests.GetJsonAsync(ann, $"/api/v1/deals/{id}")).GetProperty("version").GetInt32();

        var undo = await ann.PostAsJsonAsync($"/api/v1/deals/{id}/actions", new { action = "grade", done = false, version });
        var after = (await undo.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt32();
        var move = await ann.PostAsJsonAsync($"/api/v1/deals/{id}/stage", new { stage = "nurturing", version = after });

        Assert.Equal(HttpStatusCode.OK, undo.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, move.StatusCode);
        Assert.Equal(["grade"], (await move.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("missing").GetProperty("actions").EnumerateArray().Select(a => a.GetString()));
    }

    [Fact]
    public async Task A_rep_may_not_override_a_gate_but_a_manager_may_with_a_reason_that_is_logged_with_what_was_missing()
    {
        await using var web = await WebWorld.CreateAsync(DatabaseProvider.Sqlite);
        var id = web.World.Deals["N1"];
        using var ann = web.ClientFor("ann");
        using var max = web.ClientFor("max");

        var byRep = await ann.PostAsJsonAsync($"/api/v1/deals/{id}/stage", new { stage = "needs", version = 0, @override = "customer is in a hurry" });
        var byManager = await max.PostAsJsonAsync($"/api/v1/deals/{id}/stage", new { stage = "needs", version = 0, @override = "customer is in a hurry" });
        var audit = await DealsApiScopingTests.GetJsonAsync(ann, $"/api/v1/deals/{id}/audit");

        Assert.Equal(HttpStatusCode.Forbidden, byRep.StatusCode);
        Assert.Equal(HttpStatusCode.OK, byManager.StatusCode);
        var overrideEntry = audit.EnumerateArray().Single(e => e.GetProperty("action").GetString() == "gateOverride");
        Assert.Equal("max", overrideEntry.GetProperty("user").GetString());
        Assert.Equal("customer is in a hurry", overrideEntry.GetProperty("reason").GetString());
        Assert.Equal(["profile", "grade"], overrideEntry.GetProperty("before").GetProperty("missingActions").EnumerateArray().Select(a => a.GetString()));
    }

    [Theory]
    [InlineData("""{ "stage": "lost", "version": 0 }""", "lossReason")]
    [InlineData("""{ "stage": "lost", "lossReason": "too-expensive", "version": 0 }""", "lossReason")]
    [InlineData("""{ "stage": "proposal", "lossReason": "price", "version": 0 }""", "lossReason")]
    [InlineData("""{ "stage": "signed", "version": 0 }""", "stage")]
    [InlineData("""{ "version": 0 }""", "stage")]
    public async Task A_bad_move_gets_400_naming_the_field_and_changes_nothing(string body, string field)
    {
        await using var web = await WebWorld.CreateAsync(DatabaseProvider.Sqlite);
        using var ann = web.ClientFor("ann");
        var id = web.World.Deals["N1"];

        var response = await ann.PostAsync($"/api/v1/deals/{id}/stage", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _));
        await AssertUnchangedAsync(web, id);
    }

    [Fact]
    public async Task Moving_to_lost_needs_no_gate_and_records_the_loss_reason()
    {
        await using var web = await WebWorld.CreateAsync(DatabaseProvider.Sqlite);
        using var bob = web.ClientFor("bob");
        var id = web.World.Deals["S1"];

        var response = await bob.PostAsJsonAsync($"/api/v1/deals/{id}/stage", new { stage = "lost", lossReason = "price", version = 0 });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("lost", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        await using var db = web.Database.NewContext();
        var deal = await db.Deals.SingleAsync(d => d.Id == id);
        Assert.Equal("price", (await db.LossReasons.SingleAsync(r => r.Id == deal.LossReasonId)).Key);
        Assert.NotNull(deal.ClosedAt);
    }

    [Theory]
    [InlineData(null, null, HttpStatusCode.PreconditionRequired)]
    [InlineData("\"7\"", null, HttpStatusCode.Conflict)]
    [InlineData(null, 3, HttpStatusCode.Conflict)]
    [InlineData("*", null, HttpStatusCode.BadRequest)]
    [InlineData("W/\"0\"", null, HttpStatusCode.OK)]
    public async Task A_move_needs_the_current_version_and_a_stale_one_is_a_409_that_changes_nothing(string? ifMatch, int? version, HttpStatusCode expected)
    {
        await using var web = await WebWorld.CreateAsync(DatabaseProvider.Sqlite);
        using var bob = web.ClientFor("bob");
        var id = web.World.Deals["S1"];
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/deals/{id}/stage") { Content = JsonContent.Create(new { stage = "lost", lossReason = "price", version }) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        var response = await bob.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal(expected == HttpStatusCode.OK ? null : "application/problem+json", expected == HttpStatusCode.OK ? null : response.Content.Headers.ContentType?.MediaType);
        if (expected != HttpStatusCode.OK)
        {
            await AssertUnchangedAsync(web, id);
        }
        if (expected == HttpStatusCode.Conflict)
        {
            Assert.Equal(0, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("currentVersion").GetInt32());
        }
    }

    [Fact]
    public async Task A_deal_outside_the_callers_scope_cannot_be_moved_nor_its_audit_read_and_both_read_as_404()
    {
        await using var web = await WebWorld.CreateAsync(DatabaseProvider.Sqlite);
        using var bob = web.ClientFor("bob");
        var id = web.World.Deals["N1"];

        var move = await bob.PostAsJsonAsync($"/api/v1/deals/{id}/stage", new { stage = "lost", lossReason = "price", version = 0 });
        var audit = await bob.GetAsync($"/api/v1/deals/{id}/audit");

        Assert.Equal(HttpStatusCode.NotFound, move.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, audit.StatusCode);
        await AssertUnchangedAsync(web, id);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Of_concurrent_moves_holding_the_same_version_exactly_one_wins_and_every_other_is_a_409(DatabaseProvider provider)
    {
        await using var web = await WebWorld.CreateAsync(provider);
        var id = web.World.Deals["S1"];
        var clients = Enumerable.Range(0, 10).Select(_ => web.ClientFor("bob")).ToList();

        var responses = await Task.WhenAll(clients.Select((client, i) =>
            client.PostAsJsonAsync($"/api/v1/deals/{id}/stage", new { stage = i % 2 == 0 ? "lost" : "won", lossReason = i % 2 == 0 ? "price" : null, version = 0, @override = "x" })));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.OK), r => Assert.True(
            r.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.Forbidden or HttpStatusCode.UnprocessableEntity, r.StatusCode.ToString()));
        await using var db = web.Database.NewContext();
        Assert.Equal(2, await db.StageTransitions.CountAsync(t => t.DealId == id));
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Action == AuditAction.StageMove));
        clients.ForEach(c => c.Dispose());
    }

    private static async Task CompleteLeadActionsAsync(WebWorld web, long id)
    {
        await using var db = web.Database.NewContext();
        var pipeline = await Builders.DefaultPipelineAsync(db);
        var lead = pipeline.FindStage("lead")!;
        var deal = await db.Deals.Include(d => d.Completions).SingleAsync(d => d.Id == id);
        foreach (var action in lead.Actions.Where(a => a.Required))
        {
            deal.CompleteAction(lead, action, deal.OwnerId, DateTimeOffset.UtcNow);
        }
        await db.SaveChangesAsync();
    }

    private static async Task AssertUnchangedAsync(WebWorld web, long id)
    {
        await using var db = web.Database.NewContext();
        var deal = await db.Deals.SingleAsync(d => d.Id == id);
        Assert.Equal("lead", (await db.Stages.SingleAsync(s => s.Id == deal.StageId)).Key);
        Assert.Equal(0, deal.Version);
        Assert.Equal(1, await db.StageTransitions.CountAsync(t => t.DealId == id));
        Assert.Equal(0, await db.AuditEntries.CountAsync(e => e.EntityType != "token"));
    }
}
