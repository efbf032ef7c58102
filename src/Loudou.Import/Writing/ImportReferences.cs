using Loudou.Core.Import;

namespace Loudou.Import.Writing;

/// <summary>The distinct names that valid rows refer to, collected while checking so they can be created before the deals.</summary>
/// <remarks>The last row's attributes win when rows disagree about one account or product.</remarks>
internal sealed class ImportReferences
{
    public Dictionary<string, string?> Owners { get; } = new(StringComparer.Ordinal);

    public HashSet<string> Teams { get; } = new(StringComparer.Ordinal);

    public HashSet<string> Channels { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, (string? Industry, string? Region, string? SizeBand)> Accounts { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, (string? Series, decimal? ListPrice, string? Currency)> Products { get; } = new(StringComparer.Ordinal);

    public HashSet<string> Tags { get; } = new(StringComparer.Ordinal);

    /// <summary>Custom values the valid rows hold, all told: whether (and about how much) the write fills that table.</summary>
    public long CustomValues { get; private set; }

    public void Add(DealRow deal)
    {
        if (deal.Owner is { } owner)
        {
            Owners[owner] = deal.Team ?? Owners.GetValueOrDefault(owner);
        }
        if (deal.Team is { } team)
        {
            Teams.Add(team);
        }
        if (deal.Channel is { } channel)
        {
            Channels.Add(channel);
        }
        if (deal.Account is { } account)
        {
            Accounts[account] = (deal.AccountIndustry, deal.AccountRegion, deal.AccountSizeBand);
        }
        if (deal.Product is { } product)
        {
            Products[product] = (deal.ProductSeries, deal.ProductListPrice, deal.Currency);
        }
        Tags.UnionWith(deal.Tags);
        CustomValues += deal.Custom.Count;
    }
}
