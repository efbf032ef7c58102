using Loudou.Core.Access;
using Loudou.Core.Accounts;
using Loudou.Storage.Records;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Storage.Accounts;

/// <summary>A contact as the API shows it, with its account's name.</summary>
/// <param name="Version">Sent back as If-Match on a correction, so that a change made since is not overwritten.</param>
public sealed record ContactView(int Id, string Name, string? Title, string? Phone, string? Email, string? WeChat, int? AccountId, string? Account, string? Source, string? ExternalId, int Version);

/// <summary>A contact's fields as a caller sets them; on update only the fields in <paramref name="Given"/> change.</summary>
/// <param name="AccountId">The account the contact works at; it must be one the caller sees.</param>
public sealed record ContactFields(IReadOnlySet<string> Given, string? Name = null, string? Title = null, string? Phone = null, string? Email = null, string? WeChat = null, long? AccountId = null)
{
    public static IReadOnlyList<string> Fields { get; } = ["name", "title", "phone", "email", "weChat", "account"];
}

/// <summary>What the contact list sorts by.</summary>
public enum ContactSort
{
    Name,
    Account,
}

/// <summary>Reads and writes contacts in the caller's scope, each write audited.</summary>
/// <remarks>
/// A contact is visible through a visible deal of its account (or one naming it as main contact),
/// so a new contact goes onto an account the caller sees; only an admin keeps contacts without one.
/// Whoever sees a contact may correct it; managers and admins delete.
/// </remarks>
public sealed class ContactStore(LoudouDbContext db, TimeProvider clock)
{
    public Task<Page<ContactView>> ListAsync(string? search, long? accountId, int page, int pageSize, CancellationToken cancellationToken = default) =>
        ListAsync(search, accountId, ContactSort.Name, descending: false, page, pageSize, cancellationToken);

    /// <summary>A page of the contacts in scope, by name or by account name (then name), either way; ties by id so pages never overlap.</summary>
    public Task<Page<ContactView>> ListAsync(string? search, long? accountId, ContactSort sort, bool descending, int page, int pageSize, CancellationToken cancellationToken = default)
    {
        var contacts = db.Contacts.AsNoTracking();
        if (accountId is { } account)
        {
            contacts = contacts.Where(c => c.AccountId == account);
        }
        if (search is { } text)
        {
            var lower = text.ToLowerInvariant();
            contacts = contacts.Where(c => c.Name.ToLower().Contains(lower) || c.Phone == text || (c.Email != null && c.Email.ToLower() == lower));
        }
        var ordered = (sort, descending) switch
        {
            (ContactSort.Account, false) => contacts.OrderBy(c => db.Accounts.Where(a => a.Id == c.AccountId).Select(a => a.Name).FirstOrDefault()).ThenBy(c => c.Name),
            (ContactSort.Account, true) => contacts.OrderByDescending(c => db.Accounts.Where(a => a.Id == c.AccountId).Select(a => a.Name).FirstOrDefault()).ThenByDescending(c => c.Name),
            (_, true) => contacts.OrderByDescending(c => c.Name),
            _ => contacts.OrderBy(c => c.Name),
        };
        return Project(descending ? ordered.ThenByDescending(c => c.Id) : ordered.ThenBy(c => c.Id)).PageAsync(page, pageSize, cancellationToken);
    }

    public Task<ContactView?> GetAsync(long id, CancellationToken cancellationToken = default) =>
        Project(db.Contacts.AsNoTracking().Where(c => c.Id == id)).SingleOrDefaultAsync(cancellationToken);

