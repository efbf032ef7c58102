using System.Text.Json.Nodes;
using Loudou.Core;
using Loudou.Core.Scoring;
using Loudou.Storage;
using Loudou.Storage.Pipelines;
using Loudou.Storage.Scoring;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Scoring;

/// <summary>What a training run did: the stored model's report, or why nothing changed.</summary>
/// <param name="Scored">Open deals scored with the new model.</param>
public sealed record TrainOutcome(JsonObject? Report, string? Refusal, bool TooFew, int Scored);

/// <summary>A deal's stored score with the model it came from.</summary>
public sealed record DealScoreView(long DealId, string Pipeline, double Score, DateTimeOffset ScoredAt, int ModelId, string Model, DateTimeOffset TrainedAt, JsonArray Factors);

/// <summary>Trains, reports and applies a pipeline's scoring model in the database: the one path of the CLI, the API and the scheduled refresh.</summary>
/// <remarks>
/// Training keeps every model it stores and marks the new one active (the previous ones retired, with their reports); a run that
/// trains nothing changes nothing. Open deals have current scores; a closed deal's score is kept as final (its last while open,
/// or its held-out score from cross-validation) only for the A/B/C layers' funnels, and shown nowhere else, since its outcome
/// is known. Run with a context that sees every deal (the operator's, or an admin's).
/// </remarks>
public sealed class ScoringService(LoudouDbContext db, TimeProvider clock)
{
    /// <summary>Trains on the pipeline's closed deals, stores the model with its report, makes it active and scores the open deals.</summary>
    /// <exception cref="DomainRuleException">Field "pipeline": no such pipeline.</exception>
    public async Task<TrainOutcome> TrainAsync(string? pipelineKey, ScoringSettings settings, CancellationToken cancellationToken = default)
    {
        var pipeline = await PipelineAsync(pipelineKey, cancellationToken);
        var input = await ScoringInputs.LoadAsync(db, pipeline, cancellationToken: cancellationToken);
        var now = clock.GetUtcNow();
        var result = ScoringTraining.Train(pipeline.Key, input.Shape, input.Deals, settings, now);
        if (result.Report is not { } report)
        {
            return new TrainOutcome(null, result.Refusal, result.TooFew, 0);
        }
        var json = ScoringReportJson.Write(report);
        var model = ScoringModel.Create(pipeline.Id, now, report.Model, json.ToJsonString(), result.Model!);
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            foreach (var old in await db.ScoringModels.Where(m => m.PipelineId == pipeline.Id && m.IsActive).ToListAsync(cancellationToken))
            {
                old.Retire();
            }
            model.Activate();
            db.ScoringModels.Add(model);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        // The old models' scores go; the closed deals get their held-out scores and the open deals the new model's, at once.
        await db.DealScores.Where(s => db.ScoringModels.Any(m => m.Id == s.ScoringModelId && m.PipelineId == pipeline.Id && !m.IsActive)).ExecuteDeleteAsync(cancellationToken);
        await StoreHeldOutAsync(model.Id, result.HeldOut ?? [], now, cancellationToken);
        var scored = await ApplyAsync(pipeline, null, cancellationToken);
        json["modelId"] = model.Id;
        return new TrainOutcome(json, null, false, scored);
    }

    /// <summary>The active model's report, with its id; null when the pipeline has no model.</summary>
    public async Task<JsonObject?> ReportAsync(string? pipelineKey, CancellationToken cancellationToken = default)
    {
        var pipeline = await PipelineAsync(pipelineKey, cancellationToken);
        var active = await db.ScoringModels.AsNoTracking().Where(m => m.PipelineId == pipeline.Id && m.IsActive)
            .Select(m => new { m.Id, m.Report }).SingleOrDefaultAsync(cancellationToken);
        if (active is null)
        {
            return null;
        }
        var json = JsonNode.Parse(active.Report)!.AsObject();
        json["modelId"] = active.Id;
        return json;
    }

    /// <summary>Scores the pipeline's open deals (or those of <paramref name="deals"/>) with its active model, as of now.</summary>
    /// <returns>Deals scored; 0 when the pipeline has no model.</returns>
    public async Task<int> ApplyAsync(string? pipelineKey, IReadOnlyCollection<long>? deals = null, CancellationToken cancellationToken = default) =>
        await ApplyAsync(await PipelineAsync(pipelineKey, cancellationToken), deals, cancellationToken);

    /// <summary>Scores the changed deals of every pipeline with a model; null <paramref name="deals"/> rescores every open deal.</summary>
    public async Task<int> RefreshAsync(IReadOnlyCollection<long>? deals, CancellationToken cancellationToken = default)
    {
        var pipelines = await db.ScoringModels.AsNoTracking().Where(m => m.IsActive).Select(m => m.PipelineId).Distinct().ToListAsync(cancellationToken);
        var scored = 0;
        foreach (var id in pipelines)
        {
            var pipeline = await db.Pipelines.AsNoTracking().SingleAsync(p => p.Id == id, cancellationToken);
            scored += await ApplyAsync(pipeline, deals, cancellationToken);
        }
        return scored;
    }

