namespace Loudou.Core.Catalog;

/// <summary>Where a deal came from (a trade fair, a website form, a referral), with what it costs.</summary>
public sealed class Channel
{
    private Channel(string name) => Name = name;

    public int Id { get; private set; }

    /// <summary>Unique, as imports and reports name channels.</summary>
    public string Name { get; private set; }

    /// <summary>Spend per month in <see cref="Currency"/>, for cost per won deal; null when unknown.</summary>
    public decimal? CostPerMonth { get; private set; }

    public string? Currency { get; private set; }

    public static Channel Create(string name) => new(Guard.Required(name, "name", 100));

    public void Rename(string name) => Name = Guard.Required(name, "name", 100);

    public void SetCost(decimal? costPerMonth, string? currency)
    {
        CostPerMonth = Guard.NonNegative(costPerMonth, "costPerMonth");
        Currency = costPerMonth is null ? null : Guard.Currency(currency, "currency");
    }
}
