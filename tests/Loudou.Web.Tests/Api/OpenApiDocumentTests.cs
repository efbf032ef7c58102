using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using Loudou.Core.Access;
using Loudou.Core.Activities;
using Loudou.Storage;
using Loudou.Storage.Records;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Web.Tests.Api;

/// <summary>
/// The served OpenAPI document says what a client generator needs (token, version headers, typed
/// bodies, numbers, closed value sets, paging bounds), and the host's real answers match it, checked
/// with an independent JSON Schema validator (JsonSchema.Net, draft 2020-12 as OpenAPI 3.1 uses).
/// </summary>
public class OpenApiDocumentTests
{
    private static readonly string[] VersionedWrites =
        ["/api/v1/deals/{id} patch", "/api/v1/deals/{id} delete", "/api/v1/deals/{id}/stage post", "/api/v1/deals/{id}/actions post"];

    [Fact]
    public async Task Numbers_are_numbers_and_every_body_is_a_named_record_whose_required_fields_are_not_nullable()
    {
        var document = await DocumentAsync();

        Assert.Empty(Walk(document).Where(n => n["type"] is JsonArray types
            && types.Select(t => t!.GetValue<string>()).Where(t => t != "null").Distinct().Count() > 1).Select(n => n.GetPath()));
        foreach (var (route, method, operation) in Operations(document).Where(o => o.Operation["requestBody"] is not null))
        {
            foreach (var (_, media) in operation["requestBody"]!["content"]!.AsObject())
            {
                var reference = media!["schema"]?["$ref"]?.GetValue<string>();
                Assert.True(reference is not null, $"{method} {route}: the body is not a named record");
                var schema = Component(document, reference!);
                Assert.True(schema["properties"] is JsonObject { Count: > 0 }, $"{method} {route}: {reference} has no properties");
                foreach (var required in schema["required"]?.AsArray() ?? [])
                {
                    var field = schema["properties"]![required!.GetValue<string>()]!;
                    Assert.False(field["type"] is JsonArray types && types.Any(t => t!.GetValue<string>() == "null"), $"{reference}.{required} is required yet nullable");
                }
            }
        }
    }

    [Fact]
    public async Task The_document_declares_the_bearer_token_the_version_headers_the_value_sets_and_the_paging_bounds()
    {
        var document = await DocumentAsync();

        Assert.Equal("http", document["components"]!["securitySchemes"]!["bearer"]!["type"]!.GetValue<string>());
        Assert.Equal("bearer", document["components"]!["securitySchemes"]!["bearer"]!["scheme"]!.GetValue<string>());
        Assert.NotNull(document["security"]![0]!["bearer"]);
        foreach (var (route, method, operation) in Operations(document).Where(o => VersionedWrites.Contains($"{o.Route} {o.Method}")))
        {
            Assert.True(operation["parameters"]!.AsArray().Any(p => p!["name"]!.GetValue<string>() == "If-Match" && p["in"]!.GetValue<string>() == "header"),
                $"{method} {route} does not declare If-Match");
        }
        Assert.NotNull(document["paths"]!["/api/v1/deals/{id}"]!["get"]!["responses"]!["200"]!["headers"]!["ETag"]);
        // Query parameters carry their JSON names (asOf, minN), as the issues spell them, not the C# names.
        var queryNames = Operations(document).SelectMany(o => (o.Operation["parameters"]?.AsArray() ?? []).Where(p => p!["in"]!.GetValue<string>() == "query")
            .Select(p => $"{o.Route} {p!["name"]!.GetValue<string>()}")).ToList();
        Assert.DoesNotContain(queryNames, name => char.IsUpper(name.Split(' ')[1][0]));
        var schemas = document["components"]!["schemas"]!;
        Assert.Equal(Enum.GetNames<ActivityKind>().Select(JsonNamingPolicy.CamelCase.ConvertName), Values(schemas["ActivityResource"]!["properties"]!["kind"]!));
        Assert.Equal(Enum.GetNames<ActivityKind>().Select(JsonNamingPolicy.CamelCase.ConvertName), Values(schemas["ActivityBody"]!["properties"]!["kind"]!));
        Assert.Equal(Enum.GetNames<AuditAction>().Select(JsonNamingPolicy.CamelCase.ConvertName), Values(schemas["AuditEntryResource"]!["properties"]!["action"]!));
        Assert.Equal(["open", "won", "lost"], Values(schemas["DealResource"]!["properties"]!["status"]!));
        var pageSize = document["paths"]!["/api/v1/deals"]!["get"]!["parameters"]!.AsArray().Single(p => p!["name"]!.GetValue<string>() == "pageSize")!["schema"]!;
        Assert.Equal((1, Paging.MaxPageSize), (pageSize["minimum"]!.GetValue<int>(), pageSize["maximum"]!.GetValue<int>()));
    }