    public async Task<WriteResult> CreateAsync(ContactFields fields, CancellationToken cancellationToken = default)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var account = await AccountAsync(fields.AccountId, errors, cancellationToken);
        Contact? contact = null;
        RecordWrites.Check(errors, () => contact = Contact.Create(fields.Name!, account));
        if (contact is not null)
        {
            Apply(contact, fields with { Given = new HashSet<string>(["title", "phone", "email", "weChat"]) }, errors);
        }
        if (errors.Count > 0)
        {
            return WriteResult.Invalid(errors);
        }
        return await RecordWrites.CreateAuditedAsync(db, clock.GetUtcNow(), contact!, AuditEntityTypes.Contact, c => c.Id, c => Task.FromResult<object>(Describe(c)), cancellationToken)
            ? WriteResult.Done(contact!.Id)
            : WriteResult.Invalid("account", $"there is no account {fields.AccountId}: it was deleted a moment ago.");
    }

    /// <param name="expectedVersion">The version the caller read; null writes over whatever is stored.</param>
    public async Task<WriteResult> UpdateAsync(long id, ContactFields fields, int? expectedVersion = null, CancellationToken cancellationToken = default)
    {
        if (await db.Contacts.SingleOrDefaultAsync(c => c.Id == id, cancellationToken) is not { } contact)
        {
            return WriteResult.NotFound;
        }
        if (expectedVersion is { } expected && expected != contact.Version)
        {
            return WriteResult.Stale(contact.Version);
        }
        var before = Describe(contact);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (fields.Given.Contains("name"))
        {
            RecordWrites.Check(errors, () => contact.Rename(fields.Name!));
        }
        if (fields.Given.Contains("account"))
        {
            var account = await AccountAsync(fields.AccountId, errors, cancellationToken);
            contact.LinkAccount(account?.Id);
        }
        Apply(contact, fields, errors);
        if (errors.Count > 0)
        {
            return WriteResult.Invalid(errors);
        }
        RecordWrites.AuditChanges(db, clock, AuditEntityTypes.Contact, id, before, Describe(contact));
        return await RecordWrites.SaveVersionedAsync(db, id,
            c => db.Contacts.AsNoTracking().Where(x => x.Id == id).Select(x => (int?)x.Version).SingleOrDefaultAsync(c), cancellationToken);
    }

    public async Task<WriteResult> DeleteAsync(long id, CancellationToken cancellationToken = default)
    {
        if (await db.Contacts.SingleOrDefaultAsync(c => c.Id == id, cancellationToken) is not { } contact)
        {
            return WriteResult.NotFound;
        }
        if (!db.Scope.MayDelete)
        {
            return WriteResult.Forbidden("Only a manager or an admin deletes a contact.");
        }
        AuditEntityTypes.Record(db, clock.GetUtcNow(), AuditEntityTypes.Contact, id, AuditAction.Delete, Describe(contact), null);
        db.Contacts.Remove(contact);
        return await RecordWrites.SaveAsync(db, id, cancellationToken);
    }

    /// <summary>The account a contact goes onto: one the caller sees; none only for an admin.</summary>
    private async Task<Account?> AccountAsync(long? accountId, Dictionary<string, string[]> errors, CancellationToken cancellationToken)
    {
        if (accountId is null)
        {
            if (!db.Scope.SeesAll)
            {
                errors["account"] = ["account is required: the id of an account one of your deals is with."];
            }
            return null;
        }
        var account = await db.Accounts.SingleOrDefaultAsync(a => a.Id == accountId, cancellationToken);
        if (account is null)
        {
            errors["account"] = [$"there is no account {accountId}."];
        }
        return account;
    }

    private static void Apply(Contact contact, ContactFields fields, Dictionary<string, string[]> errors)
    {
        string? Pick(string field, string? value, string? current) => fields.Given.Contains(field) ? value : current;
        RecordWrites.Check(errors, () => contact.SetDetails(
            Pick("title", fields.Title, contact.Title), Pick("phone", fields.Phone, contact.Phone), Pick("email", fields.Email, contact.Email), Pick("weChat", fields.WeChat, contact.WeChat)));
    }

    private static Dictionary<string, object?> Describe(Contact c) => new()
    {
        ["name"] = c.Name,
        ["title"] = c.Title,
        ["phone"] = c.Phone,
        ["email"] = c.Email,
        ["weChat"] = c.WeChat,
        ["account"] = c.AccountId,
    };

    private IQueryable<ContactView> Project(IQueryable<Contact> contacts) =>
        contacts.Select(c => new ContactView(c.Id, c.Name, c.Title, c.Phone, c.Email, c.WeChat, c.AccountId,
            db.Accounts.Where(a => a.Id == c.AccountId).Select(a => a.Name).FirstOrDefault(), c.Source, c.ExternalId, c.Version));
}
