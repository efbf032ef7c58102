using System.Net.Http.Headers;
using System.Text;
using Loudou.Storage;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Loudou.Web.Tests.Api;

/// <summary>
/// Seeded random and malformed requests to every /api/v1 endpoint: bodies (random JSON of every
/// type, broken JSON, bytes), query strings, route values and headers. No answer may be a 5xx, and
/// every refusal must be ProblemDetails.
/// </summary>
/// <remarks>
/// The endpoints come from the running app, so a new endpoint is fuzzed without changing this test.
/// A failure prints the seed and the request, so it can be replayed.
/// </remarks>
public class ApiFuzzTests
{
    private static readonly string[] Fields =
    [
        "name", "amount", "currency", "expectedClose", "probability", "owner", "channel", "account", "tags", "version", "stage", "lossReason",
        "override", "action", "done", "kind", "at", "outcome", "note", "contact", "title", "due", "assignee", "deal", "industry", "sizeBand",
        "region", "creditCode", "phone", "email", "weChat", "expiresInDays", "user", "pipeline", "id", "",
    ];

    private static readonly string[] Strings =
    [
        "", " ", "N1", "ann", "bob", "root", "default", "lead", "won", "lost", "vip", "Web", "CNY", "usd", "call", "weChat", "2026-01-01",
        "2026-13-45", "2026-01-01T09:00:00+08:00", "2026-01-01T09:00:00", "9999-12-31T23:59:59Z", "\u0000", "漏斗", "' OR 1=1 --", "=SUM(A1)",
        "+86 138 0000 0000", "a@b", "@", "-1", "1e400", "NaN", "null", "true", "\"", "\\", "%", "_", "\ud800", new string('x', 5000),
    ];

    private static readonly string[] QueryKeys =
    [
        "page", "pageSize", "owner", "team", "pipeline", "stage", "channel", "tag", "q", "account", "deal", "assignee", "done", "entityType",
        "entityId", "user", "action", "from", "until", "Page", "bogus", "", "page[]",
    ];