    /// <summary>A deal's score from its pipeline's active model, in the context's scope; null when it has none.</summary>
    public async Task<DealScoreView?> ScoreOfAsync(long dealId, CancellationToken cancellationToken = default)
    {
        var row = await db.ActiveDealScores.AsNoTracking()
            .Where(s => s.DealId == dealId)
            .Join(db.ScoringModels, s => s.ScoringModelId, m => m.Id, (s, m) => new { s.Score, s.ScoredAt, s.Factors, m.Id, m.Algorithm, m.TrainedAt, m.PipelineId })
            .FirstOrDefaultAsync(cancellationToken);
        if (row is null)
        {
            return null;
        }
        var pipeline = await db.Pipelines.AsNoTracking().Where(p => p.Id == row.PipelineId).Select(p => p.Key).SingleAsync(cancellationToken);
        return new DealScoreView(dealId, pipeline, row.Score, row.ScoredAt, row.Id, row.Algorithm, row.TrainedAt, JsonNode.Parse(row.Factors)!.AsArray());
    }

    private async Task<int> ApplyAsync(Core.Pipelines.Pipeline pipeline, IReadOnlyCollection<long>? deals, CancellationToken cancellationToken)
    {
        var active = await db.ScoringModels.AsNoTracking().Where(m => m.PipelineId == pipeline.Id && m.IsActive)
            .Select(m => new { m.Id }).SingleOrDefaultAsync(cancellationToken);
        if (active is null)
        {
            return 0;
        }
        var model = ModelCache.TryGet(active.Id)
            ?? ModelCache.Get(active.Id, await db.ScoringModels.AsNoTracking().Where(m => m.Id == active.Id).Select(m => m.Model).SingleAsync(cancellationToken));
        var input = await ScoringInputs.LoadAsync(db, pipeline, deals, openOnly: true, cancellationToken);
        var scored = DealScorer.For(model, input.Shape).Score(input.Deals, clock.GetUtcNow(), explain: true);
        var layers = await DealLayers.LoadAsync(db, [.. scored.Select(s => s.DealId)], cancellationToken);
        var now = clock.GetUtcNow();
        var openStages = pipeline.Stages.Where(s => s.IsOpen).Select(s => s.Id).ToList();
        var pipelineId = pipeline.Id;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Scores of deals that left the pipeline go; those of deals that closed stay as final; those rescored are written anew.
        await db.DealScores.Where(s => s.ScoringModelId == active.Id && !db.Deals.Any(d => d.Id == s.DealId && d.PipelineId == pipelineId))
            .ExecuteDeleteAsync(cancellationToken);
        await db.DealScores.Where(s => s.ScoringModelId == active.Id && !s.Final && !db.Deals.Any(d => d.Id == s.DealId && openStages.Contains(d.StageId)))
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.Final, true), cancellationToken);
        foreach (var chunk in scored.Chunk(1000))
        {
            var ids = chunk.Select(s => s.DealId).ToList();
            var existing = await db.DealScores.Where(s => s.ScoringModelId == active.Id && ids.Contains(s.DealId)).ToDictionaryAsync(s => s.DealId, cancellationToken);
            foreach (var s in chunk)
            {
                var factors = FactorsJson(s.Factors).ToJsonString();
                var layer = layers.Of(s.DealId, s.Score);
                if (existing.TryGetValue(s.DealId, out var row))
                {
                    row.Rescore(s.Score, now, factors, layer);
                }
                else
                {
                    db.DealScores.Add(DealScore.Create(s.DealId, active.Id, s.Score, now, factors, layer));
                }
            }
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }
        await transaction.CommitAsync(cancellationToken);
        return scored.Count;
    }

    /// <summary>The closed deals' held-out scores, final from the start, in one transaction.</summary>
    private async Task StoreHeldOutAsync(int modelId, IReadOnlyList<(long DealId, double Score)> heldOut, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var layers = await DealLayers.LoadAsync(db, [.. heldOut.Select(h => h.DealId)], cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        foreach (var chunk in heldOut.Chunk(5000))
        {
            db.DealScores.AddRange(chunk.Select(h => DealScore.HeldOut(h.DealId, modelId, h.Score, now, layers.Of(h.DealId, h.Score))));
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>The factors as stored and answered: feature, value, contribution, direction and the words in both languages.</summary>
    public static JsonArray FactorsJson(IEnumerable<ScoreFactor> factors) => new([.. factors.Select(f => (JsonNode)new JsonObject
    {
        ["feature"] = f.Feature,
        ["value"] = f.Value,
        ["contribution"] = Math.Round(f.Contribution, 4),
        ["direction"] = f.Contribution >= 0 ? "raises" : "lowers",
        ["text"] = new JsonObject { ["zh-CN"] = f.Text.ZhCn, ["en"] = f.Text.En },
    })]);

    private async Task<Core.Pipelines.Pipeline> PipelineAsync(string? key, CancellationToken cancellationToken)
    {
        if (key is not null)
        {
            return await db.Pipelines.AsNoTracking().SingleOrDefaultAsync(p => p.Key == key, cancellationToken)
                ?? throw new DomainRuleException("pipeline", $"pipeline {key}: no such pipeline; there are: {string.Join(", ", await db.Pipelines.Select(p => p.Key).ToListAsync(cancellationToken))}.");
        }
        return await DefaultPipeline.FindAsync(db, db.Pipelines.AsNoTracking(), cancellationToken)
            ?? throw new DomainRuleException("pipeline", "the workspace has no pipeline yet; apply one with 'loudou pipeline apply'.");
    }
}