    [Fact]
    public async Task Every_read_answers_exactly_as_the_document_says()
    {
        await using var web = await WebWorld.CreateAsync(DatabaseProvider.Sqlite);
        using var root = web.ClientFor("root");
        var deal = web.World.Deals["N1"];
        // A stage move and a patch, so that the deal's audit trail has entries with and without a record before.
        using (var move = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/deals/{deal}/stage") { Content = JsonContent.Create(new { stage = "needs", @override = "checked", version = 0 }) })
        {
            Assert.Equal(HttpStatusCode.OK, (await root.SendAsync(move)).StatusCode);
        }
        // A second deal leaves the lead stage too, so that drivers have exits to compare (with a floor of 1).
        using (var move = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/deals/{web.World.Deals["S1"]}/stage") { Content = JsonContent.Create(new { stage = "needs", @override = "checked", version = 0 }) })
        {
            Assert.Equal(HttpStatusCode.OK, (await root.SendAsync(move)).StatusCode);
        }
        // Custom values of every type on the deal, so that the deal answers carry them.
        using (var fields = new HttpRequestMessage(HttpMethod.Put, "/api/v1/fields") { Content = Json("""
            {"fields": [{"key": "budget", "name": "Budget", "type": "number"}, {"key": "signed", "name": "Signed", "type": "boolean"},
                        {"key": "regions", "name": "Regions", "type": "multiChoice", "options": ["north", "south"]}, {"key": "kickoff", "name": "Kickoff", "type": "date"}]}
            """) })
        {
            Assert.Equal(HttpStatusCode.OK, (await root.SendAsync(fields)).StatusCode);
        }
        using (var patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/deals/{deal}")
        {
            Content = Json("""{"custom": {"budget": 1200.5, "signed": true, "regions": ["south", "north"], "kickoff": "2026-12-01"}, "version": 1}"""),
        })
        {
            Assert.Equal(HttpStatusCode.OK, (await root.SendAsync(patch)).StatusCode);
        }
        // A dated rate, so that the rates' answer has a row to check against its schema.
        using (var rate = new HttpRequestMessage(HttpMethod.Put, "/api/v1/exchange-rates") { Content = Json("""{"currency": "USD", "validFrom": "2026-01-01", "rateToBase": 7.1}""") })
        {
            Assert.Equal(HttpStatusCode.Created, (await root.SendAsync(rate)).StatusCode);
        }
        // A segment, so that the segments' answer has a row.
        using (var segment = new HttpRequestMessage(HttpMethod.Put, "/api/v1/segments/big") { Content = Json("""{"name": "Big deals", "rule": {"minAmount": 1000, "open": true}}""") })
        {
            Assert.Equal(HttpStatusCode.Created, (await root.SendAsync(segment)).StatusCode);
        }
        var document = await DocumentAsync(web);
        // A stored model, so that the report has one to answer with (training needs closed deals this world lacks).
        await using (var db = web.Database.NewContext())
        {
            var pipeline = await db.Pipelines.Select(p => p.Id).FirstAsync();
            var model = Core.Scoring.ScoringModel.Create(pipeline, DateTimeOffset.UtcNow, "stageConversion", """{"pipeline":"default","model":"stageConversion"}""", [1]);
            model.Activate();
            db.ScoringModels.Add(model);
            await db.SaveChangesAsync();
        }
        var firstOf = new Dictionary<string, string>();
        foreach (var list in new[] { "accounts", "contacts", "tasks" })
        {
            firstOf[list] = (await root.GetFromJsonAsync<JsonElement>($"/api/v1/{list}")).GetProperty("items")[0].GetProperty("id").GetRawText();
        }
        firstOf["activities"] = (await root.GetFromJsonAsync<JsonElement>($"/api/v1/deals/{deal}/activities")).GetProperty("items")[0].GetProperty("id").GetRawText();
        var answers = new Dictionary<string, string>
        {
            ["/api/v1/deals"] = "/api/v1/deals",
            ["/api/v1/deals/{id}"] = $"/api/v1/deals/{deal}",
            ["/api/v1/deals/{id}/audit"] = $"/api/v1/deals/{deal}/audit",
            ["/api/v1/deals/{id}/activities"] = $"/api/v1/deals/{deal}/activities",
            ["/api/v1/activities/{id}"] = $"/api/v1/activities/{firstOf["activities"]}",
            ["/api/v1/accounts"] = "/api/v1/accounts",
            ["/api/v1/accounts/{id}"] = $"/api/v1/accounts/{firstOf["accounts"]}",
            ["/api/v1/contacts"] = "/api/v1/contacts",
            ["/api/v1/contacts/{id}"] = $"/api/v1/contacts/{firstOf["contacts"]}",
            ["/api/v1/tasks"] = "/api/v1/tasks",
            ["/api/v1/tasks/{id}"] = $"/api/v1/tasks/{firstOf["tasks"]}",
            ["/api/v1/board"] = "/api/v1/board?cards=5",
            ["/api/v1/board/cards"] = "/api/v1/board/cards?stage=lead&take=5",
            ["/api/v1/pipelines"] = "/api/v1/pipelines",
            ["/api/v1/pipelines/{key}"] = "/api/v1/pipelines/default",
            ["/api/v1/tokens"] = "/api/v1/tokens",
            ["/api/v1/audit"] = "/api/v1/audit",
            ["/api/v1/notifications"] = "/api/v1/notifications?unread=true&take=5",
            ["/api/v1/notifications/settings"] = "/api/v1/notifications/settings",
            ["/api/v1/admin/jobs"] = "/api/v1/admin/jobs",
            ["/api/v1/admin/reminders"] = "/api/v1/admin/reminders",
            ["/api/v1/admin/ranking"] = "/api/v1/admin/ranking",
            ["/api/v1/targets"] = "/api/v1/targets?month=2026-11",
            ["/api/v1/alerts"] = "/api/v1/alerts",
            ["/api/v1/alerts/rules"] = "/api/v1/alerts/rules",
            ["/api/v1/fields"] = "/api/v1/fields",
            ["/api/v1/workspace"] = "/api/v1/workspace",
            ["/api/v1/exchange-rates"] = "/api/v1/exchange-rates",
            ["/api/v1/segments"] = "/api/v1/segments",
            ["/api/v1/catalog/channels"] = "/api/v1/catalog/channels",
            ["/api/v1/catalog/loss-reasons"] = "/api/v1/catalog/loss-reasons",
            ["/api/v1/catalog/tags"] = "/api/v1/catalog/tags",
            ["/api/v1/admin/targets"] = "/api/v1/admin/targets",
            ["/api/v1/admin/deliveries"] = "/api/v1/admin/deliveries?status=failing&take=5",
            ["/api/v1/admin/jobs/{key}/runs"] = "/api/v1/admin/jobs/reminders/runs",
            ["/api/v1/analytics/funnel"] = "/api/v1/analytics/funnel?asOf=2030-01-01&by=channel",
            ["/api/v1/analytics/funnel/deals"] = "/api/v1/analytics/funnel/deals?asOf=2030-01-01&stage=lead",
            ["/api/v1/analytics/bottlenecks"] = "/api/v1/analytics/bottlenecks?asOf=2030-01-01&by=channel&by=owner&minN=1&alpha=0.9",
            ["/api/v1/analytics/drivers"] = "/api/v1/analytics/drivers?asOf=2030-01-01&stage=lead&minN=1",
            ["/api/v1/analytics/drivers/deals"] = "/api/v1/analytics/drivers/deals?asOf=2030-01-01&stage=lead&minN=1&feature=owner&value=ann",
            ["/api/v1/analytics/losses"] = "/api/v1/analytics/losses?asOf=2030-01-01",
            ["/api/v1/analytics/whatif"] = "/api/v1/analytics/whatif?asOf=2030-01-01&points=10",
            ["/api/v1/analytics/team"] = "/api/v1/analytics/team?asOf=2030-01-01",
            ["/api/v1/analytics/review"] = $"/api/v1/analytics/review?asOf=2030-01-01&month={DateTime.UtcNow.AddMonths(1):yyyy-MM}",
            ["/api/v1/analytics/team/deals"] = "/api/v1/analytics/team/deals?asOf=2030-01-01&figure=handled",
            ["/api/v1/analytics/team/tasks"] = "/api/v1/analytics/team/tasks?asOf=2030-01-01&figure=due",
            ["/api/v1/analytics/channels"] = "/api/v1/analytics/channels?asOf=2030-01-01",
            ["/api/v1/channels/costs"] = "/api/v1/channels/costs?from=2026-01",
            ["/api/v1/privacy/contacts/{id}/export"] = $"/api/v1/privacy/contacts/{firstOf["contacts"]}/export",
            ["/api/v1/privacy/users/{login}/export"] = "/api/v1/privacy/users/ann/export",
            ["/api/v1/scoring/report"] = "/api/v1/scoring/report?pipeline=default",
            ["/api/v1/deals/{id}/score"] = $"/api/v1/deals/{deal}/score",
        };
        // Every read the document lists is checked, so a new one cannot slip past.
        Assert.Equal(Operations(document).Where(o => o.Method == "get").Select(o => o.Route).Order(StringComparer.Ordinal), answers.Keys.Order(StringComparer.Ordinal));
        foreach (var (route, address) in answers)
        {
            var response = await root.GetAsync(address);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {address}: {response.StatusCode}");
            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync());
            var schema = SchemaOf(document, document["paths"]![route]!["get"]!["responses"]!["200"]!["content"]!["application/json"]!["schema"]!);
            var result = schema.Evaluate(body, new EvaluationOptions { OutputFormat = OutputFormat.List });
            var errors = result.Details.Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"));
            Assert.True(result.IsValid, $"GET {address} does not match the document:\n" + string.Join("\n", errors.Take(10)));
        }
    }

    [Fact]
    public async Task A_bad_create_names_every_bad_field_in_one_400_without_internal_type_names()
    {
        await using var web = await WebWorld.CreateAsync(DatabaseProvider.Sqlite);
        using var ann = web.ClientFor("ann");

        var create = await ann.PostAsync("/api/v1/deals", Json("""{"name": 5, "amount": "lots", "expectedClose": "31/12/2026", "tags": "vip", "colour": "red"}"""));
        var move = await ann.PostAsync($"/api/v1/deals/{web.World.Deals["N1"]}/stage", Json("""{"stage": 3, "version": "zero"}"""));

        foreach (var (response, fields) in new[] { (create, new[] { "amount", "colour", "expectedClose", "name", "tags" }), (move, ["stage", "version"]) })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var text = await response.Content.ReadAsStringAsync();
            Assert.DoesNotContain("Loudou.", text, StringComparison.Ordinal);
            Assert.Equal(fields, JsonNode.Parse(text)!["errors"]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public async Task A_pipeline_file_put_answers_as_the_document_says_names_its_errors_by_path_and_a_refusal_is_a_409()
    {
        await using var web = await WebWorld.CreateAsync(DatabaseProvider.Sqlite);
        using var root = web.ClientFor("root");
        var document = await DocumentAsync(web);
        var file = JsonNode.Parse(Core.Pipelines.PipelineFile.Write(Core.Pipelines.BuiltinPipelines.Default))!;
        file["stages"]![0]!["name"]!["en"] = "New lead";

        var put = await root.PutAsync("/api/v1/pipelines/default", Json(file.ToJsonString()));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var body = JsonNode.Parse(await put.Content.ReadAsStringAsync());
        var schema = SchemaOf(document, document["paths"]!["/api/v1/pipelines/{key}"]!["put"]!["responses"]!["200"]!["content"]!["application/json"]!["schema"]!);
        Assert.True(schema.Evaluate(body).IsValid, body!.ToJsonString());
        Assert.Equal("New lead", (string)body!["pipeline"]!["stages"]![0]!["name"]!["en"]!);

        file["stages"]![1]!["probability"] = 35;
        file["stages"]![2]!["rotingDays"] = 3;
        var bad = await root.PutAsync("/api/v1/pipelines/default", Json(file.ToJsonString()));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(["$.stages[1].probability", "$.stages[2].rotingDays"], JsonNode.Parse(await bad.Content.ReadAsStringAsync())!["errors"]!.AsObject().Select(e => e.Key).Order(StringComparer.Ordinal));
        var elsewhere = await root.PutAsync("/api/v1/pipelines/other", Json(Core.Pipelines.PipelineFile.Write(Core.Pipelines.BuiltinPipelines.Default)));
        Assert.Equal(["$.key"], JsonNode.Parse(await elsewhere.Content.ReadAsStringAsync())!["errors"]!.AsObject().Select(e => e.Key));

        var kinds = JsonNode.Parse(Core.Pipelines.PipelineFile.Write(Core.Pipelines.BuiltinPipelines.Default))!;
        kinds["stages"]!.AsArray().RemoveAt(0);
        var refused = await root.PutAsync("/api/v1/pipelines/default", Json(kinds.ToJsonString()));
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("'lead' would be dropped", (string)JsonNode.Parse(await refused.Content.ReadAsStringAsync())!["detail"]!, StringComparison.Ordinal);
        Assert.Equal("New lead", (string)(await root.GetFromJsonAsync<JsonNode>("/api/v1/pipelines/default"))!["stages"]![0]!["name"]!["en"]!);
    }

    [Theory]
    [InlineData("/api/v1/pipelines?stage=won")]
    [InlineData("/api/v1/tokens?user=ann")]
    [InlineData("/api/v1/deals/{N1}/audit?page=2")]
    public async Task Answers_without_parameters_refuse_an_unknown_one_as_the_lists_do(string address)
    {
        await using var web = await WebWorld.CreateAsync(DatabaseProvider.Sqlite);
        using var ann = web.ClientFor("ann");

        var response = await ann.GetAsync(address.Replace("{N1}", web.World.Deals["N1"].ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var parameter = address.Split('?')[1].Split('=')[0];
        Assert.Contains($"unknown parameter '{parameter}'", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty(parameter)[0].GetString(), StringComparison.Ordinal);
    }

    private static async Task<JsonNode> DocumentAsync(WebWorld? web = null)
    {
        if (web is not null)
        {
            using var anonymous = web.Anonymous();
            return JsonNode.Parse(await anonymous.GetStringAsync("/openapi/v1.json"))!;
        }
        await using var own = await WebWorld.CreateAsync(DatabaseProvider.Sqlite);
        return await DocumentAsync(own);
    }

    /// <summary>One JSON Schema for an answer: its schema from the document with the document's components as $defs.</summary>
    private static JsonSchema SchemaOf(JsonNode document, JsonNode answer)
    {
        var root = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$defs"] = document["components"]!["schemas"]!.DeepClone(),
            ["allOf"] = new JsonArray(answer.DeepClone()),
        };
        return JsonSchema.FromText(root.ToJsonString().Replace("#/components/schemas/", "#/$defs/", StringComparison.Ordinal));
    }

    private static IEnumerable<(string Route, string Method, JsonNode Operation)> Operations(JsonNode document) =>
        document["paths"]!.AsObject().SelectMany(path => path.Value!.AsObject().Select(op => (path.Key, op.Key, op.Value!)));

    private static JsonNode Component(JsonNode document, string reference) => document["components"]!["schemas"]![reference.Split('/')[^1]]!;

    private static IEnumerable<string> Values(JsonNode schema) => schema["enum"]!.AsArray().Select(v => v!.GetValue<string>());

    private static IEnumerable<JsonNode> Walk(JsonNode node) => node switch
    {
        JsonObject o => new[] { node }.Concat(o.SelectMany(p => p.Value is null ? [] : Walk(p.Value))),
        JsonArray a => a.SelectMany(v => v is null ? [] : Walk(v)),
        _ => [],
    };

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
