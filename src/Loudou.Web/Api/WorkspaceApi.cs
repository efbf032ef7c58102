using System.Text.Json;
using Loudou.Core;
using Loudou.Storage;
using Loudou.Storage.Catalog;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Loudou.Web.Api;

/// <summary>
/// <c>/api/v1/workspace</c> and <c>/api/v1/exchange-rates</c>: the workspace's settings and its dated exchange rates,
/// as the admin page <c>/admin/workspace</c> shows and changes them. Everyone signed in reads; admins change; every
/// change is audited.
/// </summary>
public static class WorkspaceApi
{
    private static readonly string[] SettingsFields = ["name", "timeZone", "baseCurrency", "language", "defaultPipeline", "rankingResultsWeight", "layerHighScore", "layerLowScore", "layerLargeAmount"];

    public static void MapWorkspaceApi(this IEndpointRouteBuilder app)
    {
        var workspace = app.MapGroup("/api/v1/workspace").WithTags("Workspace");
        workspace.MapGet("/", GetAsync).WithName("GetWorkspace")
            .WithSummary("The workspace's settings: name, time zone (IANA), base currency, default language, default pipeline, the ranking's results weight, "
                + "the A/B/C layers' cuts (layerHighScore, layerLowScore, layerLargeAmount) and why the base currency can no longer change (baseCurrencyFixed; null while it can).")
            .WithProblems();
        workspace.MapPatch("/", ChangeAsync).WithName("ChangeWorkspace").Accepts<WorkspaceBody>("application/json")
            .WithSummary("Changes the settings the body names (a JSON merge patch; name and language are cleared with null), all or nothing, admins only. "
                + "The base currency is fixed once deals carry amounts or rates are set. Answers the settings after.")
            .WithProblems(StatusCodes.Status403Forbidden);

        var rates = app.MapGroup("/api/v1/exchange-rates").WithTags("Workspace");
        rates.MapGet("/", ListRatesAsync).WithName("ListExchangeRates")
            .WithSummary("Every dated exchange rate: units of the base currency one unit of the currency is worth from validFrom on. Totals convert a deal "
                + "at the rate in force on its close day, or its creation day while open (docs/metrics.md, Amounts in the base currency).")
            .WithProblems();
        rates.MapPut("/", SetRateAsync).WithName("SetExchangeRate").Accepts<ExchangeRateBody>("application/json")
            .WithSummary("Sets a currency's rate from a day on (admins): creates the row (201) or corrects the rate of that day (200).")
            .WithProblems(StatusCodes.Status403Forbidden);
        rates.MapDelete("/{id}", RemoveRateAsync).WithName("RemoveExchangeRate")
            .WithSummary("Removes a dated rate (admins); its days then convert at the rate before it.")
            .WithProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
    }

    private static async Task<Results<Ok<WorkspaceSettingsView>, ProblemHttpResult>> GetAsync(HttpRequest request, WorkspaceSettingsStore store, CancellationToken cancellationToken) =>
        ApiResults.CheckQuery(request) is { } unknown ? unknown : TypedResults.Ok(await store.GetAsync(cancellationToken));

    private static async Task<Results<Ok<WorkspaceSettingsView>, ProblemHttpResult>> ChangeAsync(
        HttpRequest request, JsonElement body, WorkspaceSettingsStore store, LoudouDbContext db, Localization.WorkspaceLanguage language, CancellationToken cancellationToken)
    {
        if (ApiResults.CheckQuery(request) is { } unknown)
        {
            return unknown;
        }
        if (!db.Scope.SeesAll)
        {
            return ApiResults.Forbidden("Workspace settings are changed by admins.");
        }
        var read = new JsonBody(body, SettingsFields);
        var given = read.Given;
        // Null clears the two optional settings; the others cannot be cleared and say so.
        double? weight = null;
        if (given.Contains("rankingResultsWeight") && (weight = read.Double("rankingResultsWeight")) is null)
        {
            CannotClear(read, "rankingResultsWeight");
        }
        var change = new WorkspaceSettingsChange(
            Name: given.Contains("name") ? read.String("name") ?? "" : null,
            TimeZone: Required(read, given, "timeZone"),
            BaseCurrency: Required(read, given, "baseCurrency"),
            Language: given.Contains("language") ? read.String("language") ?? "" : null,
            DefaultPipeline: Required(read, given, "defaultPipeline"),
            RankingResultsWeight: weight,
            LayerHighScore: RequiredNumber(read, given, "layerHighScore"),
            LayerLowScore: RequiredNumber(read, given, "layerLowScore"),
            // Null clears the large-deal amount (layers by score alone), which the change names as 0.
            LayerLargeAmount: given.Contains("layerLargeAmount") ? read.Decimal("layerLargeAmount") ?? 0 : null);
        if (!read.IsValid)
        {
            return ApiResults.Invalid(read.Errors);
        }
        try
        {
            var (settings, _) = await store.ChangeAsync(change, cancellationToken);
            // The host keeps the default language in memory for visitors not yet signed in: it follows at once.
            language.Set(settings.Language);
            return TypedResults.Ok(settings);
        }
        catch (DomainRuleException e)
        {
            return ApiResults.Invalid(e);
        }
    }

