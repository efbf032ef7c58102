using System.Globalization;
using Loudou.Core.Access;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Storage.Deals;

/// <summary>An audit entry with its user's login.</summary>
public sealed record AuditView(long Id, DateTimeOffset At, string? User, AuditAction Action, string? Before, string? After, string? Reason);

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
            .Select(e => new AuditView(e.Id, e.At, db.Users.Where(u => u.Id == e.UserId).Select(u => u.LoginName).FirstOrDefault(), e.Action, e.Before, e.After, e.Reason))
            .ToListAsync(cancellationToken);
    }
}
