namespace Loudou.Core.Deals;

/// <summary>The built-in deal fields that a stage may require, by the key a pipeline file uses.</summary>
/// <remarks>Custom fields are named by their own key, which must not be one of these.</remarks>
public static class DealFields
{
    public const string Account = "account";
    public const string Contact = "contact";
    public const string Channel = "channel";
    public const string Amount = "amount";
    public const string ExpectedClose = "expectedClose";
    public const string Products = "products";
    public const string Tags = "tags";

    public static IReadOnlySet<string> BuiltIn { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        Account, Contact, Channel, Amount, ExpectedClose, Products, Tags,
    };
}
