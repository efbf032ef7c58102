using Loudou.Core.Pipelines;
using Loudou.Storage.Analytics;
using Loudou.Storage.Records;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Storage.Accounts;

/// <summary>An account as the account list shows it: its details and what its deals the caller sees add up to.</summary>
/// <param name="OpenDeals">Its deals in an open stage.</param>
/// <param name="WonAmount">Known amounts of its won deals in the base currency (a currency without a rate is left out, as analytics leave it).</param>
/// <param name="LastActivity">The latest activity on any of its deals; null when none.</param>
public sealed record AccountSummary(
    int Id, string Name, string? Industry, string? SizeBand, string? Region, int Deals, int OpenDeals, decimal WonAmount, DateTimeOffset? LastActivity);

/// <summary>Filters of the account list; each null means any.</summary>
/// <param name="Search">Text in the name (ignoring case), or the credit code exactly.</param>
public sealed record AccountFilter(string? Search = null, string? Industry = null, string? Region = null, string? SizeBand = null);

/// <summary>What the account list sorts by.</summary>
public enum AccountSort
{
    Name,
    Deals,
    OpenDeals,
    WonAmount,
    LastActivity,
}

/// <summary>The account list, in the caller's scope: accounts through the deals they see, each with its deals' totals.</summary>
/// <remarks>
/// Totals count only the deals the caller sees (docs/access.md): a rep's won amount of an account is the rep's own.
/// They are summed in memory over the filtered accounts, so the list sorts by any of them; a workspace has
/// accounts by the thousand, not the million, and each query reads one narrow column set.
/// </remarks>
public sealed class AccountSummaries(LoudouDbContext db)
{
    public async Task<Page<AccountSummary>> ListAsync(AccountFilter filter, AccountSort sort, bool descending, int page, int pageSize, CancellationToken cancellationToken = default)
    {
        var all = await AllAsync(filter, sort, descending, cancellationToken);
        var number = Math.Max(1, page);
        return new Page<AccountSummary>([.. all.Skip((int)Math.Min(int.MaxValue, ((long)number - 1) * pageSize)).Take(pageSize)], number, pageSize, all.Count);
    }

    /// <summary>Every account the filter keeps, in the list's order: what an export writes.</summary>
    public async Task<IReadOnlyList<AccountSummary>> AllAsync(AccountFilter filter, AccountSort sort, bool descending, CancellationToken cancellationToken = default)
    {
        var accounts = db.Accounts.AsNoTracking();
        if (filter.Search is { } text)
        {
            var lower = text.ToLowerInvariant();
            accounts = accounts.Where(a => a.Name.ToLower().Contains(lower) || a.CreditCode == text);
        }
        if (filter.Industry is { } industry)
        {
            accounts = accounts.Where(a => a.Industry == industry);
        }
        if (filter.Region is { } region)
        {
            accounts = accounts.Where(a => a.Region == region);
        }
        if (filter.SizeBand is { } size)
        {
            accounts = accounts.Where(a => a.SizeBand == size);
        }
        var rows = await accounts.Select(a => new { a.Id, a.Name, a.Industry, a.SizeBand, a.Region }).ToListAsync(cancellationToken);

        var open = (await db.Stages.AsNoTracking().Where(s => s.Kind == StageKind.Open).Select(s => s.Id).ToListAsync(cancellationToken)).ToHashSet();
        var won = (await db.Stages.AsNoTracking().Where(s => s.Kind == StageKind.Won).Select(s => s.Id).ToListAsync(cancellationToken)).ToHashSet();
        var deals = await db.Deals.AsNoTracking().Where(d => d.AccountId != null)
            .Select(d => new { AccountId = d.AccountId!.Value, d.StageId, d.Amount, d.Currency, d.ClosedAt, d.CreatedAt }).ToListAsync(cancellationToken);
        var settings = await db.WorkspaceSettings.AsNoTracking().SingleAsync(cancellationToken);
        var rates = await BaseCurrencyRates.LoadAsync(db, settings.BaseCurrency, settings.Calendar.Zone, cancellationToken);
        var byAccount = deals.GroupBy(d => d.AccountId).ToDictionary(g => g.Key, g => (
            Deals: g.Count(),
            Open: g.Count(d => open.Contains(d.StageId)),
            Won: g.Where(d => won.Contains(d.StageId)).Sum(d => rates.InBase(d.Amount, d.Currency, d.ClosedAt, d.CreatedAt) ?? 0m)));
        // Activities are dated as text on SQLite, where the database cannot take their maximum: the latest is found here.
        var touches = await db.Activities.AsNoTracking()
            .Join(db.Deals.Where(d => d.AccountId != null), a => a.DealId, d => d.Id, (a, d) => new { AccountId = d.AccountId!.Value, a.At })
            .ToListAsync(cancellationToken);
        var last = touches.GroupBy(t => t.AccountId).ToDictionary(g => g.Key, g => g.Max(t => t.At));

        var summaries = rows.Select(a =>
        {
            var (count, openCount, wonAmount) = byAccount.GetValueOrDefault(a.Id);
            return new AccountSummary(a.Id, a.Name, a.Industry, a.SizeBand, a.Region, count, openCount, wonAmount, last.TryGetValue(a.Id, out var at) ? at : null);
        });
        IOrderedEnumerable<AccountSummary> ordered = sort switch
        {
            AccountSort.Deals => By(summaries, s => s.Deals, descending),
            AccountSort.OpenDeals => By(summaries, s => s.OpenDeals, descending),
            AccountSort.WonAmount => By(summaries, s => s.WonAmount, descending),
            AccountSort.LastActivity => By(summaries, s => s.LastActivity, descending),
            _ => By(summaries, s => s.Name, descending, StringComparer.CurrentCulture),
        };
        return [.. descending ? ordered.ThenByDescending(s => s.Id) : ordered.ThenBy(s => s.Id)];
    }

    private static IOrderedEnumerable<AccountSummary> By<TKey>(IEnumerable<AccountSummary> items, Func<AccountSummary, TKey> key, bool descending, IComparer<TKey>? comparer = null) =>
        descending ? items.OrderByDescending(key, comparer) : items.OrderBy(key, comparer);
}
