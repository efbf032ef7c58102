using Loudou.Storage;
using Loudou.Storage.Bulk;

namespace Loudou.Import.Writing;

/// <summary>The write loop of the record imports (accounts, contacts, activities): batches through EF inside one transaction.</summary>
/// <remarks>
/// These tables are far smaller than deals, so EF's change tracking, cleared after each batch, is
/// fast enough. The one audit entry is written only when something changed, and everything commits
/// together or not at all.
/// </remarks>
internal static class ImportBatches
{
    private const int Batch = 1000;

    /// <param name="entity">The entity type whose table the records go into; its statistics are refreshed after a write.</param>
    /// <param name="writeBatch">Adds or changes the batch's records in the context (it saves nothing itself) and counts them.</param>
    public static async Task<WriteCounts> WriteAsync<TRow>(
        LoudouDbContext db,
        Type entity,
        ImportRequest request,
        IEnumerable<TRow> rows,
        (long Rows, long Skipped) read,
        Func<TRow[], Task<WriteCounts>> writeBatch,
        CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var total = new WriteCounts(0, 0, 0, 0);
        foreach (var chunk in rows.Chunk(Batch))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var counts = await writeBatch(chunk);
            total = new WriteCounts(total.Created + counts.Created, total.Updated + counts.Updated, total.Unchanged + counts.Unchanged, total.HistoryAdded + counts.HistoryAdded);
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }
        if (total.Created + total.Updated > 0)
        {
            db.AuditEntries.Add(ImportAudit.Entry(request, null, read, total));
            await db.SaveChangesAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        if (total.Created + total.Updated > 0)
        {
            // Committed: cancelling now would only leave the planner with stale figures.
            await TableStatistics.RefreshAsync(db, [entity], CancellationToken.None);
        }
        return total;
    }
}
