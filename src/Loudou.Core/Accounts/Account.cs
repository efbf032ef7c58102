namespace Loudou.Core.Accounts;

/// <summary>A company that deals are with.</summary>
public sealed class Account
{
    private Account(string name) => Name = name;

    public int Id { get; private set; }

    public string Name { get; private set; }

    public string? Industry { get; private set; }

    /// <summary>A size band such as "1-49" or "5000+", as the workspace spells it.</summary>
    public string? SizeBand { get; private set; }

    public string? Region { get; private set; }

    /// <summary>统一社会信用代码 (unified social credit code), for duplicate detection.</summary>
    public string? CreditCode { get; private set; }

    /// <summary>The system an imported account came from; with <see cref="ExternalId"/> it is unique.</summary>
    public string? Source { get; private set; }

    public string? ExternalId { get; private set; }

    /// <summary>The concurrency token: storage increments it on every save that changes the account.</summary>
    public int Version { get; private set; }

    public static Account Create(string name) => new(Guard.Required(name, "name"));

    public void Rename(string name) => Name = Guard.Required(name, "name");

    public void Describe(string? industry, string? sizeBand, string? region)
    {
        Industry = Guard.Optional(industry, "industry", 100);
        SizeBand = Guard.Optional(sizeBand, "sizeBand", 50);
        Region = Guard.Optional(region, "region", 100);
    }

    public void SetCreditCode(string? creditCode) => CreditCode = Guard.Optional(creditCode, "creditCode", 18);

    public void LinkExternal(string source, string externalId)
    {
        Source = Guard.Required(source, "source", 50);
        ExternalId = Guard.Required(externalId, "externalId", 100);
    }
}
