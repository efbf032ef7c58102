using Loudou.Core.Deals;
using Loudou.Core.Import;
using Loudou.Storage;
using Loudou.Storage.Bulk;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Import.Writing;

/// <summary>Writes an import's new deals, their history, products and tags in bulk.</summary>
/// <remarks>
/// The rows go through <see cref="BulkTable"/> (a prepared INSERT bound by position on SQLite, binary
/// COPY on PostgreSQL), in one pass over the file on SQLite and one per table on PostgreSQL, with ids
/// handed out in file order from the table's largest id so that every pass agrees on them;
/// <see cref="BulkLoad"/> drops and rebuilds SQLite's secondary indexes around a large append.
/// </remarks>
/// <param name="postgres">Whether the database is PostgreSQL: the caller asks the connection, so that raw connection access stays in the file reviewed for it (docs/access.md).</param>
internal sealed class NewDealWriter(
    LoudouDbContext db,
    ImportRequest request,
    ImportCheck check,
    DealReferences refs,
    DealRowChanges changes,
    CheckedDealRows rows,
    IReadOnlySet<string> existing,
    Action<string, long> report,
    bool postgres)
{
    public async Task<(long Created, long History)> WriteAsync(CancellationToken cancellationToken)
    {
        var baseId = await db.Deals.MaxAsync(d => (long?)d.Id, cancellationToken) ?? 0;
        var now = TimeProvider.System.GetUtcNow();
        var sourceName = request.Mapping.Source;
        List<NewRowsTable> tables =
        [
            new(typeof(Deal), "writing deals",
                [nameof(Deal.Id), nameof(Deal.Source), nameof(Deal.ExternalId), nameof(Deal.Name), nameof(Deal.AccountId), nameof(Deal.ChannelId), nameof(Deal.OwnerId), nameof(Deal.TeamId),
                 nameof(Deal.Amount), nameof(Deal.Currency), nameof(Deal.Probability), nameof(Deal.CreatedAt), nameof(Deal.ExpectedClose), nameof(Deal.PipelineId), nameof(Deal.StageId),
                 nameof(Deal.LossReasonId), nameof(Deal.ClosedAt), nameof(Deal.Version), "RecordedAt", "UpdatedAt"],
                (id, row, deal) =>
                {
                    var owner = row.Owner is { } o ? refs.Owners[o] : null;
                    return [[
                        id, sourceName, row.ExternalId, deal.Name, row.Account is { } a ? refs.Accounts[a] : null, row.Channel is { } c ? refs.Channels[c].Id : null, owner?.Id, owner?.TeamId,
                        row.Amount, deal.Currency, deal.Probability, deal.CreatedAt, row.ExpectedClose, refs.Pipeline.Id, deal.StageId,
                        deal.LossReasonId, deal.ClosedAt, 0, now, now,
                    ]];
                }),
            new(typeof(StageTransition), "writing history",
                [nameof(StageTransition.DealId), nameof(StageTransition.StageId), nameof(StageTransition.EnteredAt), nameof(StageTransition.ByUserId), nameof(StageTransition.Source)],
                (id, _, deal) => deal.History.Select(t => new object?[] { id, t.StageId, t.EnteredAt, t.ByUserId, t.Source })),
        ];
        // A table no row fills costs PostgreSQL a pass over the file for nothing.
        if (check.References.Products.Count > 0)
        {
            tables.Add(new(typeof(DealProduct), "writing products",
                [nameof(DealProduct.DealId), nameof(DealProduct.ProductId), nameof(DealProduct.Quantity), nameof(DealProduct.UnitPrice)],
                (id, row, _) => row.Product is { } p ? [[id, refs.Products[p].Id, 1m, null]] : []));
        }
        if (check.References.Tags.Count > 0)
        {
            tables.Add(new(typeof(DealTag), "writing tags", [nameof(DealTag.DealId), nameof(DealTag.TagId)],
                (id, row, _) => row.Tags.Select(t => new object?[] { id, refs.Tags[t].Id })));
        }
        if (check.References.CustomValues > 0)
        {
            tables.Add(new(typeof(CustomFieldValue), "writing custom values", [nameof(CustomFieldValue.DealId), nameof(CustomFieldValue.CustomFieldId), nameof(CustomFieldValue.Value)],
                (id, row, _) => row.Custom.Select(c => new object?[] { id, refs.Fields[c.Key].Id, c.Value })));
        }
        // SQLite takes rows for several prepared INSERTs at once, so one pass over the file fills
        // every table (reading and mapping a row costs about as much as writing it); PostgreSQL
        // runs one COPY at a time per connection, so it gets one pass per table.
        var passes = postgres ? tables.Select(t => new[] { t }).ToList() : [[.. tables]];
        var written = new Dictionary<Type, long>();
        // Every new deal has a row of history at least, products and tags at most one each per deal, custom values about as many as the rows hold.
        await using (var load = await BulkLoad.BeginAsync(db, [.. tables.Select(t => (t.Entity, t.Entity == typeof(CustomFieldValue) ? check.References.CustomValues : check.New))], cancellationToken))
        {
            foreach (var pass in passes)
            {
                foreach (var (type, count) in await WritePassAsync(pass, baseId, cancellationToken))
                {
                    written[type] = count;
                }
            }
            report("building indexes", check.New);
            await load.CompleteAsync(cancellationToken);
        }
        await BulkTable.ResetIdentityAsync<Deal>(db, cancellationToken);
        return (written[typeof(Deal)], written[typeof(StageTransition)]);
    }

    /// <summary>A table the new deals fill: the EF entity, the properties written, and a new row's values given its id, its row and the deal built from it.</summary>
    private sealed record NewRowsTable(Type Entity, string Step, string[] Properties, Func<long, DealRow, Deal, IEnumerable<object?[]>> Rows);

    /// <summary>One pass over the new deals' rows into some tables; the k-th new row's deal gets id base + k in every pass.</summary>
    private async Task<List<(Type, long)>> WritePassAsync(NewRowsTable[] tables, long baseId, CancellationToken cancellationToken)
    {
        var open = new List<BulkTable>();
        try
        {
            foreach (var table in tables)
            {
                open.Add(await BulkTable.OpenAsync(db, table.Entity, table.Properties, cancellationToken));
            }
            var k = 0L;
            foreach (var row in rows.Read(tables[0].Step))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (existing.Contains(row.ExternalId))
                {
                    continue;
                }
                k++;
                var deal = changes.Build(row);
                for (var i = 0; i < tables.Length; i++)
                {
                    foreach (var values in tables[i].Rows(baseId + k, row, deal))
                    {
                        await open[i].AddAsync(values, cancellationToken);
                    }
                }
            }
            foreach (var table in open)
            {
                await table.CompleteAsync(cancellationToken);
            }
            return [.. tables.Select((t, i) => (t.Entity, t.Entity == typeof(Deal) ? k : open[i].Rows))];
        }
        finally
        {
            foreach (var table in open)
            {
                await table.DisposeAsync();
            }
        }
    }
}
