using Loudou.Core.Catalog;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Storage.Analytics;

/// <summary>Converts deal amounts into the workspace's base currency, as every total reads them.</summary>
/// <remarks>
/// At the rate in force on the deal's close day, or its creation day while open, in the workspace's time zone
/// (<see cref="CurrencyRates"/>, docs/metrics.md "Amounts in the base currency"); without a rate the amount is
/// unknown (null), never counted as if in base.
/// </remarks>
internal sealed class BaseCurrencyRates
{
    private readonly CurrencyRates _rates;
    private readonly TimeZoneInfo _zone;

    private BaseCurrencyRates(CurrencyRates rates, TimeZoneInfo zone) => (_rates, _zone) = (rates, zone);

    /// <param name="baseCurrency">The workspace's base currency, and <paramref name="zone"/> its time zone, which every caller has read already.</param>
    public static async Task<BaseCurrencyRates> LoadAsync(LoudouDbContext db, string baseCurrency, TimeZoneInfo zone, CancellationToken cancellationToken)
    {
        var rates = await db.ExchangeRates.AsNoTracking().ToListAsync(cancellationToken);
        return new BaseCurrencyRates(new CurrencyRates(baseCurrency, rates), zone);
    }

    public decimal? InBase(decimal? amount, string currency, DateTimeOffset? closedAt, DateTimeOffset? createdAt) =>
        amount is null ? null : _rates.InBase(amount, currency, CurrencyRates.DayOf(closedAt, createdAt, _zone));
}
