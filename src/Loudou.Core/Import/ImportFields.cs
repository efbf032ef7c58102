namespace Loudou.Core.Import;

/// <summary>The target fields a mapping may fill, per entity, by the name mapping files use.</summary>
public static class ImportFields
{
    public const string ExternalId = "externalId";
    public const string Name = "name";

    /// <summary>The key of the pipeline a deal row goes into, as <c>loudou export deals</c> writes it; <c>--pipeline</c> overrides it.</summary>
    public const string Pipeline = "pipeline";
    public const string Account = "account";
    public const string AccountIndustry = "account.industry";
    public const string AccountRegion = "account.region";
    public const string AccountSizeBand = "account.sizeBand";
    public const string Channel = "channel";
    public const string Owner = "owner";
    public const string Team = "team";
    public const string Amount = "amount";
    public const string Currency = "currency";
    public const string CreatedAt = "createdAt";
    public const string ExpectedClose = "expectedClose";
    public const string Product = "product";
    public const string ProductSeries = "product.series";
    public const string ProductListPrice = "product.listPrice";
    public const string Tags = "tags";
    public const string Industry = "industry";
    public const string Region = "region";
    public const string SizeBand = "sizeBand";
    public const string CreditCode = "creditCode";
    public const string Deal = "deal";
    public const string Kind = "kind";
    public const string At = "at";
    public const string Outcome = "outcome";
    public const string Note = "note";
    public const string Title = "title";
    public const string Phone = "phone";
    public const string Email = "email";
    public const string WeChat = "weChat";

    /// <summary>A deal's custom field is filled as <c>custom.KEY</c> (docs/import.md).</summary>
    public const string CustomPrefix = "custom.";

    /// <summary>The custom field's key when <paramref name="field"/> names one (<c>custom.KEY</c>, KEY a valid key); else null.</summary>
    public static string? CustomKey(string field) =>
        field.StartsWith(CustomPrefix, StringComparison.Ordinal) && Guard.IsKey(field[CustomPrefix.Length..]) ? field[CustomPrefix.Length..] : null;

    /// <summary>Fields each entity accepts; the first are required.</summary>
    public static IReadOnlyList<string> For(ImportEntity entity) => entity switch
    {
        ImportEntity.Deals =>
        [
            ExternalId, Name, Pipeline, Account, AccountIndustry, AccountRegion, AccountSizeBand, Channel, Owner, Team, Amount, Currency,
            CreatedAt, ExpectedClose, Product, ProductSeries, ProductListPrice, Tags,
        ],
        ImportEntity.History => [ExternalId],
        ImportEntity.Accounts => [ExternalId, Name, Industry, Region, SizeBand, CreditCode],
        ImportEntity.Contacts => [ExternalId, Name, Account, Title, Phone, Email, WeChat],
        ImportEntity.Activities => [ExternalId, Deal, Kind, At, Owner, Outcome, Note],
        _ => [],
    };

    public static IReadOnlyList<string> Required(ImportEntity entity) => entity switch
    {
        ImportEntity.Deals => [ExternalId, Name],
        ImportEntity.History => [ExternalId],
        ImportEntity.Accounts => [ExternalId, Name],
        ImportEntity.Contacts => [ExternalId, Name],
        ImportEntity.Activities => [ExternalId, Deal, Kind, At],
        _ => [],
    };
}
