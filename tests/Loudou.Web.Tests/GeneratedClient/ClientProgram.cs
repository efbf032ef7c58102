// A program written against the client Kiota generates from the served OpenAPI document, as a
// customer would write it: no hand edits to the generated code. GeneratedClientTests builds and
// runs it against a real host; it prints one line per step and exits 0 only if every step held.
// Not compiled into the test project (see its .csproj).
using Loudou.Client;
using Loudou.Client.Models;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware.Options;

var (baseUrl, token, dealName) = (args[0], args[1], args[2]);
var adapter = new HttpClientRequestAdapter(new BaseBearerTokenAuthenticationProvider(new StaticToken(token))) { BaseUrl = baseUrl };
var client = new LoudouClient(adapter);

var page = await client.Api.V1.Deals.GetAsync(c => c.QueryParameters.PageSize = 100);
Console.WriteLine($"listed {page!.Items!.Count} of {page.Total}");
var listed = page.Items.Single(d => d.Name == dealName);

var readHeaders = new HeadersInspectionHandlerOption { InspectResponseHeaders = true };
var deal = await client.Api.V1.Deals[listed.Id!.Value].GetAsync(c => c.Options.Add(readHeaders));
var etag = readHeaders.ResponseHeaders["ETag"].Single();
Console.WriteLine($"read {deal!.Name} at {deal.Stage}, version {deal.Version}, ETag {etag}");

var pipeline = await client.Api.V1.Pipelines[deal.Pipeline].GetAsync();
var stages = pipeline!.Stages!.OrderBy(s => s.Position).ToList();
var next = stages.SkipWhile(s => s.Key != deal.Stage).Skip(1).First(s => s.Kind == StageResource_kind.Open);

var moved = await client.Api.V1.Deals[deal.Id!.Value].Stage.PostAsync(
    new StageMoveBody { Stage = next.Key, Override = "Checked with the customer by phone." },
    c => c.Headers.Add("If-Match", etag));
Console.WriteLine($"moved to {moved!.Stage}, version {moved.Version}, status {moved.Status}");
if (moved.Stage != next.Key || moved.Version != deal.Version + 1 || moved.Status != DealResource_status.Open)
{
    return 1;
}

try
{
    // The ETag read before the move is stale now: the host refuses, and the client raises its ProblemDetails.
    await client.Api.V1.Deals[deal.Id.Value].Stage.PostAsync(new StageMoveBody { Stage = deal.Stage, Override = "Back." }, c => c.Headers.Add("If-Match", etag));
    Console.WriteLine("a stale If-Match was accepted");
    return 1;
}
catch (ProblemDetails problem)
{
    Console.WriteLine($"stale If-Match refused: {problem.Status} {problem.Title}");
    return problem.Status == 409 ? 0 : 1;
}

internal sealed class StaticToken(string token) : IAccessTokenProvider
{
    public AllowedHostsValidator AllowedHostsValidator { get; } = new();

    public Task<string> GetAuthorizationTokenAsync(Uri uri, Dictionary<string, object>? additionalAuthenticationContext = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(token);
}
