using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using System.Text;
using Loudou.Core;
using Loudou.Core.Access;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Storage.Access;

/// <summary>A token as its owner and admins see it: never the token itself, which is shown only once.</summary>
/// <param name="Status">"active", "revoked" or "expired".</param>
public sealed record ApiTokenView(int Id, string User, string Name, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt, DateTimeOffset? LastUsedAt,
    [property: AllowedValues("active", "revoked", "expired")] string Status);

/// <summary>Creates and revokes API tokens; only a SHA-256 hash of each token is stored.</summary>
/// <remarks>
/// A token is 32 random bytes, base64url, behind the prefix "ldu_" so that secret scanners and
/// people can recognise one. It is shown once, when created, and cannot be recovered.
/// </remarks>
public sealed class ApiTokens(LoudouDbContext db, TimeProvider clock)
{
    public const string Prefix = "ldu_";

    /// <summary>How long a new token lasts unless its maker says otherwise: the same on the page, the API and the command line.</summary>
    /// <remarks>Long enough for a nightly export script to run a quarter without attention, short enough that a forgotten token dies.</remarks>
    public const int DefaultExpiryDays = 90;

    /// <returns>The token (to show once) and its stored record.</returns>
    public async Task<(string Token, ApiToken Record)> CreateAsync(string login, int? expiresInDays, string? name = null, CancellationToken cancellationToken = default)
    {
        if (expiresInDays is <= 0 or > 3650)
        {
            throw new DomainRuleException("expiresInDays", $"{new FieldName("expiresInDays")} must be between 1 and 3650 days, was {expiresInDays}.");
        }
        var user = await UserAdmin.FindAsync(db, login, cancellationToken);
        if (!user.IsActive)
        {
            throw new DomainRuleException("user", $"user '{login}' is disabled.");
        }
        var token = Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var now = clock.GetUtcNow();
        var record = ApiToken.Create(user.Id, name ?? $"{login} {now:yyyy-MM-dd}", Hash(token), now, expiresInDays is { } days ? now.AddDays(days) : null);
        await Records.RecordWrites.CreateAuditedAsync(db, now, record, Records.AuditEntityTypes.Token, r => r.Id,
            r => Task.FromResult<object>(new { user = user.LoginName, r.Name, r.ExpiresAt }), cancellationToken);
        return (token, record);
    }

    /// <summary>Revokes a token given as itself or by its id; revoking a revoked token changes nothing.</summary>
    /// <returns>The token, or null when there is no such token in the caller's scope.</returns>
    public async Task<ApiToken?> RevokeAsync(string tokenOrId, CancellationToken cancellationToken = default)
    {
        var record = long.TryParse(tokenOrId, out var id)
            ? await db.ApiTokens.SingleOrDefaultAsync(t => t.Id == id, cancellationToken)
            : await db.ApiTokens.SingleOrDefaultAsync(t => t.TokenHash == Hash(tokenOrId.Trim()), cancellationToken);
        if (record is null)
        {
            return null;
        }
        if (record.RevokedAt is null)
        {
            record.Revoke(clock.GetUtcNow());
            Records.AuditEntityTypes.Record(db, clock.GetUtcNow(), Records.AuditEntityTypes.Token, record.Id, AuditAction.Delete, new { record.Name }, null, "revoked");
        }
        await db.SaveChangesAsync(cancellationToken);
        return record;
    }

    /// <summary>The active user a token acts as, or null when the token is unknown, revoked, expired or its user disabled.</summary>
    /// <remarks>
    /// Runs before anyone is signed in, so it reads tokens outside record scoping: this is one of
    /// the reviewed places allowed to (docs/access.md). It records when a token was last used,
    /// at most once a minute so that busy API clients do not write on every call.
    /// </remarks>
    public async Task<Core.Workspace.User?> AuthenticateAsync(string token, CancellationToken cancellationToken = default)
    {
        if (!token.StartsWith(Prefix, StringComparison.Ordinal) || token.Length > 200)
        {
            return null;
        }
        var hash = Hash(token);
        var found = await db.ApiTokens.IgnoreQueryFilters()
            .Where(t => t.TokenHash == hash)
            .Join(db.Users, t => t.UserId, u => u.Id, (t, u) => new { Token = t, User = u })
            .SingleOrDefaultAsync(cancellationToken);
        var now = clock.GetUtcNow();
        if (found is null || !found.Token.IsValidAt(now) || !found.User.IsActive)
        {
            return null;
        }
        if (found.Token.LastUsedAt is not { } last || now - last > TimeSpan.FromMinutes(1))
        {
            found.Token.MarkUsed(now);
            await db.SaveChangesAsync(cancellationToken);
        }
        return found.User;
    }

    /// <summary>The caller's tokens (every user's for an admin), newest first.</summary>
    public async Task<IReadOnlyList<ApiTokenView>> ListAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var rows = await db.ApiTokens.AsNoTracking()
            .Join(db.Users, t => t.UserId, u => u.Id, (t, u) => new { Token = t, u.LoginName })
            .OrderByDescending(x => x.Token.Id)
            .ToListAsync(cancellationToken);
        return [.. rows.Select(x => new ApiTokenView(x.Token.Id, x.LoginName, x.Token.Name, x.Token.CreatedAt, x.Token.ExpiresAt, x.Token.RevokedAt, x.Token.LastUsedAt,
            x.Token.RevokedAt is not null ? "revoked" : x.Token.IsValidAt(now) ? "active" : "expired"))];
    }

    /// <summary>Hex SHA-256 of a token: the only form in which tokens are stored.</summary>
    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
