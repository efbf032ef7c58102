using Loudou.Core.Accounts;
using Loudou.Core.Catalog;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Storage.Deals;

/// <summary>The account and tags a deal names, found or made: shared by creation and updates.</summary>
/// <remarks>Each saves what it makes at once, for the id; callers run inside one transaction so a refusal later undoes it.</remarks>
internal static class DealLinks
{
    /// <summary>The account of that name in the caller's scope, else a new one.</summary>
    /// <remarks>Only accounts the caller can see are matched; another team's account of the same name stays theirs.</remarks>
    public static async Task<Account> AccountNamedAsync(LoudouDbContext db, string name, CancellationToken cancellationToken)
    {
        var trimmed = name.Trim();
        var account = await db.Accounts.OrderBy(a => a.Id).FirstOrDefaultAsync(a => a.Name == trimmed, cancellationToken)
            ?? db.Accounts.Add(Account.Create(trimmed)).Entity;
        await db.SaveChangesAsync(cancellationToken);
        return account;
    }

    public static async Task<Tag> TagNamedAsync(LoudouDbContext db, string name, CancellationToken cancellationToken)
    {
        var tag = await db.Tags.SingleOrDefaultAsync(t => t.Name == name, cancellationToken) ?? db.Tags.Add(Tag.Create(name)).Entity;
        await db.SaveChangesAsync(cancellationToken);
        return tag;
    }

    /// <summary>Checks tag names: trimmed, distinct, 1 to 50 characters each.</summary>
    public static List<string> CheckTags(IReadOnlyList<string?>? tags, Dictionary<string, string[]> errors)
    {
        var names = (tags ?? []).Select(t => t?.Trim() ?? "").Distinct(StringComparer.Ordinal).ToList();
        if (names.Exists(t => t.Length is 0 or > 50))
        {
            errors["tags"] = ["every tag needs 1 to 50 characters."];
        }
        return names;
    }

    /// <summary>Checks an account name: 1 to 200 characters.</summary>
    public static void CheckAccount(string? name, Dictionary<string, string[]> errors)
    {
        if (name is not null && name.Trim().Length is 0 or > 200)
        {
            errors["account"] = ["account needs 1 to 200 characters."];
        }
    }
}
