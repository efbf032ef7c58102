using Loudou.Core.Accounts;
using Loudou.Core.Import;
using Loudou.Storage;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Import.Writing;

/// <summary>Upserts accounts by (source, external id) in one transaction, in batches through EF.</summary>
internal static class AccountImportWriter
{
    public static Task<WriteCounts> WriteAsync(LoudouDbContext db, ImportRequest request, IEnumerable<AccountRow> rows, (long Rows, long Skipped) read, CancellationToken cancellationToken)
    {
        var source = request.Mapping.Source;
        return ImportBatches.WriteAsync(db, typeof(Account), request, rows, read, async chunk =>
        {
            long created = 0, updated = 0, unchanged = 0;
            var ids = chunk.Select(r => r.ExternalId).ToList();
            var existing = await db.Accounts.Where(a => a.Source == source && ids.Contains(a.ExternalId!)).ToDictionaryAsync(a => a.ExternalId!, StringComparer.Ordinal, cancellationToken);
            foreach (var row in chunk)
            {
                if (!existing.TryGetValue(row.ExternalId, out var account))
                {
                    account = Account.Create(row.Name!);
                    account.LinkExternal(source, row.ExternalId);
                    account.Describe(row.Industry, row.SizeBand, row.Region);
                    account.SetCreditCode(row.CreditCode);
                    db.Accounts.Add(account);
                    created++;
                    continue;
                }
                var wanted = (Name: row.Name ?? account.Name, Industry: row.Industry ?? account.Industry, Region: row.Region ?? account.Region, Size: row.SizeBand ?? account.SizeBand, Code: row.CreditCode ?? account.CreditCode);
                if (wanted == (account.Name, account.Industry, account.Region, account.SizeBand, account.CreditCode))
                {
                    unchanged++;
                    continue;
                }
                account.Rename(wanted.Name);
                account.Describe(wanted.Industry, wanted.Size, wanted.Region);
                account.SetCreditCode(wanted.Code);
                updated++;
            }
            return new WriteCounts(created, updated, unchanged, 0);
        }, cancellationToken);
    }
}
