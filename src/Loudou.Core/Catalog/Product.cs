namespace Loudou.Core.Catalog;

/// <summary>Something a deal sells.</summary>
public sealed class Product
{
    private Product(string name) => Name = name;

    public int Id { get; private set; }

    /// <summary>Unique.</summary>
    public string Name { get; private set; }

    /// <summary>A product line or family such as "GTX" in the Maven data set.</summary>
    public string? Series { get; private set; }

    public decimal? ListPrice { get; private set; }

    public string? Currency { get; private set; }

    public static Product Create(string name, string? series = null) =>
        new(Guard.Required(name, "name", 100)) { Series = Guard.Optional(series, "series", 100) };

    public void SetListPrice(decimal? price, string? currency)
    {
        ListPrice = Guard.NonNegative(price, "listPrice");
        Currency = price is null ? null : Guard.Currency(currency, "currency");
    }
}
