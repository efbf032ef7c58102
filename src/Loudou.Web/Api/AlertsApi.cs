using System.ComponentModel;
using System.Text.Json.Nodes;
using Loudou.Core;
using Loudou.Core.Alerts.Rules;
using Loudou.Core.Analytics;
using Loudou.Storage;
using Loudou.Storage.Alerts;
using Loudou.Web.Analytics;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Loudou.Web.Api;

/// <summary>
/// <c>/api/v1/alerts</c>: alert rules in the rules file's format (docs/alert-files.md), so <c>loudou alerts list --format json</c>,
/// this answer and <c>loudou alerts apply</c> read and write one document; the episodes; and a run on demand.
/// </summary>
/// <remarks>
/// Admins see and set every rule and run them. A manager sees the rules on their own team's segment and their episodes; the
/// workspace-wide rules and those on other segments mix every team's deals, so they are the admins' (docs/access.md). Reps see none.
/// </remarks>
public static class AlertsApi
{
    public static void MapAlertsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/alerts").WithTags("Alerts");
        api.MapGet("/", EpisodesAsync).WithName("ListAlerts")
            .WithSummary("The alerts the caller may see: open episodes first, then cleared ones, each with its numbers, interval, baseline, windows and links to the dashboard view and its deals.")
            .WithProblems();
        api.MapGet("/rules", RulesAsync).WithName("ListAlertRules")
            .WithSummary("The alert rules the caller may see, as a rules file.")
            .WithProblems();
        api.MapPut("/rules", ApplyAsync).WithName("ApplyAlertRules").Accepts<AlertsBody>("application/json")
            .WithSummary("Sets the rules a rules file lists (docs/alert-files.md), all or nothing, admins only: every problem is named by its JSON path, "
                + "including a stage, team or segment value that does not exist; rules not listed stay as they are. Answers every rule after.")
            .WithProblems(StatusCodes.Status403Forbidden);
        api.MapPost("/run", RunAsync).WithName("RunAlerts")
            .WithSummary("Evaluates every enabled rule now, together, records episodes and notifies (admins only): each rule's result, fired, open, cleared or quiet, with its numbers.")
            .WithProblems(StatusCodes.Status403Forbidden);
    }

    private static async Task<Results<Ok<JsonNode>, ProblemHttpResult>> EpisodesAsync(HttpRequest request, AlertStore store, LoudouDbContext db, CancellationToken cancellationToken)
    {
        if (ApiResults.CheckQuery(request) is { } unknown)
        {
            return unknown;
        }
        var calendar = (await WorkspaceProfile.ReadAsync(db, cancellationToken)).Calendar;
        return TypedResults.Ok<JsonNode>(AlertsJson.Episodes(await store.ListEpisodesAsync(cancellationToken: cancellationToken), calendar));
    }

    private static async Task<Results<Ok<JsonNode>, ProblemHttpResult>> RulesAsync(HttpRequest request, AlertStore store, CancellationToken cancellationToken) =>
        ApiResults.CheckQuery(request) is { } unknown ? unknown : TypedResults.Ok(await RulesNodeAsync(store, cancellationToken));

    private static async Task<Results<Ok<JsonNode>, ProblemHttpResult>> ApplyAsync(HttpRequest request, AlertStore store, LoudouDbContext db, CancellationToken cancellationToken)
    {
        if (ApiResults.CheckQuery(request) is { } unknown)
        {
            return unknown;
        }
        if (!db.Scope.SeesAll)
        {
            return ApiResults.Forbidden("Alert rules are set by admins.");
        }
        using var reader = new StreamReader(request.Body);
        var parsed = AlertsFile.Parse(await reader.ReadToEndAsync(cancellationToken));
        if (parsed.Document is not { } document)
        {
            return Invalid(parsed.Errors);
        }
        var applied = await store.ApplyAsync(document, cancellationToken);
        return applied.Applied is not null ? TypedResults.Ok(await RulesNodeAsync(store, cancellationToken)) : Invalid(applied.Errors);
    }

    private static async Task<Results<Ok<JsonNode>, ProblemHttpResult>> RunAsync(
        HttpRequest request, LoudouDbContext db, AnalyticsSnapshots snapshots, TimeProvider clock,
        [Description("The moment evaluated: YYYY-MM-DD (the end of that local day) or an ISO date-time; the latest data when left out.")] string? asOf,
        CancellationToken cancellationToken)
    {
        if (ApiResults.CheckQuery(request, "asOf") is { } unknown)
        {
            return unknown;
        }
        if (!db.Scope.SeesAll)
        {
            return ApiResults.Forbidden("Alert rules are run by admins.");
        }
        var snapshot = (await snapshots.GetAsync(null, cancellationToken)).Columns;
        DateTimeOffset? moment;
        try
        {
            moment = AnalysisText.Moment(ApiResults.Given(asOf), snapshot.Calendar);
        }
        catch (DomainRuleException e)
        {
            return ApiResults.Invalid(new Dictionary<string, string[]> { ["asOf"] = [e.Message] });
        }
        var result = await new AlertRun(db).RunAsync(snapshot, moment, clock.GetUtcNow(), null, cancellationToken);
        return TypedResults.Ok<JsonNode>(AlertsJson.Run(result, snapshot.Calendar.Zone));
    }

    private static async Task<JsonNode> RulesNodeAsync(AlertStore store, CancellationToken cancellationToken) =>
        AlertJson.Rules((await store.ListRulesAsync(cancellationToken)).Where(r => r.Condition is not null).Select((r, i) => r.Entry(i)));

    /// <summary>One 400 naming every problem by its JSON path (<c>$.rules[0].condition.stage</c>), as the CLI prints them.</summary>
    private static ProblemHttpResult Invalid(IReadOnlyList<AlertsFileError> errors) =>
        ApiResults.Invalid(errors.GroupBy(e => e.Path, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray(), StringComparer.Ordinal));
}

