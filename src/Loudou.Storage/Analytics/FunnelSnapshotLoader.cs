using Loudou.Core.Analytics;
using Loudou.Core.Deals;
using Loudou.Core.Pipelines;
using Loudou.Core.Workspace;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Storage.Analytics;

/// <summary>Reads one pipeline's deals, history and dimension values into a <see cref="FunnelSnapshot"/>.</summary>
/// <remarks>
/// <para>Read-only and untracked. Dimension values are the names people filter by: channel and team
/// names, the owner's login, the account's industry, size band and region, product and tag names,
/// and custom field values under "custom.KEY". Also each deal's amount in the base currency and its
/// loss reason key, and the pipeline's conversion targets, for what-if, losses and bottlenecks; and when each of its
/// activities happened and which standard actions were completed when, for drivers.</para>
/// <para>The host and the CLI load whole pipelines with <see cref="FunnelColumnsLoader"/>, which reads the same straight
/// into columns; this row snapshot remains the reference tests compare with, and <see cref="LoadDealsAsync(LoudouDbContext, Pipeline, IReadOnlyCollection{long}, CancellationToken)"/>
/// reads the few deals a refresh applies.</para>
/// </remarks>
public static class FunnelSnapshotLoader
{
    /// <summary>Loads the named pipeline, or the workspace's default (<see cref="Pipelines.DefaultPipeline"/>: the one marked default, else the oldest).</summary>
    /// <remarks>When the default is taken and holds no deals, the snapshot lists the pipelines that do (<see cref="FunnelSnapshot.PipelinesWithDeals"/>).</remarks>
    /// <exception cref="Core.DomainRuleException">No pipeline of that key.</exception>
    public static async Task<FunnelSnapshot> LoadAsync(LoudouDbContext db, string? pipelineKey, CancellationToken cancellationToken = default)
    {
        var settings = await db.WorkspaceSettings.AsNoTracking().SingleAsync(cancellationToken);
        var pipeline = await ChoosePipelineAsync(db, pipelineKey, cancellationToken);
        var deals = await LoadDealsAsync(db, pipeline, db.Deals.AsNoTracking().Where(d => d.PipelineId == pipeline.Id), settings, cancellationToken);
        return new FunnelSnapshot(pipeline, deals, settings.Calendar)
        {
            Targets = await TargetsAsync(db, pipeline, cancellationToken),
            PipelinesWithDeals = pipelineKey is null && deals.Count == 0 ? await PipelinesWithDealsAsync(db, cancellationToken) : null,
        };
    }

    /// <summary>The deals of <paramref name="ids"/> that are in <paramref name="pipeline"/> now, read as <see cref="LoadAsync"/> reads them: what a refresh applies to a snapshot of that pipeline.</summary>
    /// <remarks>An id missing from the answer was deleted or moved to another pipeline: the refresh removes it.</remarks>
    public static async Task<IReadOnlyList<FunnelDeal>> LoadDealsAsync(LoudouDbContext db, Pipeline pipeline, IReadOnlyCollection<long> ids, CancellationToken cancellationToken = default)
    {
        var settings = await db.WorkspaceSettings.AsNoTracking().SingleAsync(cancellationToken);
        var pipelineId = pipeline.Id;
        var list = ids.ToList();
        return await LoadDealsAsync(db, pipeline, db.Deals.AsNoTracking().Where(d => d.PipelineId == pipelineId && list.Contains(d.Id)), settings, cancellationToken);
    }

