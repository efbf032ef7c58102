namespace Loudou.Core.Catalog;

/// <summary>How many units of the base currency one unit of a currency is worth, from a date on.</summary>
/// <remarks>The rate in force on a day is the one with the latest <see cref="ValidFrom"/> not after it.</remarks>
public sealed class ExchangeRate
{
    private ExchangeRate(string currency, DateOnly validFrom, decimal rateToBase)
    {
        Currency = currency;
        ValidFrom = validFrom;
        RateToBase = rateToBase;
    }

    public int Id { get; private set; }

    public string Currency { get; private set; }

    public DateOnly ValidFrom { get; private set; }

    public decimal RateToBase { get; private set; }

    public static ExchangeRate Create(string currency, DateOnly validFrom, decimal rateToBase) =>
        new(Guard.Currency(currency, "currency"), validFrom, CheckRate(rateToBase));

    /// <summary>Corrects the rate of the day (a typo, a better source); the day itself is what identifies the row.</summary>
    public void Change(decimal rateToBase) => RateToBase = CheckRate(rateToBase);

    private static decimal CheckRate(decimal rateToBase)
    {
        if (rateToBase <= 0)
        {
            Guard.Throw("rateToBase", $"rateToBase must be positive, was {rateToBase}.");
        }
        return rateToBase;
    }
}