    [Theory]
    [InlineData(DatabaseProvider.Sqlite, 20261127, 40)]
    [InlineData(DatabaseProvider.Postgres, 7, 12)]
    public async Task Random_and_malformed_requests_to_every_endpoint_never_get_a_5xx(DatabaseProvider provider, int seed, int perEndpoint)
    {
        await using var web = await WebWorld.CreateAsync(provider);
        var random = new Random(seed);
        var ids = web.World.Deals.Values.Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var endpoints = web.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.StartsWith("/api/v1", StringComparison.Ordinal))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(m => (Method: m, Route: e.RoutePattern.RawText!)))
            .OrderBy(e => e.Route, StringComparer.Ordinal).ThenBy(e => e.Method, StringComparer.Ordinal)
            .ToList();
        Assert.True(endpoints.Count >= 30, $"only {endpoints.Count} endpoints found");
        using var root = web.ClientFor("root");
        using var rep = web.ClientFor("ann");
        var failures = new List<string>();
        var sent = 0;
        foreach (var (method, route) in endpoints)
        {
            for (var n = 0; n < perEndpoint; n++)
            {
                var path = route.Replace("{id}", Pick(random, [.. ids, .. ids, "0", "-1", "9223372036854775807", "99999999999999999999", "abc", "1.5", "%20", "１２", "1e3"]), StringComparison.Ordinal)
                    .Replace("{key}", Pick(random, ["default", "nope", "%25", "漏斗", "a%2Fb"]), StringComparison.Ordinal);
                var address = path + Query(random);
                using var request = new HttpRequestMessage(new HttpMethod(method), address);
                if (method is "POST" or "PATCH" or "PUT" || random.Next(4) == 0)
                {
                    request.Content = Body(random);
                }
                if (random.Next(3) == 0)
                {
                    request.Headers.TryAddWithoutValidation("If-Match", Pick(random, ["\"1\"", "\"2\"", "W/\"1\"", "*", "\"abc\"", "1", "\"99999999999\"", "", "\"-1\""]));
                }
                if (random.Next(8) == 0)
                {
                    request.Headers.TryAddWithoutValidation("Accept", Pick(random, ["text/html", "application/xml", "*/*", "garbage"]));
                }
                var client = random.Next(2) == 0 ? root : rep;
                using var response = await client.SendAsync(request);
                sent++;
                var status = (int)response.StatusCode;
                var body = await response.Content.ReadAsStringAsync();
                if (status >= 500)
                {
                    failures.Add($"{method} {address} → {status}: {Shorten(body)}\n  body: {(request.Content is null ? "-" : Shorten(await request.Content.ReadAsStringAsync()))}");
                }
                else if (status >= 400 && response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                {
                    failures.Add($"{method} {address} → {status} without ProblemDetails ({response.Content.Headers.ContentType})");
                }
            }
        }
        Assert.True(failures.Count == 0, $"seed {seed}, {failures.Count} of {sent} requests failed:\n" + string.Join("\n", failures.Take(20)));
    }

    private static string Query(Random random)
    {
        var parts = Enumerable.Range(0, random.Next(4)).Select(_ => Uri.EscapeDataString(Pick(random, QueryKeys)) + "=" + Uri.EscapeDataString(Pick(random, [.. Strings, "1", "0", "1000", "1001", "2147483648", "true", "-5"])));
        var query = string.Join("&", parts);
        return query.Length == 0 ? "" : "?" + query;
    }

    private static HttpContent Body(Random random)
    {
        string text;
        switch (random.Next(10))
        {
            case 0:
                text = "{\"name\": \"broken";
                break;
            case 1:
                var bytes = new byte[random.Next(1, 64)];
                random.NextBytes(bytes);
                return new ByteArrayContent(bytes) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } };
            case 2:
                text = Json(random, 0)?.ToJsonString() ?? "null";
                break;
            default:
                var obj = new System.Text.Json.Nodes.JsonObject();
                foreach (var _ in Enumerable.Range(0, random.Next(1, 6)))
                {
                    obj[Pick(random, Fields)] = Json(random, 1);
                }
                text = obj.ToJsonString();
                break;
        }
        var type = random.Next(10) switch
        {
            0 => "text/plain",
            1 => "application/merge-patch+json",
            2 => "application/x-www-form-urlencoded",
            _ => "application/json",
        };
        return new StringContent(text, Encoding.UTF8, type);
    }

    private static System.Text.Json.Nodes.JsonNode? Json(Random random, int depth) => random.Next(depth > 3 ? 6 : 9) switch
    {
        0 => null,
        1 => System.Text.Json.Nodes.JsonValue.Create(random.Next(2) == 0),
        2 => System.Text.Json.Nodes.JsonValue.Create(Pick(random, [0, -1, 1, 2, 7, int.MaxValue, int.MinValue])),
        3 => System.Text.Json.Nodes.JsonNode.Parse(Pick(random, ["1.5", "1e308", "-0.0", "9223372036854775808", "0.000000001", "12345678901234567890123"])),
        4 or 5 => System.Text.Json.Nodes.JsonValue.Create(Pick(random, Strings)),
        6 => new System.Text.Json.Nodes.JsonArray([.. Enumerable.Range(0, random.Next(4)).Select(_ => Json(random, depth + 1))]),
        _ => Object(random, depth),
    };

    // Keys may repeat by chance; the last one wins, as in a JSON text parsed leniently.
    private static System.Text.Json.Nodes.JsonObject Object(Random random, int depth)
    {
        var obj = new System.Text.Json.Nodes.JsonObject();
        foreach (var _ in Enumerable.Range(0, random.Next(3)))
        {
            obj[Pick(random, Fields) + random.Next(3)] = Json(random, depth + 1);
        }
        return obj;
    }

    private static T Pick<T>(Random random, T[] values) => values[random.Next(values.Length)];

    private static string Shorten(string text) => text.Length > 300 ? text[..300] + "…" : text;
}
