using Loudou.Core.Deals;
using Loudou.Core.Pipelines;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Storage.Pipelines;

/// <summary>Creates, updates and lists pipelines.</summary>
public sealed class PipelineStore(LoudouDbContext db)
{
    /// <summary>The field keys a stage may require: the built-in deal fields and the workspace's custom fields.</summary>
    public async Task<IReadOnlySet<string>> KnownFieldsAsync(CancellationToken cancellationToken = default)
    {
        var custom = await db.CustomFields.Select(f => f.Key).ToListAsync(cancellationToken);
        return DealFields.BuiltIn.Concat(custom).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Parses and validates a pipeline file against this workspace's fields.</summary>
    public async Task<PipelineFileResult> ParseAsync(string json, CancellationToken cancellationToken = default) =>
        PipelineFile.Parse(json, await KnownFieldsAsync(cancellationToken));

    /// <summary>Creates the pipeline or brings the one with the same key in line with the definition.</summary>
    /// <remarks>
    /// All or nothing: a stage that the definition drops while deals or history still point at it
    /// refuses the whole change. Stages and actions are matched by key, so ids survive.
    /// </remarks>
    public async Task<PipelineApplyResult> ApplyAsync(PipelineDefinition definition, CancellationToken cancellationToken = default)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var pipeline = await db.Pipelines.FirstOrDefaultAsync(p => p.Key == definition.Key, cancellationToken);
        var created = pipeline is null;
        if (pipeline is null)
        {
            pipeline = Pipeline.Create(definition);
            db.Pipelines.Add(pipeline);
        }
        else
        {
            var removed = pipeline.Apply(definition);
            var removedIds = removed.Select(s => s.Id).ToList();
            var inUse = await db.Deals.Where(d => removedIds.Contains(d.StageId)).Select(d => d.StageId)
                .Union(db.StageTransitions.Where(t => removedIds.Contains(t.StageId)).Select(t => t.StageId))
                .Distinct()
                .ToListAsync(cancellationToken);
            if (inUse.Count > 0)
            {
                db.ChangeTracker.Clear();
                var keys = removed.Where(s => inUse.Contains(s.Id)).Select(s => s.Key);
                return PipelineApplyResult.Refused(
                    $"$.stages: stage(s) {string.Join(", ", keys.Select(k => $"'{k}'"))} of pipeline '{definition.Key}' still hold deals or stage history; keep them in the file (they may be renamed) or move those deals first.");
            }
        }
        await db.SaveChangesAsync(cancellationToken);
        if (definition.IsDefault)
        {
            var settings = await db.WorkspaceSettings.SingleAsync(cancellationToken);
            settings.MakeDefault(pipeline);
            await db.SaveChangesAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return PipelineApplyResult.Done(pipeline, created);
    }

    /// <summary>Every pipeline with its stages and how many deals each stage holds now.</summary>
    public async Task<IReadOnlyList<PipelineSummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        var pipelines = await db.Pipelines.AsNoTracking().OrderBy(p => p.Key).ToListAsync(cancellationToken);
        var defaultId = await db.WorkspaceSettings.Select(s => s.DefaultPipelineId).SingleOrDefaultAsync(cancellationToken);
        var counts = await db.Deals.GroupBy(d => d.StageId)
            .Select(g => new { StageId = g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.StageId, x => x.Count, cancellationToken);
        return [.. pipelines.Select(p => new PipelineSummary(
            p,
            p.Id == defaultId,
            p.Stages.ToDictionary(s => s.Key, s => counts.GetValueOrDefault(s.Id))))];
    }
}

/// <summary>A pipeline as <c>loudou pipeline list</c> shows it.</summary>
/// <param name="DealsByStage">Deals now in each stage, by stage key.</param>
public sealed record PipelineSummary(Pipeline Pipeline, bool IsDefault, IReadOnlyDictionary<string, int> DealsByStage)
{
    public int DealCount => DealsByStage.Values.Sum();
}

/// <summary>What applying a pipeline definition did, or why it changed nothing.</summary>
public sealed record PipelineApplyResult(Pipeline? Pipeline, bool Created, string? Error)
{
    public static PipelineApplyResult Done(Pipeline pipeline, bool created) => new(pipeline, created, null);

    public static PipelineApplyResult Refused(string error) => new(null, false, error);
}
