using Loudou.Core.Access;
using Loudou.Core.Accounts;
using Loudou.Storage.Records;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Storage.Accounts;

/// <summary>An account as the API shows it.</summary>
/// <param name="Deals">Its deals in the caller's scope.</param>
/// <param name="Version">Sent back as If-Match on a correction, so that a change made since is not overwritten.</param>
public sealed record AccountView(int Id, string Name, string? Industry, string? SizeBand, string? Region, string? CreditCode, string? Source, string? ExternalId, int Deals, int Version);

/// <summary>An account's fields as a caller sets them; on update only the fields in <paramref name="Given"/> change.</summary>
public sealed record AccountFields(IReadOnlySet<string> Given, string? Name = null, string? Industry = null, string? SizeBand = null, string? Region = null, string? CreditCode = null)
{
    public static IReadOnlyList<string> Fields { get; } = ["name", "industry", "sizeBand", "region", "creditCode"];
}

/// <summary>Reads and writes accounts in the caller's scope, each write audited.</summary>
/// <remarks>
/// An account is visible through a visible deal (docs/access.md), so only an admin may create one
/// on its own: anyone else's new account would vanish from their sight at once. Reps and managers
/// make accounts with a deal (POST /api/v1/deals with "account"). Whoever sees an account may
/// correct its details; only an admin deletes, and only an account no deal uses.
/// </remarks>
public sealed class AccountStore(LoudouDbContext db, TimeProvider clock)
{
    public Task<Page<AccountView>> ListAsync(string? search, int page, int pageSize, CancellationToken cancellationToken = default)
    {
        var accounts = db.Accounts.AsNoTracking();
        if (search is { } text)
        {
            var lower = text.ToLowerInvariant();
            accounts = accounts.Where(a => a.Name.ToLower().Contains(lower) || a.CreditCode == text);
        }
        return Project(accounts.OrderBy(a => a.Name).ThenBy(a => a.Id)).PageAsync(page, pageSize, cancellationToken);
    }

    public Task<AccountView?> GetAsync(long id, CancellationToken cancellationToken = default) =>
        Project(db.Accounts.AsNoTracking().Where(a => a.Id == id)).SingleOrDefaultAsync(cancellationToken);

    public async Task<WriteResult> CreateAsync(AccountFields fields, CancellationToken cancellationToken = default)
    {
        if (!db.Scope.SeesAll)
        {
            return WriteResult.Forbidden("Only an admin creates an account on its own; create it with its deal instead (POST /api/v1/deals with \"account\").");
        }
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        Account? account = null;
        RecordWrites.Check(errors, () => account = Account.Create(fields.Name!));
        if (account is not null)
        {
            Apply(account, fields with { Given = new HashSet<string>(AccountFields.Fields.Skip(1)) }, errors);
        }
        if (errors.Count > 0)
        {
            return WriteResult.Invalid(errors);
        }
        await RecordWrites.CreateAuditedAsync(db, clock.GetUtcNow(), account!, AuditEntityTypes.Account, a => a.Id, a => Task.FromResult<object>(Describe(a)), cancellationToken);
        return WriteResult.Done(account!.Id);
    }

    /// <param name="expectedVersion">The version the caller read; null writes over whatever is stored.</param>
    public async Task<WriteResult> UpdateAsync(long id, AccountFields fields, int? expectedVersion = null, CancellationToken cancellationToken = default)
    {
        if (await db.Accounts.SingleOrDefaultAsync(a => a.Id == id, cancellationToken) is not { } account)
        {
            return WriteResult.NotFound;
        }
        if (expectedVersion is { } expected && expected != account.Version)
        {
            return WriteResult.Stale(account.Version);
        }
        var before = Describe(account);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (fields.Given.Contains("name"))
        {
            RecordWrites.Check(errors, () => account.Rename(fields.Name!));
        }
        Apply(account, fields, errors);
        if (errors.Count > 0)
        {
            return WriteResult.Invalid(errors);
        }
        RecordWrites.AuditChanges(db, clock, AuditEntityTypes.Account, id, before, Describe(account));
        return await RecordWrites.SaveVersionedAsync(db, id,
            c => db.Accounts.AsNoTracking().Where(a => a.Id == id).Select(a => (int?)a.Version).SingleOrDefaultAsync(c), cancellationToken);
    }

    public async Task<WriteResult> DeleteAsync(long id, CancellationToken cancellationToken = default)
    {
        if (await db.Accounts.SingleOrDefaultAsync(a => a.Id == id, cancellationToken) is not { } account)
        {
            return WriteResult.NotFound;
        }
        if (!db.Scope.SeesAll)
        {
            return WriteResult.Forbidden("Only an admin deletes an account.");
        }
        var deals = await db.Deals.CountAsync(d => d.AccountId == id, cancellationToken);
        if (deals > 0)
        {
            return WriteResult.Conflict($"{deals} deal(s) still use this account; move or delete them first.");
        }
        AuditEntityTypes.Record(db, clock.GetUtcNow(), AuditEntityTypes.Account, id, AuditAction.Delete, Describe(account), null);
        db.Accounts.Remove(account);
        return await RecordWrites.SaveAsync(db, id, cancellationToken);
    }

    /// <summary>The optional details; each given one replaces the stored value, null clearing it.</summary>
    private static void Apply(Account account, AccountFields fields, Dictionary<string, string[]> errors)
    {
        string? Pick(string field, string? value, string? current) => fields.Given.Contains(field) ? value : current;
        RecordWrites.Check(errors, () => account.Describe(
            Pick("industry", fields.Industry, account.Industry), Pick("sizeBand", fields.SizeBand, account.SizeBand), Pick("region", fields.Region, account.Region)));
        if (fields.Given.Contains("creditCode"))
        {
            RecordWrites.Check(errors, () => account.SetCreditCode(fields.CreditCode));
        }
    }

    private static Dictionary<string, object?> Describe(Account a) => new()
    {
        ["name"] = a.Name,
        ["industry"] = a.Industry,
        ["sizeBand"] = a.SizeBand,
        ["region"] = a.Region,
        ["creditCode"] = a.CreditCode,
    };

    private IQueryable<AccountView> Project(IQueryable<Account> accounts) =>
        accounts.Select(a => new AccountView(a.Id, a.Name, a.Industry, a.SizeBand, a.Region, a.CreditCode, a.Source, a.ExternalId, db.Deals.Count(d => d.AccountId == a.Id), a.Version));
}