/// <summary>An alert rules file (docs/alert-files.md).</summary>
public sealed record AlertsBody(IReadOnlyList<AlertRuleBody> Rules);

/// <param name="Key">Stable key: lower-case letters, digits and dashes.</param>
/// <param name="Name">The rule's name in Chinese and English (a plain text is accepted too).</param>
/// <param name="Schedule">Five-field cron in the workspace time zone; every day at 08:00 when left out.</param>
/// <param name="Channels">inApp, email, webhook, weCom, dingTalk, feishu; inApp when left out.</param>
/// <param name="Owner">Login of the person notified; the admins (and a team segment's manager) when left out.</param>
/// <param name="Remove">true deletes the rule and its episodes.</param>
public sealed record AlertRuleBody(
    string Key, AlertNameBody? Name = null, AlertConditionBody? Condition = null, string? Schedule = null, IReadOnlyList<string>? Channels = null,
    bool? Enabled = null, string? Owner = null, bool? Remove = null);

public sealed record AlertNameBody(string? Zh = null, string? En = null);

/// <param name="Metric">conversion, winRate, timeInStage, newLeads or wonAmount.</param>
/// <param name="Stage">An open stage's key, for conversion and timeInStage.</param>
/// <param name="Segment">The deals watched; the whole workspace when left out.</param>
/// <param name="Threshold">A line (exactly one of threshold and change).</param>
/// <param name="Change">A significant change against the baseline window.</param>
/// <param name="EvaluationMonths">Full months evaluated, before the as-of month; 3 when left out.</param>
/// <param name="BaselineMonths">Full months before them compared against; 6 when left out.</param>
/// <param name="MinN">Minimum exits, stays or deals on each side; 30 when left out.</param>
public sealed record AlertConditionBody(
    string Metric, string? Stage = null, AlertSegmentBody? Segment = null, AlertThresholdBody? Threshold = null, AlertChangeBody? Change = null,
    int? EvaluationMonths = null, int? BaselineMonths = null, int? MinN = null);

/// <param name="Dimension">team, channel, owner, industry, sizeBand, region, product, tag or custom.KEY.</param>
public sealed record AlertSegmentBody(string Dimension, string Value);

/// <param name="BelowTarget">true: a stage's conversion below its conversion target.</param>
public sealed record AlertThresholdBody(double? Below = null, double? Above = null, bool? BelowTarget = null);

/// <param name="Direction">down, up or both (the default).</param>
public sealed record AlertChangeBody(string? Direction = null);
