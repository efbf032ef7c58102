using System.Text.Json.Nodes;
using Loudou.Core.Access;
using Loudou.Core.Deals;
using Loudou.Core.Pipelines;
using Loudou.Storage.Records;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Storage.Pipelines;

/// <summary>Creates, updates and lists pipelines.</summary>
/// <remarks>
/// An apply that changes a pipeline is audited as deal changes are (entity type "pipeline"): the pipeline file before
/// and after, in the same transaction as the change; one that changes nothing writes no entry.
/// </remarks>
public sealed class PipelineStore(LoudouDbContext db, TimeProvider? clock = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

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
    /// All or nothing. A change is refused whole when a stage that deals are in, or that their
    /// history mentions, would be dropped or change kind: either would rewrite what past deals mean
    /// (a deal in a stage that became Won would be won without a close date). Stages and actions
    /// are matched by key, so ids survive; a dropped action takes its completions with it, and the
    /// result says how many.
    /// </remarks>
    public async Task<PipelineApplyResult> ApplyAsync(PipelineDefinition definition, CancellationToken cancellationToken = default)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var pipeline = await db.Pipelines.FirstOrDefaultAsync(p => p.Key == definition.Key, cancellationToken);
        var created = pipeline is null;
        var droppedCompletions = 0;
        var defaultId = await db.WorkspaceSettings.Select(s => s.DefaultPipelineId).SingleOrDefaultAsync(cancellationToken);
        var before = pipeline is null ? null : AuditForm(pipeline.ToDefinition(pipeline.Id == defaultId));
        if (pipeline is null)
        {
            pipeline = Pipeline.Create(definition);
            db.Pipelines.Add(pipeline);
        }
        else
        {
            var kindsBefore = pipeline.Stages.ToDictionary(s => s.Key, s => (s.Id, s.Kind));
            var actionsBefore = pipeline.Stages.SelectMany(s => s.Actions).ToList();
            var removed = pipeline.Apply(definition);
            var reKinded = definition.Stages
                .Where(d => kindsBefore.TryGetValue(d.Key, out var before) && before.Kind != d.Kind)
                .Select(d => (Key: d.Key, kindsBefore[d.Key].Id))
                .ToList();
            var touched = removed.Select(s => (s.Key, s.Id)).Concat(reKinded).ToList();
            var touchedIds = touched.Select(t => t.Id).ToList();
            var inUse = await db.Deals.Where(d => touchedIds.Contains(d.StageId)).Select(d => d.StageId)
                .Union(db.StageTransitions.Where(t => touchedIds.Contains(t.StageId)).Select(t => t.StageId))
                .ToListAsync(cancellationToken);
            if (inUse.Count > 0)
            {
                db.ChangeTracker.Clear();
                var dropped = removed.Where(s => inUse.Contains(s.Id)).Select(s => $"'{s.Key}'").ToList();
                var changed = reKinded.Where(s => inUse.Contains(s.Id)).Select(s => $"'{s.Key}'").ToList();
                var problems = new List<string>();
                if (dropped.Count > 0)
                {
                    problems.Add($"stage(s) {string.Join(", ", dropped)} would be dropped");
                }
                if (changed.Count > 0)
                {
                    problems.Add($"stage(s) {string.Join(", ", changed)} would change kind");
                }
                return PipelineApplyResult.Refused(
                    $"$.stages: {string.Join(" and ", problems)}, but deals are in them or their history mentions them; keep them as they are (renaming is fine) or move those deals first.");
            }
            var remaining = pipeline.Stages.SelectMany(s => s.Actions).ToHashSet();
            var droppedActionIds = actionsBefore.Where(a => !remaining.Contains(a)).Select(a => a.Id).ToList();
            droppedCompletions = await db.ActionCompletions.CountAsync(c => droppedActionIds.Contains(c.StageActionId), cancellationToken);
        }
        await db.SaveChangesAsync(cancellationToken);
        if (definition.IsDefault)
        {
            var settings = await db.WorkspaceSettings.SingleAsync(cancellationToken);
            settings.MakeDefault(pipeline);
            await db.SaveChangesAsync(cancellationToken);
        }
        var after = AuditForm(pipeline.ToDefinition(definition.IsDefault || pipeline.Id == defaultId));
        if (before?.ToJsonString() != after.ToJsonString())
        {
            AuditEntityTypes.Record(db, _clock.GetUtcNow(), AuditEntityTypes.Pipeline, pipeline.Id, created ? AuditAction.Create : AuditAction.Update, before, after,
                droppedCompletions > 0 ? $"{droppedCompletions} completion(s) of dropped actions removed" : null);
            await db.SaveChangesAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return PipelineApplyResult.Done(pipeline, created, droppedCompletions);
    }

    /// <summary>How many completions on deals applying <paramref name="definition"/> would remove with the actions it leaves out; 0 for a new pipeline.</summary>
    /// <remarks>Lets a form ask before a save that takes completions with it; <see cref="ApplyAsync"/> still reports what it did.</remarks>
    public async Task<int> DroppedCompletionsAsync(PipelineDefinition definition, CancellationToken cancellationToken = default)
    {
        var pipeline = await db.Pipelines.AsNoTracking().FirstOrDefaultAsync(p => p.Key == definition.Key, cancellationToken);
        if (pipeline is null)
        {
            return 0;
        }
        // Only the kept stages count: a dropped stage with completions has had deals, so the apply is refused anyway.
        var stages = definition.Stages.Select(s => s.Key).ToHashSet(StringComparer.Ordinal);
        var kept = definition.Stages.SelectMany(s => s.Actions.Select(a => (Stage: s.Key, Action: a.Key))).ToHashSet();
        var dropped = pipeline.Stages.Where(s => stages.Contains(s.Key))
            .SelectMany(s => s.Actions.Where(a => !kept.Contains((s.Key, a.Key))).Select(a => a.Id)).ToList();
        return dropped.Count == 0 ? 0 : await db.ActionCompletions.CountAsync(c => dropped.Contains(c.StageActionId), cancellationToken);
    }

    /// <summary>A pipeline as the audit log keeps it: its pipeline file (docs/pipeline-files.md).</summary>
    private static JsonNode AuditForm(PipelineDefinition definition) => JsonNode.Parse(PipelineFile.Write(definition))!;

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
/// <param name="DroppedCompletions">Completions on deals removed with the actions the definition dropped.</param>
public sealed record PipelineApplyResult(Pipeline? Pipeline, bool Created, int DroppedCompletions, string? Error)
{
    public static PipelineApplyResult Done(Pipeline pipeline, bool created, int droppedCompletions) => new(pipeline, created, droppedCompletions, null);

    public static PipelineApplyResult Refused(string error) => new(null, false, 0, error);
}
