using System.ComponentModel.DataAnnotations;
using Loudou.Core;
using Loudou.Core.Pipelines;
using Loudou.Storage;
using Loudou.Storage.Pipelines;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Web.Api;

/// <summary><c>/api/v1/pipelines</c>: the pipelines, their stages, gates and standard actions, for every signed-in user.</summary>
/// <remarks>
/// A pipeline is changed only as a whole pipeline file (docs/pipeline-files.md), here as with <c>loudou pipeline apply</c>
/// and the admin page, through the same parser and <see cref="PipelineStore.ApplyAsync"/>, so the rules and refusals are one.
/// </remarks>
public static class PipelinesApi
{
    public static void MapPipelinesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/pipelines").WithTags("Pipelines");
        api.MapGet("/", ListAsync).WithName("ListPipelines")
            .WithSummary("Every pipeline with its stages, their required actions and fields.").WithProblems();
        api.MapGet("/{key}", GetAsync).WithName("GetPipeline")
            .WithSummary("One pipeline by its key.").WithProblems(StatusCodes.Status404NotFound);
        api.MapPut("/{key}", ApplyAsync).WithName("ApplyPipeline").Accepts<PipelineFileBody>("application/json")
            .WithSummary("Creates the pipeline or brings it in line with a pipeline file (docs/pipeline-files.md), all or nothing, admins only, as `loudou pipeline apply` does: "
                + "every problem of the file is named by its JSON path (400); dropping a stage that deals are in or that history mentions, or changing its kind, is refused (409).")
            .WithProblems(StatusCodes.Status403Forbidden, StatusCodes.Status409Conflict);
    }

    private static async Task<Results<Ok<PipelineApplied>, ProblemHttpResult>> ApplyAsync(string key, HttpRequest request, PipelineStore store, LoudouDbContext db, CancellationToken cancellationToken)
    {
        if (ApiResults.CheckQuery(request) is { } unknown)
        {
            return unknown;
        }
        if (!db.Scope.SeesAll)
        {
            return ApiResults.Forbidden("Pipelines are defined by admins.");
        }
        using var reader = new StreamReader(request.Body);
        var parsed = await store.ParseAsync(await reader.ReadToEndAsync(cancellationToken), cancellationToken);
        if (parsed.Definition is not { } definition)
        {
            return ApiResults.Invalid(parsed.Errors.GroupBy(e => e.Path, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray(), StringComparer.Ordinal));
        }
        if (definition.Key != key)
        {
            return ApiResults.Invalid(new Dictionary<string, string[]> { ["$.key"] = [$"is '{definition.Key}', but the address names the pipeline '{key}'."] });
        }
        var applied = await store.ApplyAsync(definition, cancellationToken);
        if (applied.Pipeline is not { } pipeline)
        {
            return ApiResults.Problem(StatusCodes.Status409Conflict, "The pipeline cannot be changed so.", applied.Error!);
        }
        var isDefault = pipeline.Id == await DefaultIdAsync(db, cancellationToken);
        return TypedResults.Ok(new PipelineApplied(applied.Created, applied.DroppedCompletions, PipelineResource.From(pipeline, isDefault)));
    }

    private static async Task<Results<Ok<IReadOnlyList<PipelineResource>>, ProblemHttpResult>> ListAsync(HttpRequest request, LoudouDbContext db, CancellationToken cancellationToken)
    {
        if (ApiResults.CheckQuery(request) is { } unknown)
        {
            return unknown;
        }
        var defaultId = await DefaultIdAsync(db, cancellationToken);
        var pipelines = await db.Pipelines.AsNoTracking().OrderBy(p => p.Id).ToListAsync(cancellationToken);
        return TypedResults.Ok<IReadOnlyList<PipelineResource>>([.. pipelines.Select(p => PipelineResource.From(p, p.Id == defaultId))]);
    }

    private static async Task<Results<Ok<PipelineResource>, ProblemHttpResult>> GetAsync(string key, LoudouDbContext db, CancellationToken cancellationToken)
    {
        // A key is letters, digits and dashes (docs/pipeline-files.md); one with a NUL names nothing and cannot be sent to PostgreSQL.
        var pipeline = key.Contains('\0', StringComparison.Ordinal) ? null : await db.Pipelines.AsNoTracking().SingleOrDefaultAsync(p => p.Key == key, cancellationToken);
        return pipeline is null
            ? ApiResults.NotFound("pipeline", key)
            : TypedResults.Ok(PipelineResource.From(pipeline, pipeline.Id == await DefaultIdAsync(db, cancellationToken)));
    }

    private static Task<int?> DefaultIdAsync(LoudouDbContext db, CancellationToken cancellationToken) =>
        db.WorkspaceSettings.AsNoTracking().Select(s => s.DefaultPipelineId).SingleOrDefaultAsync(cancellationToken);
}

