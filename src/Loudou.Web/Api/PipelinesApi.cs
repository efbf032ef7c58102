using System.ComponentModel.DataAnnotations;
using Loudou.Core;
using Loudou.Core.Pipelines;
using Loudou.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Web.Api;

/// <summary><c>/api/v1/pipelines</c>: the pipelines, their stages, gates and standard actions, for every signed-in user.</summary>
/// <remarks>
/// Read-only here: a pipeline is changed as a file (<c>loudou pipeline apply</c>, docs/pipeline-files.md),
/// so that its history is reviewable and the same on every installation.
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
