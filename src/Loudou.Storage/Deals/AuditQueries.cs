using System.Globalization;
using Loudou.Core.Access;
using Loudou.Storage.Records;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Storage.Deals;

/// <summary>An audit entry with its user's login.</summary>
public sealed record AuditView(long Id, DateTimeOffset At, string? User, AuditAction Action, string? Before, string? After, string? Reason, string EntityType = "", string EntityId = "");

/// <summary>Filters of the workspace's audit log; each null means "any".</summary>
/// <param name="EntityType">"deal", "account", "contact", "activity", "task", "token" or "import".</param>
/// <param name="User">The login of whoever made the change.</param>
/// <param name="From">Entries at or after this moment.</param>
/// <param name="Until">Entries before this moment.</param>
public sealed record AuditFilter(string? EntityType = null, string? EntityId = null, string? User = null, AuditAction? Action = null, DateTimeOffset? From = null, DateTimeOffset? Until = null);

/// <summary>Reads the audit log, in the caller's scope.</summary>
public sealed class AuditQueries(LoudouDbContext db)
{
    /// <summary>The entries about one deal, newest first.</summary>
    public async Task<IReadOnlyList<AuditView>> ForDealAsync(long dealId, CancellationToken cancellationToken = default)
    {
        var id = dealId.ToString(CultureInfo.InvariantCulture);
        return await db.AuditEntries.AsNoTracking()
            .Where(e => e.EntityType == AuditEntityTypes.Deal && e.EntityId == id)
            .OrderByDescending(e => e.Id)
            .Select(View)
            .ToListAsync(cancellationToken);
    }

    /// <summary>The log across the workspace, newest first; what it holds follows the caller's scope (all of it for an admin).</summary>
    public Task<Page<AuditView>> ListAsync(AuditFilter filter, int page, int pageSize, CancellationToken cancellationToken = default)
    {
        var entries = db.AuditEntries.AsNoTracking();
        if (filter.EntityType is { } type)
        {
            entries = entries.Where(e => e.EntityType == type);
        }
        if (filter.EntityId is { } id)
        {
            entries = entries.Where(e => e.EntityId == id);
        }
        if (filter.User is { } login)
        {
            var normalized = Core.Workspace.User.Normalize(login);
            entries = entries.Where(e => db.Users.Any(u => u.Id == e.UserId && u.NormalizedLoginName == normalized));
        }
        if (filter.Action is { } action)
        {
            entries = entries.Where(e => e.Action == action);
        }
        if (filter.From is { } from)
        {
            entries = entries.Where(e => e.At >= from);
        }
        if (filter.Until is { } until)
        {
            entries = entries.Where(e => e.At < until);
        }
        return entries.OrderByDescending(e => e.Id).Select(View).PageAsync(page, pageSize, cancellationToken);
    }

    private System.Linq.Expressions.Expression<Func<AuditEntry, AuditView>> View =>
        e => new AuditView(e.Id, e.At, db.Users.Where(u => u.Id == e.UserId).Select(u => u.LoginName).FirstOrDefault(), e.Action, e.Before, e.After, e.Reason, e.EntityType, e.EntityId);
}