/// <summary>What applying a pipeline file did.</summary>
/// <param name="Created">True when the file's key was new.</param>
/// <param name="DroppedCompletions">Completions on deals removed with the actions the file left out.</param>
public sealed record PipelineApplied(bool Created, int DroppedCompletions, PipelineResource Pipeline);

/// <summary>A pipeline file (docs/pipeline-files.md); a text is {"zh-CN": …, "en": …} or one string for both.</summary>
/// <param name="Default">true makes it the workspace's default pipeline; false or absent leaves the default as it is.</param>
public sealed record PipelineFileBody(string Key, TextBody Name, IReadOnlyList<StageFileBody> Stages, bool? Default = null);

/// <param name="Kind">open, won or lost.</param>
/// <param name="Probability">0 to 1; required for an open stage.</param>
/// <param name="RequiredFields">Deal fields (built-in or custom keys) a deal needs to leave the stage forwards.</param>
public sealed record StageFileBody(string Key, TextBody Name, [property: AllowedValues("open", "won", "lost")] string Kind, double? Probability = null, TextBody? Goal = null,
    int? RottingDays = null, int? FirstResponseSlaHours = null, string? Color = null, IReadOnlyList<ActionFileBody>? Actions = null, IReadOnlyList<string>? RequiredFields = null);

/// <param name="Required">Default true: part of the stage's gate; false makes it a recommendation.</param>
public sealed record ActionFileBody(string Key, TextBody Text, bool? Required = null);

/// <summary>A text by language.</summary>
public sealed record TextBody([property: System.Text.Json.Serialization.JsonPropertyName("zh-CN")] string? ZhCn = null, string? En = null);

/// <summary>A pipeline in the API; names by language ("zh-CN", "en").</summary>
public sealed record PipelineResource(string Key, IReadOnlyDictionary<string, string> Name, bool IsDefault, IReadOnlyList<StageResource> Stages)
{
    public static PipelineResource From(Pipeline pipeline, bool isDefault) => new(
        pipeline.Key,
        Names(pipeline.Name),
        isDefault,
        [.. pipeline.Stages.Select(s => new StageResource(
            s.Key,
            Names(s.Name),
            s.Kind switch { StageKind.Won => "won", StageKind.Lost => "lost", _ => "open" },
            s.Position,
            s.DefaultProbability,
            s.RottingDays,
            s.FirstResponseSlaHours,
            s.RequiredFields,
            [.. s.Actions.Select(a => new StageActionResource(a.Key, Names(a.Text), a.Required))]))]);

    internal static IReadOnlyDictionary<string, string> Names(LocalizedText text) => new Dictionary<string, string> { ["zh-CN"] = text.ZhCn, ["en"] = text.En };
}

/// <summary>A stage: its kind ("open", "won", "lost"), default win probability, and what its gate requires to leave it forwards.</summary>
public sealed record StageResource(string Key, IReadOnlyDictionary<string, string> Name, [property: AllowedValues("open", "won", "lost")] string Kind, int Position, double Probability, int? RottingDays, int? FirstResponseSlaHours,
    IReadOnlyList<string> RequiredFields, IReadOnlyList<StageActionResource> Actions);

/// <summary>A standard action of a stage; a required one is part of the stage's gate.</summary>
public sealed record StageActionResource(string Key, IReadOnlyDictionary<string, string> Text, bool Required);
