namespace Loudou.Core.Demo;

/// <summary>What the demo generator makes: how many deals, from which seed, up to which local date.</summary>
/// <param name="Deals">Deals created over the 18 months up to <paramref name="AsOf"/>.</param>
/// <param name="Seed">The same seed and as-of date always give the same rows.</param>
/// <param name="AsOf">The last local day of the data; deals still open then stay open.</param>
public sealed record DemoOptions(int Deals, int Seed, DateOnly AsOf)
{
    public const int DefaultDeals = 20_000;
    public const int DefaultSeed = 1;

    /// <summary>Beyond this a demo is not a demo; generating it would take many minutes and gigabytes.</summary>
    public const int MaxDeals = 5_000_000;

    /// <summary>Months of history before the as-of date.</summary>
    public const int Months = 18;

    /// <summary>Checks the options, naming the one that is wrong.</summary>
    public DemoOptions Validated()
    {
        if (Deals is < 1 or > MaxDeals)
        {
            Guard.Throw("deals", $"{new FieldName("deals")} must be between 1 and {MaxDeals:N0}, was {Deals:N0}.");
        }
        if (AsOf.Year is < 2000 or > 2100)
        {
            Guard.Throw("asOf", $"{new FieldName("asOf")} {AsOf:yyyy-MM-dd} is outside the years 2000 to 2100.");
        }
        return this;
    }
}
