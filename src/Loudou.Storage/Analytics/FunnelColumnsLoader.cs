using Loudou.Core;
using Loudou.Core.Analytics;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Storage.Analytics;

/// <summary>Reads one pipeline's deals, history and dimension values straight into a <see cref="ColumnarSnapshot"/>'s columns.</summary>
/// <remarks>
/// <para>The same snapshot as <c>ColumnarSnapshot.From(FunnelSnapshotLoader.LoadAsync(…))</c>, without a per-deal
/// dictionary and list to copy from: rows are streamed and each dimension value is encoded as it arrives. The
/// dimensions, amounts, loss reasons, targets and refusals are <see cref="FunnelSnapshotLoader"/>'s; a test holds the
/// two to the same answers on SQLite and PostgreSQL.</para>
/// <para>Reads through EF queries, so the context's scope filters apply as they do to the row loader.</para>
/// </remarks>
public static class FunnelColumnsLoader
{
    /// <summary>Loads the named pipeline, or the workspace's default (<see cref="Pipelines.DefaultPipeline"/>), deriving each deal's facts on up to <paramref name="threads"/> threads (0: one per core, as the engines take it).</summary>
    /// <remarks>When the default is taken and holds no deals, the snapshot lists the pipelines that do (<see cref="ColumnarSnapshot.PipelinesWithDeals"/>).</remarks>
    /// <exception cref="DomainRuleException">No pipeline of that key; or a history row in a stage of another pipeline.</exception>
    public static async Task<ColumnarSnapshot> LoadAsync(LoudouDbContext db, string? pipelineKey, int threads, CancellationToken cancellationToken = default)
    {
        var settings = await db.WorkspaceSettings.AsNoTracking().SingleAsync(cancellationToken);
        var pipeline = await FunnelSnapshotLoader.ChoosePipelineAsync(db, pipelineKey, cancellationToken);
        var rates = await BaseCurrencyRates.LoadAsync(db, settings.BaseCurrency, settings.Calendar.Zone, cancellationToken);
        var chosen = db.Deals.AsNoTracking().Where(d => d.PipelineId == pipeline.Id);
        var inPipeline = chosen.Select(d => d.Id);

        // Reference rows (read in full by anyone, docs/access.md) are resolved by id in memory rather than joined per deal.
        var channels = await db.Channels.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.Name, cancellationToken);
        var users = await db.Users.AsNoTracking().ToDictionaryAsync(u => u.Id, u => u.LoginName, cancellationToken);
        var teams = await db.Teams.AsNoTracking().ToDictionaryAsync(t => t.Id, t => t.Name, cancellationToken);
        var reasons = await db.LossReasons.AsNoTracking().ToDictionaryAsync(r => r.Id, r => r.Key, cancellationToken);

        // Sized by a count first; a deal created meanwhile still fits, the arrays grow.
        var capacity = Math.Max(16, await chosen.CountAsync(cancellationToken));
        var ids = new long[capacity];
        var created = new long[capacity];
        var amounts = new decimal[capacity];
        var hasAmount = new bool[capacity];
        DimensionCodes channel = new(), owner = new(), team = new(), industry = new(), sizeBand = new(), region = new(), lossReason = new();
        var n = 0;
        var deals =
            from d in chosen
            join a in db.Accounts.AsNoTracking() on d.AccountId equals (int?)a.Id into accounts
            from a in accounts.DefaultIfEmpty()
            select new
            {
                d.Id,
                d.CreatedAt,
                d.ClosedAt,
                d.ChannelId,
                d.OwnerId,
                d.TeamId,
                d.LossReasonId,
                d.Amount,
                d.Currency,
                Industry = a != null ? a.Industry : null,
                SizeBand = a != null ? a.SizeBand : null,
                Region = a != null ? a.Region : null,
            };
        await foreach (var d in deals.AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            if (n == capacity)
            {
                capacity *= 2;
                Array.Resize(ref ids, capacity);
                Array.Resize(ref created, capacity);
                Array.Resize(ref amounts, capacity);
                Array.Resize(ref hasAmount, capacity);
            }
            ids[n] = d.Id;
            created[n] = d.CreatedAt?.UtcTicks ?? ColumnarSnapshot.UnknownTime;
            if (rates.InBase(d.Amount, d.Currency, d.ClosedAt, d.CreatedAt) is { } amount)
            {
                amounts[n] = amount;
                hasAmount[n] = true;
            }
            channel.PutId(n, d.ChannelId, channels, capacity);
            owner.PutId(n, d.OwnerId, users, capacity);
            team.PutId(n, d.TeamId, teams, capacity);
            lossReason.PutId(n, d.LossReasonId, reasons, capacity);
            industry.Put(n, d.Industry, capacity);
            sizeBand.Put(n, d.SizeBand, capacity);
            region.Put(n, d.Region, capacity);
            n++;
        }
        var index = new DealIdIndex(ids, n);

