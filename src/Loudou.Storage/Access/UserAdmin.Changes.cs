using Loudou.Core;
using Loudou.Core.Access;
using Loudou.Core.Workspace;
using Loudou.Storage.Records;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Storage.Access;

/// <summary>What the admin page changes on a user besides passwords: role, team, name, lockout.</summary>
public sealed partial class UserAdmin
{
    /// <summary>Changes a user's role; the user's open pages re-read it at their next action (the security stamp is renewed).</summary>
    /// <exception cref="DomainRuleException">It would leave the workspace without an active admin.</exception>
    public async Task ChangeRoleAsync(string login, UserRole role, CancellationToken cancellationToken = default)
    {
        var user = await FindAsync(db, login, cancellationToken);
        if (user.Role == role)
        {
            return;
        }
        if (user.Role == UserRole.Admin)
        {
            await RefuseLastAdminAsync(user, cancellationToken);
        }
        await ChangeAsync(login, u =>
        {
            u.ChangeRole(role);
            u.SetSecurityStamp(Guid.NewGuid().ToString("N"));
        }, cancellationToken);
    }

    /// <summary>Moves a user to a team, created when it does not exist yet; null or blank for none.</summary>
    public async Task MoveToTeamAsync(string login, string? team, CancellationToken cancellationToken = default)
    {
        Team? target = null;
        if (!string.IsNullOrWhiteSpace(team))
        {
            target = await db.Teams.FirstOrDefaultAsync(t => t.Name == team.Trim(), cancellationToken) ?? db.Teams.Add(Team.Create(team)).Entity;
            // A new team needs its id before the user's audit entry can name it.
            await db.SaveChangesAsync(cancellationToken);
        }
        await ChangeAsync(login, u =>
        {
            u.MoveToTeam(target);
            u.SetSecurityStamp(Guid.NewGuid().ToString("N"));
        }, cancellationToken);
    }

    public async Task RenameAsync(string login, string displayName, CancellationToken cancellationToken = default)
    {
        await ChangeAsync(login, u => u.Rename(displayName), cancellationToken);
    }

    /// <summary>Lifts a lockout from failed sign-ins and forgets the failures; the password stays.</summary>
    public async Task UnlockAsync(string login, CancellationToken cancellationToken = default)
    {
        var user = await FindAsync(db, login, cancellationToken);
        user.LockOutUntil(null);
        user.ResetFailedSignIns();
        AuditEntityTypes.Record(db, _clock.GetUtcNow(), AuditEntityTypes.User, user.Id, AuditAction.Update, null, new { lockout = "lifted" }, "lockout lifted");
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Disables a user unless it is the last active admin: nobody could then administer the workspace from a page.</summary>
    public async Task DisableCheckedAsync(string login, CancellationToken cancellationToken = default)
    {
        var user = await FindAsync(db, login, cancellationToken);
        if (user.Role == UserRole.Admin && user.IsActive)
        {
            await RefuseLastAdminAsync(user, cancellationToken);
        }
        await DisableAsync(login, cancellationToken);
    }

    public async Task<IReadOnlyList<(string Name, int Members)>> TeamsAsync(CancellationToken cancellationToken = default) =>
        [.. (await db.Teams.AsNoTracking().OrderBy(t => t.Name)
            .Select(t => new { t.Name, Members = db.Users.Count(u => u.TeamId == t.Id && u.IsActive) })
            .ToListAsync(cancellationToken)).Select(t => (t.Name, t.Members))];

    /// <summary>Adds a team with no members yet, so users can be put in it.</summary>
    /// <exception cref="DomainRuleException">The name is blank, too long or taken.</exception>
    public async Task AddTeamAsync(string name, CancellationToken cancellationToken = default)
    {
        var team = Team.Create(name);
        if (await db.Teams.AnyAsync(t => t.Name == team.Name, cancellationToken))
        {
            throw new DomainRuleException("name", $"a team named '{team.Name}' exists already.");
        }
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Teams.Add(team);
        await db.SaveChangesAsync(cancellationToken);
        AuditEntityTypes.Record(db, _clock.GetUtcNow(), AuditEntityTypes.Team, team.Id, AuditAction.Create, null, new { name = team.Name });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <exception cref="DomainRuleException">No such team, or the new name is taken.</exception>
    public async Task RenameTeamAsync(string name, string newName, CancellationToken cancellationToken = default)
    {
        var team = await db.Teams.FirstOrDefaultAsync(t => t.Name == name, cancellationToken)
            ?? throw new DomainRuleException("team", $"no team '{name}'.");
        if (await db.Teams.AnyAsync(t => t.Name == newName.Trim() && t.Id != team.Id, cancellationToken))
        {
            throw new DomainRuleException("name", $"a team named '{newName.Trim()}' exists already.");
        }
        var before = team.Name;
        team.Rename(newName);
        AuditEntityTypes.Record(db, _clock.GetUtcNow(), AuditEntityTypes.Team, team.Id, AuditAction.Update, new { name = before }, new { name = team.Name });
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task RefuseLastAdminAsync(User user, CancellationToken cancellationToken)
    {
        if (!await db.Users.AnyAsync(u => u.Role == UserRole.Admin && u.IsActive && u.Id != user.Id, cancellationToken))
        {
            throw new DomainRuleException("role", $"'{user.LoginName}' is the last active admin; make another user admin first.");
        }
    }
}
