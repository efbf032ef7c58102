using System.Security.Cryptography;
using Loudou.Core;
using Loudou.Core.Access;
using Loudou.Core.Workspace;
using Loudou.Storage.Records;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Storage.Access;

/// <summary>A user as listed: login, name, lowercase role, team name, active; when they last signed in and until when they are locked out.</summary>
public sealed record UserSummary(string Login, string DisplayName, string Role, string? Team, bool Active, DateTimeOffset? LastSignInAt = null, DateTimeOffset? LockedUntil = null);

/// <summary>Adds, lists, disables and enables users and sets their passwords; passwords are hashed as ASP.NET Core Identity does (PBKDF2).</summary>
/// <remarks>
/// Every change is audited as deal changes are (entity type "user"), saved with the change: who made it (null for the
/// command line), the fields before and after. A password is never written to the log, only that it was set.
/// </remarks>
public sealed partial class UserAdmin(LoudouDbContext db, TimeProvider? clock = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    /// <summary>The shortest password accepted.</summary>
    public const int MinPasswordLength = 8;

    /// <summary>Adds a user; the team is created when it does not exist yet.</summary>
    /// <returns>The user and the password: the one given, or a generated one to hand over.</returns>
    public async Task<(User User, string Password)> AddAsync(string login, UserRole role, string? team, string? displayName, string? password, CancellationToken cancellationToken = default)
    {
        var normalized = User.Normalize(login);
        if (await db.Users.AnyAsync(u => u.NormalizedLoginName == normalized, cancellationToken))
        {
            throw new DomainRuleException("login", $"login '{login}' already exists.");
        }
        if (password is not null && password.Length < MinPasswordLength)
        {
            throw new DomainRuleException("password", $"{new FieldName("password")} must have at least {MinPasswordLength} characters.");
        }
        // Team and user are saved together, so a user that fails validation leaves no new team behind.
        Team? userTeam = null;
        if (!string.IsNullOrWhiteSpace(team))
        {
            userTeam = await db.Teams.FirstOrDefaultAsync(t => t.Name == team.Trim(), cancellationToken) ?? db.Teams.Add(Team.Create(team)).Entity;
        }
        var user = User.Create(login, displayName ?? login, role, userTeam);
        var secret = password ?? GeneratePassword();
        user.SetPasswordHash(new PasswordHasher<User>().HashPassword(user, secret));
        await RecordWrites.CreateAuditedAsync(db, _clock.GetUtcNow(), user, AuditEntityTypes.User, u => u.Id, u => Task.FromResult<object>(Describe(u)), cancellationToken);
        return (user, secret);
    }

    public async Task<IReadOnlyList<UserSummary>> ListAsync(CancellationToken cancellationToken = default) =>
        await db.Users.AsNoTracking().OrderBy(u => u.LoginName)
            .Select(u => new UserSummary(u.LoginName, u.DisplayName, u.Role.ToString().ToLower(), u.Team == null ? null : u.Team.Name, u.IsActive, u.LastSignInAt, u.LockoutEnd))
            .ToListAsync(cancellationToken);

    /// <summary>Disables a user (never deletes: deals and history point at users); their API tokens stop working too.</summary>
    public async Task DisableAsync(string login, CancellationToken cancellationToken = default)
    {
        await ChangeAsync(login, user => user.Disable(), cancellationToken);
    }

    /// <summary>Stores the language a user chose for the pages (zh-CN or en); null to follow the browser again.</summary>
    public async Task ChooseLanguageAsync(string login, string? language, CancellationToken cancellationToken = default)
    {
        await ChangeAsync(login, user => user.ChooseLanguage(language), cancellationToken);
    }

    /// <summary>Enables a disabled user again.</summary>
    public async Task EnableAsync(string login, CancellationToken cancellationToken = default)
    {
        await ChangeAsync(login, user => user.Enable(), cancellationToken);
    }

    /// <summary>Sets a new password, ends the user's sessions and lifts a lockout.</summary>
    /// <returns>The password: the one given, or a generated one to hand over.</returns>
    public async Task<string> SetPasswordAsync(string login, string? password, CancellationToken cancellationToken = default)
    {
        if (password is not null && password.Length < MinPasswordLength)
        {
            throw new DomainRuleException("password", $"{new FieldName("password")} must have at least {MinPasswordLength} characters.");
        }
        var user = await FindAsync(db, login, cancellationToken);
        var secret = password ?? GeneratePassword();
        user.SetPasswordHash(new PasswordHasher<User>().HashPassword(user, secret));
        user.ResetFailedSignIns();
        user.LockOutUntil(null);
        // The entry says that the password was set, never what it is nor its hash.
        AuditEntityTypes.Record(db, _clock.GetUtcNow(), AuditEntityTypes.User, user.Id, AuditAction.Update, null, new { password = "set" }, "password set; sessions ended, lockout lifted");
        await db.SaveChangesAsync(cancellationToken);
        return secret;
    }

    /// <summary>What the audit log keeps of a user: who they are and may do, never credentials.</summary>
    public static IReadOnlyDictionary<string, object?> Describe(User user) => new Dictionary<string, object?>
    {
        ["login"] = user.LoginName,
        ["displayName"] = user.DisplayName,
        ["role"] = user.Role.ToString().ToLowerInvariant(),
        ["teamId"] = user.TeamId,
        ["active"] = user.IsActive,
        ["email"] = user.Email,
        ["language"] = user.Language,
    };

    /// <summary>Changes a user and audits the fields that differ, in one save; a change that changes nothing writes no entry.</summary>
    private async Task ChangeAsync(string login, Action<User> change, CancellationToken cancellationToken)
    {
        var user = await FindAsync(db, login, cancellationToken);
        var before = Describe(user);
        change(user);
        RecordWrites.AuditChanges(db, _clock, AuditEntityTypes.User, user.Id, before, Describe(user));
        await db.SaveChangesAsync(cancellationToken);
    }

    internal static async Task<User> FindAsync(LoudouDbContext db, string login, CancellationToken cancellationToken)
    {
        var normalized = User.Normalize(login);
        return await db.Users.SingleOrDefaultAsync(u => u.NormalizedLoginName == normalized, cancellationToken)
            ?? throw new DomainRuleException("user", $"no user '{login}'.");
    }

    /// <summary>16 characters from an alphabet without look-alikes, from a cryptographic source.</summary>
    private static string GeneratePassword() =>
        RandomNumberGenerator.GetString("abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789", 16);
}
