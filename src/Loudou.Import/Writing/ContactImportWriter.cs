using Loudou.Core.Accounts;
using Loudou.Core.Import;
using Loudou.Storage;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Import.Writing;

/// <summary>Upserts contacts by (source, external id) in one transaction, linking each to its account by the account's external id.</summary>
/// <remarks>
/// The account must come from the same source and be imported first (<c>loudou import accounts</c>);
/// the engine reports a contact whose account is unknown as a located error before anything is written.
/// </remarks>
internal static class ContactImportWriter
{
    public static async Task<WriteCounts> WriteAsync(LoudouDbContext db, ImportRequest request, IEnumerable<ContactRow> rows, (long Rows, long Skipped) read, CancellationToken cancellationToken)
    {
        var source = request.Mapping.Source;
        var accounts = await db.Accounts.AsNoTracking().Where(a => a.Source == source)
            .ToDictionaryAsync(a => a.ExternalId!, a => a.Id, StringComparer.Ordinal, cancellationToken);
        return await ImportBatches.WriteAsync(db, typeof(Contact), request, rows, read, async chunk =>
        {
            long created = 0, updated = 0, unchanged = 0;
            var ids = chunk.Select(r => r.ExternalId).ToList();
            var existing = await db.Contacts.Where(c => c.Source == source && ids.Contains(c.ExternalId!)).ToDictionaryAsync(c => c.ExternalId!, StringComparer.Ordinal, cancellationToken);
            foreach (var row in chunk)
            {
                int? accountId = row.Account is null ? null : accounts[row.Account];
                if (!existing.TryGetValue(row.ExternalId, out var contact))
                {
                    contact = Contact.Create(row.Name!, null);
                    contact.LinkExternal(source, row.ExternalId);
                    contact.LinkAccount(accountId);
                    contact.SetDetails(row.Title, row.Phone, row.Email, row.WeChat);
                    db.Contacts.Add(contact);
                    created++;
                    continue;
                }
                var wanted = (Name: row.Name ?? contact.Name, Account: accountId ?? contact.AccountId, Title: row.Title ?? contact.Title,
                    Phone: row.Phone ?? contact.Phone, Email: row.Email ?? contact.Email, WeChat: row.WeChat ?? contact.WeChat);
                if (wanted == (contact.Name, contact.AccountId, contact.Title, contact.Phone, contact.Email, contact.WeChat))
                {
                    unchanged++;
                    continue;
                }
                contact.Rename(wanted.Name);
                contact.LinkAccount(wanted.Account);
                contact.SetDetails(wanted.Title, wanted.Phone, wanted.Email, wanted.WeChat);
                updated++;
            }
            return new WriteCounts(created, updated, unchanged, 0);
        }, cancellationToken);
    }
}
