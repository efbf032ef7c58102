using Loudou.Core;
using Loudou.Core.Access;
using Loudou.Core.Catalog;
using Loudou.Storage.Records;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Storage.Catalog;

/// <summary>A dated rate as the admin page and the API show it, with the deals whose amounts are in its currency.</summary>
public sealed record ExchangeRateView(int Id, string Currency, DateOnly ValidFrom, decimal RateToBase, int DealsInCurrency);

/// <summary>The workspace's dated exchange rates: listed by anyone, set and removed by admins, every change audited.</summary>
/// <remarks>Totals convert at the rate in force on a deal's close or creation day (<see cref="CurrencyRates"/>); a change reloads the analytics snapshots, as any change of a setting does.</remarks>
public sealed class ExchangeRateStore(LoudouDbContext db, TimeProvider? clock = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    /// <summary>Every rate, by currency, newest first within one.</summary>
    public async Task<IReadOnlyList<ExchangeRateView>> ListAsync(CancellationToken cancellationToken = default)
    {
        var rates = await db.ExchangeRates.AsNoTracking().ToListAsync(cancellationToken);
        var currencies = rates.Select(r => r.Currency).Distinct().ToList();
        var deals = await db.Deals.AsNoTracking().Where(d => currencies.Contains(d.Currency))
            .GroupBy(d => d.Currency).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        return [.. rates.OrderBy(r => r.Currency, StringComparer.Ordinal).ThenByDescending(r => r.ValidFrom)
            .Select(r => new ExchangeRateView(r.Id, r.Currency, r.ValidFrom, r.RateToBase, deals.GetValueOrDefault(r.Currency)))];
    }

    /// <summary>Sets the rate of a currency from a day on: a new row, or the day's row corrected.</summary>
    /// <returns>The row and whether it was created.</returns>
    /// <exception cref="DomainRuleException">Not an admin; the base currency; a malformed currency or a rate not above 0.</exception>
    public async Task<(ExchangeRateView Rate, bool Created)> SetAsync(string currency, DateOnly validFrom, decimal rateToBase, CancellationToken cancellationToken = default)
    {
        RefuseNarrowScope();
        var candidate = ExchangeRate.Create(currency, validFrom, rateToBase);
        var baseCurrency = await db.WorkspaceSettings.AsNoTracking().Select(s => s.BaseCurrency).SingleAsync(cancellationToken);
        if (candidate.Currency == baseCurrency)
        {
            throw new DomainRuleException("currency", $"{baseCurrency} is the workspace's base currency: it is worth 1 of itself and takes no rate.");
        }
        var existing = await db.ExchangeRates.SingleOrDefaultAsync(r => r.Currency == candidate.Currency && r.ValidFrom == validFrom, cancellationToken);
        if (existing is not null)
        {
            var before = existing.RateToBase;
            existing.Change(rateToBase);
            if (before != existing.RateToBase)
            {
                AuditEntityTypes.Record(db, _clock.GetUtcNow(), AuditEntityTypes.ExchangeRate, existing.Id, AuditAction.Update,
                    Describe(existing, before), Describe(existing, existing.RateToBase));
                await db.SaveChangesAsync(cancellationToken);
            }
            return (await ViewAsync(existing, cancellationToken), false);
        }
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.ExchangeRates.Add(candidate);
        await db.SaveChangesAsync(cancellationToken);
        AuditEntityTypes.Record(db, _clock.GetUtcNow(), AuditEntityTypes.ExchangeRate, candidate.Id, AuditAction.Create, null, Describe(candidate, candidate.RateToBase));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (await ViewAsync(candidate, cancellationToken), true);
    }

    /// <summary>Removes a rate; amounts of its days then convert at the rate before it (or the next, before the first).</summary>
    /// <returns>False when there is no such rate.</returns>
    /// <exception cref="DomainRuleException">Not an admin.</exception>
    public async Task<bool> RemoveAsync(int id, CancellationToken cancellationToken = default)
    {
        RefuseNarrowScope();
        var rate = await db.ExchangeRates.SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (rate is null)
        {
            return false;
        }
        db.ExchangeRates.Remove(rate);
        AuditEntityTypes.Record(db, _clock.GetUtcNow(), AuditEntityTypes.ExchangeRate, rate.Id, AuditAction.Delete, Describe(rate, rate.RateToBase), null);
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    private async Task<ExchangeRateView> ViewAsync(ExchangeRate rate, CancellationToken cancellationToken) =>
        new(rate.Id, rate.Currency, rate.ValidFrom, rate.RateToBase, await db.Deals.CountAsync(d => d.Currency == rate.Currency, cancellationToken));

    private static object Describe(ExchangeRate rate, decimal value) => new { currency = rate.Currency, validFrom = rate.ValidFrom, rateToBase = value };

    // Rates change every total in the workspace: an admin's act, whose scope is the whole workspace.
    private void RefuseNarrowScope()
    {
        if (!db.Scope.SeesAll)
        {
            throw new DomainRuleException("role", $"exchange rates are set by admins.");
        }
    }
}
