using Microsoft.EntityFrameworkCore;

namespace Loudou.Storage.Analytics;

/// <summary>Converts deal amounts into the workspace's base currency, as both funnel loaders do.</summary>
/// <remarks>Another currency converts at its latest rate; without a rate the amount is unknown (null), never counted as if in base.</remarks>
internal sealed class BaseCurrencyRates
{
    private readonly string _baseCurrency;
    private readonly Dictionary<string, decimal> _rates;

    private BaseCurrencyRates(string baseCurrency, Dictionary<string, decimal> rates) => (_baseCurrency, _rates) = (baseCurrency, rates);

    public static async Task<BaseCurrencyRates> LoadAsync(LoudouDbContext db, string baseCurrency, CancellationToken cancellationToken)
    {
        var rates = (await db.ExchangeRates.AsNoTracking().ToListAsync(cancellationToken))
            .GroupBy(r => r.Currency).ToDictionary(g => g.Key, g => g.MaxBy(r => r.ValidFrom)!.RateToBase);
        return new BaseCurrencyRates(baseCurrency, rates);
    }

    public decimal? InBase(decimal? amount, string currency) =>
        amount is null || currency == _baseCurrency ? amount : _rates.TryGetValue(currency, out var rate) ? amount * rate : null;
}
