using Loudou.Core.Workspace;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Storage.Records;

/// <summary>Whom the caller may give a deal or a task to: the one rule, used by creation, updates and tasks.</summary>
/// <remarks>
/// A rep gives to themself only, a manager to themself or their team, an admin (and the operator)
/// to any active user. Without this a rep could hand a deal to another team and so move it out of
/// their own manager's sight.
/// </remarks>
public static class Assignees
{
    /// <param name="login">The login asked for; null means the caller.</param>
    /// <param name="field">The field named in an error: "owner" or "assignee".</param>
    /// <returns>The user, or null with an error added (or null for the operator, who is no user).</returns>
    public static async Task<User?> ResolveAsync(LoudouDbContext db, string? login, string field, Dictionary<string, string[]> errors, CancellationToken cancellationToken)
    {
        var scope = db.Scope;
        var normalized = User.Normalize(login ?? "");
        var user = login is null
            ? scope.UserId is { } me ? await db.Users.SingleOrDefaultAsync(u => u.Id == me, cancellationToken) : null
            : await db.Users.SingleOrDefaultAsync(u => u.NormalizedLoginName == normalized, cancellationToken);
        if (login is not null && (user is null || !user.IsActive))
        {
            errors[field] = [$"{field} must be the login of an active user; was '{login}'."];
            return null;
        }
        if (user is null || scope.SeesAll || user.Id == scope.UserId || (scope.TeamId is not null && user.TeamId == scope.TeamId))
        {
            return user;
        }
        errors[field] = [scope.TeamId is null
            ? $"a rep gives {Noun(field)} to themself only; '{login}' is someone else."
            : $"a manager gives {Noun(field)} to their own team only; '{login}' is not in it."];
        return null;
    }

    private static string Noun(string field) => field == "owner" ? "deals" : "tasks";
}
