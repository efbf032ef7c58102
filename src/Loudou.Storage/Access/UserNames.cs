using Microsoft.EntityFrameworkCore;

namespace Loudou.Storage.Access;

/// <summary>Each user's login and display name: what pages show instead of logins (owners, authors, assignees).</summary>
/// <remarks>Users are workspace reference data that anyone reads (docs/access.md); whose records a user sees is the scope's business, not this.</remarks>
public static class UserNames
{
    /// <param name="activeOnly">Only the users still active: those a record may be given to.</param>
    public static async Task<IReadOnlyDictionary<string, string>> ReadAsync(LoudouDbContext db, bool activeOnly = false, CancellationToken cancellationToken = default)
    {
        var users = db.Users.AsNoTracking();
        if (activeOnly)
        {
            users = users.Where(u => u.IsActive);
        }
        return await users.ToDictionaryAsync(u => u.LoginName, u => u.DisplayName, StringComparer.Ordinal, cancellationToken);
    }
}
