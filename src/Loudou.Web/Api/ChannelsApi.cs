using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Nodes;
using Loudou.Core.Analytics;
using Loudou.Core.Catalog;
using Loudou.Import.Costs;
using Loudou.Storage;
using Loudou.Storage.Catalog;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Web.Api;

/// <summary>
/// <c>/api/v1/channels/costs</c>: what each channel cost per month (docs/channel-costs.md), in the format
/// <c>loudou channels costs list --format json</c> prints; and <c>/api/v1/analytics/channels</c>, channel quality.
/// </summary>
/// <remarks>Costs are workspace-level: every signed-in user reads them, admins set them.</remarks>
public static class ChannelsApi
{
    private const string AdminsOnly = "Channel costs are set by admins; everyone reads them.";

    public static void MapChannelsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/channels/costs").WithTags("Channels");
        api.MapGet("/", ListAsync).WithName("ListChannelCosts")
            .WithSummary("Each channel's cost per month, by channel and month: { costs: [{ channel, month: YYYY-MM, amount, currency }] }; from and to (YYYY-MM, inclusive) narrow the months.")
            .WithProblems();
        api.MapPut("/", SetAsync).WithName("SetChannelCosts").Accepts<ChannelCostsBody>("application/json")
            .WithSummary("Sets each row's (channel, month) cost, all or nothing: every problem is named by its JSON path ($.costs[1].channel); months not listed stay as they are (admins). "
                + "A missing currency is the base currency. Answers what was created, changed and left as it was.")
            .WithProblems(StatusCodes.Status403Forbidden);
        // The body is CSV text, read whatever its content type says, so that a refusal of the caller's role comes before one of the body.
        api.MapPost("/import", ImportAsync).WithName("ImportChannelCosts")
            .WithSummary("Imports a CSV file sent as the body (text/csv: channel,month,amount,currency; month YYYY-MM) as loudou channels costs import does: all or nothing, "
                + "each problem keyed by its row and column (admins).")
            .WithProblems(StatusCodes.Status403Forbidden);
    }

    /// <summary>Maps channel quality onto the analytics group (<see cref="AnalyticsApi.MapAnalyticsApi"/>).</summary>
    public static void MapChannelQualityApi(this RouteGroupBuilder api) =>
        api.MapGet("/channels", QualityAsync).WithName("GetChannelQuality")
            .WithSummary("Channel quality for the leads created in a range of months (docs/metrics.md): per channel conversion per stage with 95% intervals, won deals and amount, "
                + "the range's cost, cost per lead, cost per won deal and return on cost, each null with its reason. Counts are the caller's deals; costs are workspace-wide, so a "
                + "manager's or rep's cost-based figures are null (reason workspaceWide).")
            .WithProblems(StatusCodes.Status404NotFound);

    private static Task<Results<Ok<JsonObject>, ProblemHttpResult>> QualityAsync(
        HttpRequest request, ChannelAnswers answers, [AsParameters] ChannelParameters parameters, CancellationToken cancellationToken) =>
        answers.ReportAsync(parameters, request.Query, cancellationToken);

    private static async Task<Results<Ok<JsonObject>, ProblemHttpResult>> ListAsync(
        HttpRequest request, ChannelCostStore store,
        [Description("First month, YYYY-MM. Default: the first recorded.")] string? from,
        [Description("Last month, YYYY-MM, inclusive. Default: the last recorded.")] string? to,
        CancellationToken cancellationToken)
    {
        if (ApiResults.CheckQuery(request, "from", "to") is { } unknown)
        {
            return unknown;
        }
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        DateOnly? first = null, last = null;
        Storage.Records.RecordWrites.Check(errors, () => first = AnalysisText.Month(ApiResults.Given(from), "from"));
        Storage.Records.RecordWrites.Check(errors, () => last = AnalysisText.Month(ApiResults.Given(to), "to"));
        if (errors.Count > 0)
        {
            return ApiResults.Invalid(errors);
        }
        return TypedResults.Ok(ChannelCostJson.Write(await store.ReadAsync(first, last, cancellationToken)));
    }

    private static async Task<Results<Ok<ChannelCostsApplied>, ProblemHttpResult>> SetAsync(
        HttpRequest request, LoudouDbContext db, ChannelCostStore store, CancellationToken cancellationToken)
    {
        if (!db.Scope.SeesAll)
        {
            return ApiResults.Forbidden(AdminsOnly);
        }
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken);
        }
        catch (JsonException e)
        {
            return ApiResults.Invalid(new Dictionary<string, string[]> { ["$"] = [$"is not JSON: {e.Message}"] });
        }
        using (document)
        {
            var (rows, errors) = ChannelCostJson.Read(document.RootElement, await BaseCurrencyAsync(db, cancellationToken));
            if (errors.Count > 0)
            {
                return ApiResults.Invalid(errors.GroupBy(e => e.Path, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray(), StringComparer.Ordinal));
            }
            var applied = await store.ApplyAsync(rows, cancellationToken: cancellationToken);
            if (applied.Errors.Count > 0)
            {
                return ApiResults.Invalid(applied.Errors.GroupBy(e => e.Index < 0 ? "$" : $"$.costs[{e.Index}].{e.Field}", StringComparer.Ordinal)
                    .ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray(), StringComparer.Ordinal));
            }
            return TypedResults.Ok(new ChannelCostsApplied(applied.Created, applied.Changed, applied.Unchanged));
        }
    }

    private static async Task<Results<Ok<ChannelCostsApplied>, ProblemHttpResult>> ImportAsync(
        HttpRequest request, LoudouDbContext db, ChannelCostStore store,
        [Description("Check and count, change nothing.")] bool? dryRun, CancellationToken cancellationToken)
    {
        if (!db.Scope.SeesAll)
        {
            return ApiResults.Forbidden(AdminsOnly);
        }
        if (ApiResults.CheckQuery(request, "dryRun") is { } unknown)
        {
            return unknown;
        }
        // Read whole first: the CSV reader reads synchronously, which the server refuses on a request body.
        using var body = new StreamReader(request.Body);
        using var text = new StringReader(await body.ReadToEndAsync(cancellationToken));
        var result = await ChannelCostImport.RunAsync(store, text, "body", await BaseCurrencyAsync(db, cancellationToken), dryRun ?? false, cancellationToken);
        if (result.Issues.Count > 0)
        {
            // Keyed "row 3, channel" so each problem reads with its place, as the CLI prints it.
            return ApiResults.Invalid(result.Issues.GroupBy(i => i.Row > 0 ? $"row {i.Row}{(i.Column.Length > 0 ? ", " + i.Column : "")}" : "file", StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Select(i => i.Reason).ToArray(), StringComparer.Ordinal));
        }
        return TypedResults.Ok(new ChannelCostsApplied(result.Created, result.Changed, result.Unchanged));
    }

    private static async Task<string> BaseCurrencyAsync(LoudouDbContext db, CancellationToken cancellationToken) =>
        (await db.WorkspaceSettings.AsNoTracking().SingleAsync(cancellationToken)).BaseCurrency;
}

/// <param name="Costs">The months to set.</param>
public sealed record ChannelCostsBody(IReadOnlyList<ChannelCostBody> Costs);

/// <param name="Channel">The channel's name, as on the channels list.</param>
/// <param name="Month">YYYY-MM.</param>
/// <param name="Amount">The month's spend, 0 or more.</param>
/// <param name="Currency">ISO 4217; the base currency when left out. Only base-currency costs count in channel quality.</param>
public sealed record ChannelCostBody(string Channel, string Month, decimal Amount, string? Currency = null);

/// <param name="Created">Months that had no cost before.</param>
/// <param name="Changed">Months whose amount or currency changed.</param>
/// <param name="Unchanged">Months already as given.</param>
public sealed record ChannelCostsApplied(int Created, int Changed, int Unchanged);
