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
/// deal whose row did not change is not touched at all.
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
    /// <summary>Rows compared with their stored deals at a time; the changed ones are loaded and saved together.</summary>
    private const int Batch = 10_000;

    public async Task<(long Updated, long Unchanged, long HistoryAdded)> WriteAsync(CancellationToken cancellationToken)
    {
        long updated = 0, unchanged = 0, added = 0;
        var chunk = new List<DealRow>();
        var history = request.Entity == ImportEntity.History;
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
            foreach (var part in changed.Chunk(Batch / 10))
            {
                var (u, n, a) = await FlushAsync(part, history, custom, cancellationToken);
                (updated, unchanged, added) = (updated + u, unchanged + n, added + a);
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
            if (chunk.Count >= Batch)
            {
                await CompareAsync();
            }
        }
        if (chunk.Count > 0)
        {
            await CompareAsync();
        }
        return (updated, unchanged, added);
    }

    private async Task<(long, long, long)> FlushAsync((long Id, DealRow Row)[] batch, bool historyOnly, bool custom, CancellationToken cancellationToken)
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
        return (changed.Count, ids.Count - changed.Count, added);
    }
}
