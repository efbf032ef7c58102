using Loudou.Core.Accounts;
using Loudou.Storage;
using Loudou.Storage.Bulk;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Import.Writing;

/// <summary>The accounts a deal import's rows name: matched to stored ones, the missing ones written in bulk.</summary>
internal static class DealAccounts
{
    /// <summary>Finds each account the rows name (by external id of this source, then by name) and writes the missing ones in bulk.</summary>
    /// <remarks>
    /// A file of a million deals names tens of thousands of accounts: they are matched through
    /// dictionaries and the new ones appended through <see cref="BulkTable"/> with ids after the
    /// largest, as the new deals are. Accounts of this source that the rows describe differently
    /// are changed through Core and saved by the caller.
    /// </remarks>
    /// <param name="named">Each account name the rows give, with the industry, region and size band they give it.</param>
    /// <returns>Each name's account id.</returns>
    public static async Task<Dictionary<string, int>> PrepareAsync(
        LoudouDbContext db, string sourceName, IReadOnlyDictionary<string, (string? Industry, string? Region, string? SizeBand)> named, CancellationToken cancellationToken)
    {
        var stored = await db.Accounts.ToListAsync(cancellationToken);
        var bySourceId = new Dictionary<string, Account>(StringComparer.Ordinal);
        var byName = new Dictionary<string, Account>(StringComparer.Ordinal);
        foreach (var account in stored.OrderBy(a => a.Id))
        {
            if (account.Source == sourceName && account.ExternalId is { } externalId)
            {
                bySourceId.TryAdd(externalId, account);
            }
            byName.TryAdd(account.Name, account);
        }
        var accounts = new Dictionary<string, int>(StringComparer.Ordinal);
        var created = new List<(string Name, Account Account)>();
        foreach (var (name, (industry, region, size)) in named)
        {
            var account = bySourceId.GetValueOrDefault(name) ?? byName.GetValueOrDefault(name);
            if (account is null)
            {
                account = Account.Create(name);
                if (name.Length <= 100)
                {
                    account.LinkExternal(sourceName, name);
                }
                account.Describe(industry, size, region);
                created.Add((name, account));
                continue;
            }
            if (account.Source == sourceName && (industry, region, size) != (null, null, null)
                && (account.Industry, account.Region, account.SizeBand) != (industry ?? account.Industry, region ?? account.Region, size ?? account.SizeBand))
            {
                account.Describe(industry ?? account.Industry, size ?? account.SizeBand, region ?? account.Region);
            }
            accounts[name] = account.Id;
        }
        if (created.Count == 0)
        {
            return accounts;
        }
        var id = stored.Count == 0 ? 0 : stored.Max(a => a.Id);
        var now = TimeProvider.System.GetUtcNow();
        await using (var table = await BulkTable.OpenAsync<Account>(db,
            [nameof(Account.Id), nameof(Account.Name), nameof(Account.Industry), nameof(Account.SizeBand), nameof(Account.Region), nameof(Account.Source), nameof(Account.ExternalId), "RecordedAt", "UpdatedAt"],
            cancellationToken))
        {
            foreach (var (name, account) in created)
            {
                id++;
                await table.AddAsync([id, account.Name, account.Industry, account.SizeBand, account.Region, account.Source, account.ExternalId, now, now], cancellationToken);
                accounts[name] = id;
            }
            await table.CompleteAsync(cancellationToken);
        }
        await BulkTable.ResetIdentityAsync<Account>(db, cancellationToken);
        return accounts;
    }
}