        var stageIndex = pipeline.Stages.Select((s, i) => (s.Id, Index: (byte)i)).ToDictionary(s => s.Id, s => s.Index);
        var (eventDeals, eventStages, eventTicks) = (new long[capacity * 4], new byte[capacity * 4], new long[capacity * 4]);
        var events = 0;
        var history = db.StageTransitions.AsNoTracking().Where(t => inPipeline.Contains(t.DealId)).Select(t => new { t.DealId, t.StageId, t.EnteredAt });
        await foreach (var t in history.AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            // A row of a deal created after the deals were read is left out, as the row loader's lookup leaves it.
            if (index.Of(t.DealId) < 0)
            {
                continue;
            }
            if (!stageIndex.TryGetValue(t.StageId, out var stage))
            {
                Guard.Throw("history", $"deal {t.DealId} has a history row in stage id {t.StageId}, which is not a stage of pipeline '{pipeline.Key}'.");
            }
            if (events == eventDeals.Length)
            {
                Array.Resize(ref eventDeals, events * 2);
                Array.Resize(ref eventStages, events * 2);
                Array.Resize(ref eventTicks, events * 2);
            }
            eventDeals[events] = t.DealId;
            eventStages[events] = stage;
            eventTicks[events++] = t.EnteredAt?.UtcTicks ?? ColumnarSnapshot.UnknownTime;
        }

        var products = await db.Products.AsNoTracking().ToDictionaryAsync(p => p.Id, p => p.Name, cancellationToken);
        var productPairs = new List<(int Deal, string Value)>();
        await foreach (var p in db.DealProducts.AsNoTracking().Where(dp => inPipeline.Contains(dp.DealId)).Select(dp => new { dp.DealId, dp.ProductId }).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            if (index.Of(p.DealId) is var d and >= 0 && products.TryGetValue(p.ProductId, out var name))
            {
                productPairs.Add((d, name));
            }
        }
        var tags = await db.Tags.AsNoTracking().ToDictionaryAsync(t => t.Id, t => t.Name, cancellationToken);
        var tagPairs = new List<(int Deal, string Value)>();
        await foreach (var t in db.DealTags.AsNoTracking().Where(dt => inPipeline.Contains(dt.DealId)).Select(dt => new { dt.DealId, dt.TagId }).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            if (index.Of(t.DealId) is var d and >= 0 && tags.TryGetValue(t.TagId, out var name))
            {
                tagPairs.Add((d, name));
            }
        }
        var fields = await db.CustomFields.AsNoTracking().ToDictionaryAsync(f => f.Id, f => f.Key, cancellationToken);
        var custom = new Dictionary<string, DimensionCodes>(StringComparer.Ordinal);
        await foreach (var v in db.CustomFieldValues.AsNoTracking().Where(v => inPipeline.Contains(v.DealId)).Select(v => new { v.DealId, v.CustomFieldId, v.Value }).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            if (index.Of(v.DealId) is var d and >= 0 && fields.TryGetValue(v.CustomFieldId, out var key))
            {
                var dimension = custom.TryGetValue(key, out var known) ? known : custom[key] = new DimensionCodes();
                dimension.Put(d, v.Value, capacity);
            }
        }

