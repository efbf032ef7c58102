using Loudou.Core.Deals;
using Loudou.Core.Import;
using Loudou.Storage;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Import.Writing;

/// <summary>Changes the deals of an import that exist already; for a history import, every row's deal.</summary>
/// <remarks>
/// Rows of deals that exist already are compared, a chunk at a time, with a snapshot of those deals
/// (<see cref="ExistingDeal"/>); the ones that differ are loaded with their history and changed
/// through Core's methods, so an update follows the same rules as a change made in the app and a
/// deal whose row did not change is not touched at all. Counts are of deals, not rows: a history
/// file has a row per stage entry, so one deal's rows can fall into several chunks and flushes.
/// </remarks>
internal sealed class ExistingDealWriter(
    LoudouDbContext db,
    ImportRequest request,
    ImportSource source,
    DealReferences refs,
    DealRowChanges changes,
    CheckedDealRows rows,
    IReadOnlySet<string> existing)
{
    public async Task<(long Updated, long Unchanged, long HistoryAdded)> WriteAsync(CancellationToken cancellationToken)
    {
        long unchanged = 0, added = 0;
        var updated = new HashSet<long>();
        var chunk = new List<DealRow>();
        var history = request.Entity == ImportEntity.History;
        // Only a history file names a deal on several rows; a deal file names each once (the check refuses more), so its rows are counted as they come.
        var touched = history ? new HashSet<long>() : null;
        var parts = request.Mapping.Fields.ContainsKey(ImportFields.Product) || request.Mapping.Fields.ContainsKey(ImportFields.Tags);
        var custom = request.Mapping.Fields.Keys.Any(k => ImportFields.CustomKey(k) is not null);
        async Task CompareAsync()
        {
            var stored = await ExistingDeal.LoadAsync(db, request.Mapping.Source, [.. chunk.Select(r => r.ExternalId).Distinct()], parts, custom, cancellationToken);
            var changed = new List<(long Id, DealRow Row)>();
            foreach (var row in chunk)
            {
                if (!stored.TryGetValue(row.ExternalId, out var deal))
                {
                    throw new ImportMappingException($"{source.MainFile}: row {row.Row}: deal '{row.ExternalId}' was deleted while the import ran; nothing was written, run the import again.");
                }
                touched?.Add(deal.Id);
                if (changes.Differs(deal, row, history))
                {
                    changed.Add((deal.Id, row));
                }
                else if (!history)
                {
                    unchanged++;
                }
            }
            // Changed deals are loaded whole (history, products, tags) by id: fewer at a time.
            foreach (var part in changed.Chunk(Math.Max(request.UpdateBatch / 10, 1)))
            {
                var (changedIds, n, a) = await FlushAsync(part, history, custom, cancellationToken);
                updated.UnionWith(changedIds);
                (unchanged, added) = (unchanged + n, added + a);
            }
            chunk.Clear();
        }
        foreach (var row in rows.Read("updating"))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!existing.Contains(row.ExternalId))
            {
                continue;
            }
            chunk.Add(row);
            if (chunk.Count >= request.UpdateBatch)
            {
                await CompareAsync();
            }
        }
        if (chunk.Count > 0)
        {
            await CompareAsync();
        }
        return (updated.Count, touched is null ? unchanged : touched.Count - updated.Count, added);
    }

    /// <returns>The ids of the deals the batch changed, how many of its deals it left as they were, and the history rows it added.</returns>
    private async Task<(HashSet<long> Changed, long Unchanged, long Added)> FlushAsync((long Id, DealRow Row)[] batch, bool historyOnly, bool custom, CancellationToken cancellationToken)
    {
        var ids = batch.Select(b => b.Id).Distinct().ToList();
        IQueryable<Deal> query = db.Deals.Include(d => d.History).Include(d => d.Products).Include(d => d.Tags);
        var deals = await (custom ? query.Include(d => d.FieldValues) : query)
            .Where(d => ids.Contains(d.Id)).ToDictionaryAsync(d => d.Id, cancellationToken);
        long added = 0;
        foreach (var (id, row) in batch)
        {
            var deal = deals[id];
            if (deal.PipelineId != refs.Pipeline.Id)
            {
                throw new ImportMappingException($"{source.MainFile}: row {row.Row}: deal '{row.ExternalId}' is in another pipeline than '{refs.Pipeline.Key}'; import it with --pipeline naming its pipeline.");
            }
            if (!historyOnly)
            {
                changes.ApplyFields(deal, row);
            }
            added += changes.AddSteps(deal, row.Steps);
        }
        var changed = db.ChangeTracker.Entries()
            .Where(e => e.State is EntityState.Added or EntityState.Modified)
            .Select(e => e.Entity switch
            {
                Deal d => d.Id,
                StageTransition t => t.DealId == 0 ? (long?)e.Property(nameof(StageTransition.DealId)).CurrentValue : t.DealId,
                DealProduct p => p.DealId,
                DealTag t => t.DealId,
                CustomFieldValue v => v.DealId,
                _ => (long?)null,
            })
            .OfType<long>()
            .ToHashSet();
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return (changed, ids.Count - changed.Count, added);
    }
}
