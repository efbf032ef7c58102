using System.ComponentModel;
using System.Text.Json.Nodes;
using Loudou.Core;
using Loudou.Core.Analytics;
using Loudou.Core.Targets;
using Loudou.Storage.Targets;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Loudou.Web.Api;

/// <summary>
/// <c>/api/v1/targets</c>: conversion targets per stage (workspace-wide or per team, standing or for a month) and monthly
/// won-amount and won-count targets (workspace, team, rep), in the targets file's format (docs/targets-files.md), so
/// <c>loudou targets list --format json</c>, this answer and <c>loudou targets apply</c> read and write one document.
/// </summary>
/// <remarks>Admins read and set all; managers read the workspace's and their team's and set their team's; reps read what concerns them.</remarks>
public static class TargetsApi
{
    private static readonly IReadOnlySet<string> Parameters = new HashSet<string>(["pipeline", "month"], StringComparer.OrdinalIgnoreCase);

    public static void MapTargetsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/targets").WithTags("Targets");
        api.MapGet("/", ReadAsync).WithName("ReadTargets")
            .WithSummary("The targets the caller may see, as a targets file: conversion per stage (standing, and the month's when month is given) and the sales targets (of the month, or all).")
            .WithProblems(StatusCodes.Status404NotFound);
        api.MapPut("/", ApplyAsync).WithName("ApplyTargets").Accepts<TargetsBody>("application/json")
            .WithSummary("Sets the targets a targets file lists (docs/targets-files.md), all or nothing: every problem is named by its JSON path; targets not listed stay as they are. "
                + "Admins set any; managers their team's and their reps'. Answers the pipeline's targets after.")
            .WithProblems(StatusCodes.Status404NotFound);
    }

    private static async Task<Results<Ok<JsonNode>, ProblemHttpResult>> ReadAsync(
        HttpRequest request, TargetStore store,
        [Description("The pipeline's key; the workspace's default pipeline when left out.")] string? pipeline,
        [Description("A month, YYYY-MM: its targets beside the standing ones; every month when left out.")] string? month,
        CancellationToken cancellationToken)
    {
        var errors = ApiResults.CheckListQuery(request, Parameters, null, null);
        DateOnly? asked = null;
        Storage.Records.RecordWrites.Check(errors, () => asked = AnalysisText.Month(month));
        if (errors.Count > 0)
        {
            return ApiResults.Invalid(errors);
        }
        try
        {
            return TypedResults.Ok(JsonNode.Parse(TargetsFile.Write(await store.ReadAsync(ApiResults.Given(pipeline), asked, cancellationToken)))!);
        }
        catch (DomainRuleException e) when (e.Field == "pipeline")
        {
            return ApiResults.Problem(StatusCodes.Status404NotFound, "No such pipeline.", e.Message);
        }
    }

    private static async Task<Results<Ok<JsonNode>, ProblemHttpResult>> ApplyAsync(HttpRequest request, TargetStore store, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(request.Body);
        var parsed = TargetsFile.Parse(await reader.ReadToEndAsync(cancellationToken));
        if (parsed.Document is not { } document)
        {
            return Invalid(parsed.Errors);
        }
        var applied = await store.ApplyAsync(document, cancellationToken);
        return applied.Applied is { } after ? TypedResults.Ok(JsonNode.Parse(TargetsFile.Write(after))!) : Invalid(applied.Errors);
    }

    /// <summary>One 400 naming every problem by its JSON path (<c>$.conversion[0].stage</c>), as the CLI prints them.</summary>
    private static ProblemHttpResult Invalid(IReadOnlyList<TargetsFileError> errors) =>
        ApiResults.Invalid(errors.GroupBy(e => e.Path, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray(), StringComparer.Ordinal));
}

/// <summary>A targets file (docs/targets-files.md).</summary>
/// <param name="Pipeline">The pipeline's key; the default pipeline when left out.</param>
public sealed record TargetsBody(string? Pipeline = null, IReadOnlyList<ConversionTargetBody>? Conversion = null, IReadOnlyList<SalesTargetBody>? Sales = null);

/// <param name="Stage">An open stage's key, such as "needs".</param>
/// <param name="Team">A team's name; the whole workspace when left out.</param>
/// <param name="Month">YYYY-MM; every month (standing) when left out.</param>
/// <param name="Rate">Step conversion, 0 to 1; null removes the target.</param>
public sealed record ConversionTargetBody(string Stage, double? Rate, string? Team = null, string? Month = null);

/// <param name="Month">YYYY-MM.</param>
/// <param name="Team">A team's name (not with rep); the whole workspace when neither is given.</param>
/// <param name="Rep">A rep's login (not with team).</param>
/// <param name="WonAmount">Won amount in the base currency.</param>
/// <param name="WonCount">Won deals.</param>
/// <param name="Remove">true removes the target.</param>
public sealed record SalesTargetBody(string Month, string? Team = null, string? Rep = null, decimal? WonAmount = null, int? WonCount = null, bool? Remove = null);
