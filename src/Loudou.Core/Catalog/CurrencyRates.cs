namespace Loudou.Core.Catalog;

/// <summary>Converts amounts into the workspace's base currency at the rate in force on a day (docs/metrics.md, "Amounts in the base currency").</summary>
/// <remarks>
/// The rate of a day is the one with the latest <see cref="ExchangeRate.ValidFrom"/> not after it. Before a currency's
/// first rate its first rate applies: a workspace that records a rate today still sees last year's deals in totals,
/// converted as well as it knows, rather than losing them. Without a day (a deal of unknown date) the latest rate
/// applies. A currency with no rate at all has no value in base: the amount is unknown (null), never counted as if
/// it were in base.
/// </remarks>
public sealed class CurrencyRates
{
    private readonly string _baseCurrency;
    private readonly Dictionary<string, (DateOnly[] From, decimal[] Rate)> _byCurrency;

    public CurrencyRates(string baseCurrency, IEnumerable<ExchangeRate> rates)
    {
        _baseCurrency = baseCurrency;
        _byCurrency = rates.GroupBy(r => r.Currency, StringComparer.Ordinal).ToDictionary(
            g => g.Key,
            g =>
            {
                var ordered = g.OrderBy(r => r.ValidFrom).ToArray();
                return (ordered.Select(r => r.ValidFrom).ToArray(), ordered.Select(r => r.RateToBase).ToArray());
            },
            StringComparer.Ordinal);
    }

    public string BaseCurrency => _baseCurrency;

    /// <summary>Units of base currency per unit of <paramref name="currency"/> on <paramref name="day"/>; 1 for the base currency; null when the currency has no rate.</summary>
    public decimal? RateOn(string currency, DateOnly? day)
    {
        if (string.Equals(currency, _baseCurrency, StringComparison.Ordinal))
        {
            return 1m;
        }
        if (!_byCurrency.TryGetValue(currency, out var table))
        {
            return null;
        }
        if (day is not { } on)
        {
            return table.Rate[^1];
        }
        var at = Array.BinarySearch(table.From, on);
        // Not found: ~at is the first later rate, so the one in force is just before it (or the first, before any).
        var index = at >= 0 ? at : Math.Max(0, ~at - 1);
        return table.Rate[index];
    }

    /// <summary>The amount in base currency on the day; null when the amount or the currency's rate is unknown.</summary>
    public decimal? InBase(decimal? amount, string currency, DateOnly? day) =>
        amount is { } value && RateOn(currency, day) is { } rate ? value * rate : null;

    /// <summary>The day a deal's amount is converted on: its close date when closed, else its creation date, in the workspace's time zone.</summary>
    public static DateOnly? DayOf(DateTimeOffset? closedAt, DateTimeOffset? createdAt, TimeZoneInfo zone) =>
        (closedAt ?? createdAt) is { } moment ? DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(moment, zone).DateTime) : null;
}
