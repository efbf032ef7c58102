using Loudou.Core.Accounts;
using Loudou.Core.Deals;
using Loudou.Core.Import;
using Loudou.Storage;
using Loudou.Storage.Bulk;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Loudou.Import.Writing;

/// <summary>Writes the checked rows of one pipeline: references first, then changed deals through EF, then new deals in bulk.</summary>
/// <remarks>
/// The references are <see cref="DealReferences"/>, the changed deals <see cref="ExistingDealWriter"/>'s
/// and the new ones <see cref="NewDealWriter"/>'s, which hands out ids after the table's largest.
/// <see cref="WriteAllAsync"/> runs the parts of an import in one transaction, PostgreSQL's deals
/// and accounts tables locked against other writers meanwhile, so no other insert can take one of
/// those ids.
/// </remarks>
internal sealed class DealImportWriter(
    LoudouDbContext db,
    ImportRequest request,
    ImportTarget target,
    DealRowMapper mapper,
    ImportSource source,
    ImportCheck check,
    IReadOnlySet<string> existing,
    Action<string, long> report)
{
    /// <summary>The tables a deal import fills in bulk; owners, channels and products are a handful of rows.</summary>
    private static readonly Type[] StatisticsTables = [typeof(Deal), typeof(StageTransition), typeof(Account), typeof(DealProduct), typeof(DealTag), typeof(CustomFieldValue)];

    /// <summary>Writes the parts of an import (one per pipeline its rows name) in one transaction, then refreshes the planner's statistics.</summary>
    public static async Task<WriteCounts> WriteAllAsync(LoudouDbContext db, IReadOnlyList<DealImportWriter> parts, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var postgres = db.Database.GetDbConnection() is NpgsqlConnection;
        if (postgres)
        {
            // The statements after a large COPY (the identity reset, the commit) can outlast the default 30 s.
            db.Database.SetCommandTimeout(TimeSpan.FromHours(2));
            // New deals and accounts take ids after the largest stored: no other writer may take one meanwhile.
            await db.Database.ExecuteSqlRawAsync("LOCK TABLE deals, accounts IN SHARE ROW EXCLUSIVE MODE", cancellationToken);
        }
        var total = new WriteCounts(0, 0, 0, 0);
        foreach (var part in parts)
        {
            var counts = await part.WriteAsync(postgres, cancellationToken);
            total = new WriteCounts(total.Created + counts.Created, total.Updated + counts.Updated, total.Unchanged + counts.Unchanged, total.HistoryAdded + counts.HistoryAdded);
        }
        await transaction.CommitAsync(cancellationToken);
        if (total.Created + total.Updated + total.HistoryAdded > 0)
        {
            // Committed: cancelling now would only leave the planner with stale figures (docs/performance.md).
            await TableStatistics.RefreshAsync(db, StatisticsTables, CancellationToken.None);
        }
        return total;
    }

    private async Task<WriteCounts> WriteAsync(bool postgres, CancellationToken cancellationToken)
    {
        var refs = await DealReferences.PrepareAsync(db, request, target, check.References, cancellationToken);
        var rows = new CheckedDealRows(source, mapper, check, report);
        var changes = new DealRowChanges(refs);
        // A pass over the file costs as much as the writes: skip the passes that would find nothing
        // (no stored deal on a first import, no new one on a re-import).
        var (updated, unchanged, historyAdded) = check.New < check.Valid
            ? await new ExistingDealWriter(db, request, source, refs, changes, rows, existing).WriteAsync(cancellationToken)
            : (0L, 0L, 0L);
        var created = 0L;
        if (request.Entity == ImportEntity.Deals && check.New > 0)
        {
            (created, var newHistory) = await new NewDealWriter(db, request, check, refs, changes, rows, existing, report, postgres).WriteAsync(cancellationToken);
            historyAdded += newHistory;
        }
        if (created + updated > 0)
        {
            db.AuditEntries.Add(ImportAudit.Entry(request, refs.Pipeline.Key, (check.Rows, check.Invalid.Count), new WriteCounts(created, updated, unchanged, historyAdded)));
            await db.SaveChangesAsync(cancellationToken);
        }
        return new WriteCounts(created, updated, unchanged, historyAdded);
    }
}