    private static string? Required(JsonBody read, IReadOnlySet<string> given, string field)
    {
        var value = given.Contains(field) ? read.String(field) : null;
        if (given.Contains(field) && value is null)
        {
            CannotClear(read, field);
        }
        return value;
    }

    private static double? RequiredNumber(JsonBody read, IReadOnlySet<string> given, string field)
    {
        var value = given.Contains(field) ? read.Double(field) : null;
        if (given.Contains(field) && value is null)
        {
            CannotClear(read, field);
        }
        return value;
    }

    // A wrong type was named already by the reader; Error keeps the first message of a field.
    private static void CannotClear(JsonBody read, string field) => read.Error(field, $"{field} cannot be cleared; leave it out to keep it.");

    private static async Task<Results<Ok<IReadOnlyList<ExchangeRateView>>, ProblemHttpResult>> ListRatesAsync(
        HttpRequest request, ExchangeRateStore store, CancellationToken cancellationToken) =>
        ApiResults.CheckQuery(request) is { } unknown ? unknown : TypedResults.Ok(await store.ListAsync(cancellationToken));

    private static async Task<Results<Created<ExchangeRateView>, Ok<ExchangeRateView>, ProblemHttpResult>> SetRateAsync(
        HttpRequest request, JsonElement body, ExchangeRateStore store, LoudouDbContext db, CancellationToken cancellationToken)
    {
        if (ApiResults.CheckQuery(request) is { } unknown)
        {
            return unknown;
        }
        if (!db.Scope.SeesAll)
        {
            return ApiResults.Forbidden("Exchange rates are set by admins.");
        }
        var read = new JsonBody(body, ["currency", "validFrom", "rateToBase"]);
        var currency = read.String("currency");
        var validFrom = read.Date("validFrom");
        var rate = read.Decimal("rateToBase");
        foreach (var (field, missing) in new[] { ("currency", currency is null), ("validFrom", validFrom is null), ("rateToBase", rate is null) })
        {
            if (missing && !read.Errors.ContainsKey(field))
            {
                read.Error(field, $"{field} is required.");
            }
        }
        if (!read.IsValid)
        {
            return ApiResults.Invalid(read.Errors);
        }
        try
        {
            var (view, created) = await store.SetAsync(currency!, validFrom!.Value, rate!.Value, cancellationToken);
            return created ? TypedResults.Created($"/api/v1/exchange-rates/{view.Id}", view) : TypedResults.Ok(view);
        }
        catch (DomainRuleException e)
        {
            return ApiResults.Invalid(e);
        }
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RemoveRateAsync(int id, HttpRequest request, ExchangeRateStore store, LoudouDbContext db, CancellationToken cancellationToken)
    {
        if (ApiResults.CheckQuery(request) is { } unknown)
        {
            return unknown;
        }
        if (!db.Scope.SeesAll)
        {
            return ApiResults.Forbidden("Exchange rates are set by admins.");
        }
        return await store.RemoveAsync(id, cancellationToken) ? TypedResults.NoContent() : ApiResults.NotFound("exchange rate", id);
    }
}

/// <summary>The settings a PATCH may change; each left out stays.</summary>
/// <param name="TimeZone">An IANA time zone such as Asia/Shanghai.</param>
/// <param name="BaseCurrency">ISO 4217, such as CNY; fixed once deals carry amounts or rates are set.</param>
/// <param name="Language">zh-CN or en: the pages' language for readers who chose none; null for zh-CN.</param>
/// <param name="DefaultPipeline">The key of the pipeline analyses and new deals use when none is named.</param>
/// <param name="RankingResultsWeight">The results part's share of the ranking's score, 0 to 1.</param>
/// <param name="LayerHighScore">A/B/C layers: a score at or above it is high (0 to 1; default 0.2).</param>
/// <param name="LayerLowScore">A score below it is low (from 0 to below the high score; default 0.08).</param>
/// <param name="LayerLargeAmount">A deal at or above this amount in the base currency is large and rises a layer; null layers by score alone (the default).</param>
public sealed record WorkspaceBody(
    string? Name = null, string? TimeZone = null, string? BaseCurrency = null, string? Language = null, string? DefaultPipeline = null, double? RankingResultsWeight = null,
    double? LayerHighScore = null, double? LayerLowScore = null, decimal? LayerLargeAmount = null);

/// <param name="Currency">ISO 4217, not the base currency.</param>
/// <param name="ValidFrom">The first day the rate is in force (yyyy-MM-dd).</param>
/// <param name="RateToBase">Units of the base currency one unit of the currency is worth; above 0.</param>
public sealed record ExchangeRateBody(string Currency, DateOnly ValidFrom, decimal RateToBase);