    private static async Task<List<FunnelDeal>> LoadDealsAsync(LoudouDbContext db, Pipeline pipeline, IQueryable<Deal> chosen, WorkspaceSettings settings, CancellationToken cancellationToken)
    {
        var deals = await chosen
            .Select(d => new
            {
                d.Id,
                d.CreatedAt,
                d.ClosedAt,
                Channel = db.Channels.Where(c => c.Id == d.ChannelId).Select(c => c.Name).FirstOrDefault(),
                Owner = db.Users.Where(u => u.Id == d.OwnerId).Select(u => u.LoginName).FirstOrDefault(),
                Team = db.Teams.Where(t => t.Id == d.TeamId).Select(t => t.Name).FirstOrDefault(),
                Account = db.Accounts.Where(a => a.Id == d.AccountId).Select(a => new { a.Industry, a.SizeBand, a.Region }).FirstOrDefault(),
                d.Amount,
                d.Currency,
                LossReason = db.LossReasons.Where(r => r.Id == d.LossReasonId).Select(r => r.Key).FirstOrDefault(),
                Layer = db.DealScores.Where(s => s.DealId == d.Id && db.ScoringModels.Any(m => m.Id == s.ScoringModelId && m.IsActive && m.PipelineId == d.PipelineId))
                    .Select(s => s.Layer).FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);
        var inPipeline = chosen.Select(d => d.Id);
        var history = (await db.StageTransitions.AsNoTracking().Where(t => inPipeline.Contains(t.DealId)).ToListAsync(cancellationToken))
            .ToLookup(t => t.DealId);
        var products = (await db.DealProducts.AsNoTracking().Where(dp => inPipeline.Contains(dp.DealId)).Join(db.Products, dp => dp.ProductId, p => p.Id, (dp, p) => new { dp.DealId, p.Name }).ToListAsync(cancellationToken))
            .ToLookup(x => x.DealId, x => x.Name);
        var tags = (await db.DealTags.AsNoTracking().Where(dt => inPipeline.Contains(dt.DealId)).Join(db.Tags, dt => dt.TagId, t => t.Id, (dt, t) => new { dt.DealId, t.Name }).ToListAsync(cancellationToken))
            .ToLookup(x => x.DealId, x => x.Name);
        var custom = (await db.CustomFieldValues.AsNoTracking().Where(v => inPipeline.Contains(v.DealId)).Join(db.CustomFields, v => v.CustomFieldId, f => f.Id, (v, f) => new { v.DealId, f.Key, v.Value }).ToListAsync(cancellationToken))
            .ToLookup(x => x.DealId);

        var touches = (await db.Activities.AsNoTracking().Where(a => inPipeline.Contains(a.DealId)).Select(a => new { a.DealId, a.At }).ToListAsync(cancellationToken))
            .ToLookup(a => a.DealId, a => a.At);
        var completions = (await db.ActionCompletions.AsNoTracking().Where(c => inPipeline.Contains(c.DealId)).Select(c => new { c.DealId, c.StageActionId, c.CompletedAt }).ToListAsync(cancellationToken))
            .ToLookup(c => c.DealId, c => (c.StageActionId, c.CompletedAt));

        var rates = await BaseCurrencyRates.LoadAsync(db, settings.BaseCurrency, settings.Calendar.Zone, cancellationToken);

        return deals.Select(d =>
        {
            var dimensions = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
            void Put(string key, string? value)
            {
                if (!string.IsNullOrEmpty(value))
                {
                    dimensions[key] = [value];
                }
            }
            Put("channel", d.Channel);
            Put("owner", d.Owner);
            Put("team", d.Team);
            Put("industry", d.Account?.Industry);
            Put("sizeBand", d.Account?.SizeBand);
            Put("region", d.Account?.Region);
            Put("layer", d.Layer);
            if (products[d.Id].Any())
            {
                dimensions["product"] = [.. products[d.Id]];
            }
            if (tags[d.Id].Any())
            {
                dimensions["tag"] = [.. tags[d.Id]];
            }
            foreach (var value in custom[d.Id])
            {
                Put("custom." + value.Key, value.Value);
            }
            var steps = StageHistory.Order(history[d.Id], pipeline).Select(s => (s.StageId, s.EnteredAt)).ToList();
            return new FunnelDeal(d.Id, d.CreatedAt, steps, dimensions)
            {
                Amount = rates.InBase(d.Amount, d.Currency, d.ClosedAt, d.CreatedAt),
                LossReason = d.LossReason,
                Touches = [.. touches[d.Id]],
                Completions = [.. completions[d.Id]],
            };
        }).ToList();
    }

    /// <summary>Every pipeline with deals in the context's scope, and how many: what an analysis of an empty default pipeline names instead.</summary>
    /// <remarks>Public for the host, whose snapshot is read as the operator: a caller is told only the counts of their own deals.</remarks>
    public static async Task<IReadOnlyList<PipelineDealCount>> PipelinesWithDealsAsync(LoudouDbContext db, CancellationToken cancellationToken)
    {
        var counts = await db.Deals.AsNoTracking().GroupBy(d => d.PipelineId).Select(g => new { Id = g.Key, Deals = g.Count() }).ToListAsync(cancellationToken);
        var keys = await db.Pipelines.AsNoTracking().ToDictionaryAsync(p => p.Id, p => p.Key, cancellationToken);
        return [.. counts.Select(c => new PipelineDealCount(keys[c.Id], c.Deals))];
    }

    /// <summary>The pipeline's conversion targets, team ids resolved to the team names that the team dimension holds.</summary>
    internal static async Task<IReadOnlyList<StageTarget>> TargetsAsync(LoudouDbContext db, Pipeline pipeline, CancellationToken cancellationToken)
    {
        var teamNames = await db.Teams.AsNoTracking().ToDictionaryAsync(t => t.Id, t => t.Name, cancellationToken);
        return (await db.ConversionTargets.AsNoTracking().Where(t => t.PipelineId == pipeline.Id).ToListAsync(cancellationToken))
            .Select(t => new StageTarget(t.StageId, t.TeamId is { } team ? teamNames.GetValueOrDefault(team) : null, t.Month, t.Rate))
            .ToList();
    }

    /// <summary>The named pipeline or the default; both loaders refuse an unknown key, and a workspace without pipelines, alike.</summary>
    /// <exception cref="Core.DomainRuleException">No pipeline of that key, or none at all.</exception>
    internal static async Task<Pipeline> ChoosePipelineAsync(LoudouDbContext db, string? key, CancellationToken cancellationToken)
    {
        if (key is not null)
        {
            return await db.Pipelines.AsNoTracking().SingleOrDefaultAsync(p => p.Key == key, cancellationToken)
                ?? throw new Core.DomainRuleException("pipeline", $"{new Core.FieldName("pipeline")} {key}: no such pipeline; there are: {string.Join(", ", await db.Pipelines.Select(p => p.Key).ToListAsync(cancellationToken))}.");
        }
        return await Pipelines.DefaultPipeline.FindAsync(db, db.Pipelines.AsNoTracking(), cancellationToken)
            ?? throw new Core.DomainRuleException("pipeline", "the workspace has no pipeline yet; apply one with 'loudou pipeline apply'.");
    }
}