        // Each deal's A/B/C layer from the active model's score, final ones included: the layers' funnels need closed deals.
        var layer = new DimensionCodes();
        var pipelineId = pipeline.Id;
        var scores = db.DealScores.AsNoTracking().Where(s => db.ScoringModels.Any(m => m.Id == s.ScoringModelId && m.IsActive && m.PipelineId == pipelineId));
        await foreach (var s in scores.Select(s => new { s.DealId, s.Layer }).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            if (index.Of(s.DealId) is var d and >= 0)
            {
                layer.Put(d, s.Layer, capacity);
            }
        }

        var work = await WorkAsync(db, inPipeline, index, cancellationToken);

        // As in the row snapshot, a dimension exists only when some deal holds a value of it.
        var single = new Dictionary<string, (IReadOnlyList<string> Values, int[] Codes)>(StringComparer.Ordinal);
        foreach (var (name, dimension) in new[] { ("channel", channel), ("owner", owner), ("team", team), ("industry", industry), ("sizeBand", sizeBand), ("region", region), ("layer", layer) }
            .Concat(custom.Select(c => ("custom." + c.Key, c.Value))))
        {
            if (dimension.Any)
            {
                single[name] = dimension.Column(capacity);
            }
        }
        var several = new Dictionary<string, IReadOnlyList<(int Deal, string Value)>>(StringComparer.Ordinal);
        foreach (var (name, pairs) in new[] { ("product", productPairs), ("tag", tagPairs) })
        {
            if (pairs.Count > 0)
            {
                several[name] = pairs;
            }
        }
        var columns = new DealColumns(n, ids, created, amounts, hasAmount, single)
        {
            SeveralValued = several,
            LossReasons = lossReason.Any ? lossReason.Column(capacity) : null,
        };
        return ColumnarSnapshot.FromColumns(
            pipeline, settings.Calendar, columns, new EventColumns(events, eventDeals, eventStages, eventTicks), threads > 0 ? threads : Environment.ProcessorCount,
            await FunnelSnapshotLoader.TargetsAsync(db, pipeline, cancellationToken),
            pipelineKey is null && n == 0 ? await FunnelSnapshotLoader.PipelinesWithDealsAsync(db, cancellationToken) : null,
            work);
    }

    /// <summary>The activities and completions of the deals read: when each activity happened, which action was completed when.</summary>
    private static async Task<WorkColumns> WorkAsync(LoudouDbContext db, IQueryable<long> inPipeline, DealIdIndex index, CancellationToken cancellationToken)
    {
        var (touchDeals, touchTicks) = (new List<long>(), new List<long>());
        await foreach (var a in db.Activities.AsNoTracking().Where(a => inPipeline.Contains(a.DealId)).Select(a => new { a.DealId, a.At }).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            // A row of a deal created after the deals were read is left out, as its history is.
            if (index.Of(a.DealId) >= 0)
            {
                touchDeals.Add(a.DealId);
                touchTicks.Add(a.At.UtcTicks);
            }
        }
        var (doneDeals, doneActions, doneTicks) = (new List<long>(), new List<int>(), new List<long>());
        await foreach (var c in db.ActionCompletions.AsNoTracking().Where(c => inPipeline.Contains(c.DealId)).Select(c => new { c.DealId, c.StageActionId, c.CompletedAt }).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            if (index.Of(c.DealId) >= 0)
            {
                doneDeals.Add(c.DealId);
                doneActions.Add(c.StageActionId);
                doneTicks.Add(c.CompletedAt.UtcTicks);
            }
        }
        return new WorkColumns(touchDeals.Count, [.. touchDeals], [.. touchTicks], doneDeals.Count, [.. doneDeals], [.. doneActions], [.. doneTicks]);
    }
}
