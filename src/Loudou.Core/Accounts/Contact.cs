namespace Loudou.Core.Accounts;

/// <summary>A person at an account.</summary>
public sealed class Contact
{
    private Contact(string name) => Name = name;

    public int Id { get; private set; }

    public int? AccountId { get; private set; }

    public Account? Account { get; private set; }

    public string Name { get; private set; }

    public string? Title { get; private set; }

    public string? Phone { get; private set; }

    public string? Email { get; private set; }

    public string? WeChat { get; private set; }

    public string? Source { get; private set; }

    public string? ExternalId { get; private set; }

    /// <summary>The concurrency token: storage increments it on every save that changes the contact.</summary>
    public int Version { get; private set; }

    public static Contact Create(string name, Account? account) =>
        new(Guard.Required(name, "name", 100)) { Account = account, AccountId = account?.Id };

    public void MoveToAccount(Account? account)
    {
        Account = account;
        AccountId = account?.Id;
    }

    /// <summary>Links the contact to an account by id (imports know ids, not loaded accounts); null unlinks it.</summary>
    public void LinkAccount(int? accountId)
    {
        Account = Account?.Id == accountId ? Account : null;
        AccountId = accountId;
    }

    public void Rename(string name) => Name = Guard.Required(name, "name", 100);

    public void SetDetails(string? title, string? phone, string? email, string? weChat)
    {
        Title = Guard.Optional(title, "title", 100);
        Phone = Guard.Optional(phone, "phone", 50);
        Email = Guard.Email(email, "email");
        WeChat = Guard.Optional(weChat, "weChat", 100);
    }

    /// <summary>Erases the personal data: the name becomes a placeholder with the id, phone, e-mail and WeChat are removed.</summary>
    /// <remarks>The title, the account and the link to an outside system stay: they say what the deals were, not who the person is (docs/privacy.md).</remarks>
    /// <returns>The values removed, by field, for taking them out of free text too.</returns>
    public IReadOnlyDictionary<string, string> Erase()
    {
        var removed = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Name != ErasedName(Id))
        {
            removed["name"] = Name;
        }
        foreach (var (field, value) in new[] { ("phone", Phone), ("email", Email), ("weChat", WeChat) })
        {
            if (value is not null)
            {
                removed[field] = value;
            }
        }
        Name = ErasedName(Id);
        (Phone, Email, WeChat) = (null, null, null);
        return removed;
    }

    /// <summary>The name an erased contact keeps, so that its deals still show a contact: "[erased] #ID".</summary>
    public static string ErasedName(int id) => $"{PersonalText.Erased} #{id}";

    public void LinkExternal(string source, string externalId)
    {
        Source = Guard.Required(source, "source", 50);
        ExternalId = Guard.Required(externalId, "externalId", 100);
    }
}
