using System.Globalization;
using Loudou.Core.Access;
using Loudou.Core.Workspace;
using Loudou.Storage.Records;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Storage.Privacy;

/// <summary>Collects everything held about a contact or a user, and audits that it was exported (never what).</summary>
/// <remarks>
/// A contact: its row, its account, the deals naming it, the activities with it or on those deals, and the audit
/// entries about it. A user: their row (without credentials), team, API tokens (without the token), the deals they
/// own, their tasks, the activities they logged, their notifications and notification choices, and the audit entries
/// they made or that are about them. Rows are read in the caller's scope: the API lets only admins export, and the
/// command line is the operator's (docs/privacy.md).
/// </remarks>
public sealed class PersonalDataExport(LoudouDbContext db, TimeProvider clock)
{
    /// <returns>Null when no such contact exists (nor any audit entry about one that did).</returns>
    public async Task<PersonalData?> ContactAsync(int id, string format, CancellationToken cancellationToken = default)
    {
        var key = id.ToString(CultureInfo.InvariantCulture);
        var contact = await db.Contacts.SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        var audit = await db.AuditEntries.Where(e => e.EntityType == AuditEntityTypes.Contact && e.EntityId == key).OrderBy(e => e.Id).ToListAsync(cancellationToken);
        if (contact is null && audit.Count == 0)
        {
            return null;
        }
        var account = contact?.AccountId is { } accountId ? await db.Accounts.SingleOrDefaultAsync(a => a.Id == accountId, cancellationToken) : null;
        var deals = await db.Deals.Where(d => d.ContactId == id).OrderBy(d => d.Id).ToListAsync(cancellationToken);
        var dealIds = deals.Select(d => d.Id).ToList();
        var activities = await db.Activities.Where(a => a.ContactId == id || dealIds.Contains(a.DealId)).OrderBy(a => a.Id).ToListAsync(cancellationToken);
        return await AuditedAsync(AuditEntityTypes.Contact, id, key, format,
        [
            Section("contact", contact is null ? [] : [contact]),
            Section("account", account is null ? [] : [account]),
            Section("deals", deals),
            Section("activities", activities),
            Section("auditEntries", audit),
        ], cancellationToken);
    }

    /// <returns>Null when no user has that login.</returns>
    public async Task<PersonalData?> UserAsync(string login, string format, CancellationToken cancellationToken = default)
    {
        var normalized = User.Normalize(login);
        if (await db.Users.SingleOrDefaultAsync(u => u.NormalizedLoginName == normalized, cancellationToken) is not { } user)
        {
            return null;
        }
        var id = user.Id;
        var key = id.ToString(CultureInfo.InvariantCulture);
        var team = user.TeamId is { } teamId ? await db.Teams.SingleOrDefaultAsync(t => t.Id == teamId, cancellationToken) : null;
        return await AuditedAsync(AuditEntityTypes.User, id, user.LoginName, format,
        [
            Section("user", [user]),
            Section("team", team is null ? [] : [team]),
            Section("tokens", await db.ApiTokens.Where(t => t.UserId == id).OrderBy(t => t.Id).ToListAsync(cancellationToken)),
            Section("deals", await db.Deals.Where(d => d.OwnerId == id).OrderBy(d => d.Id).ToListAsync(cancellationToken)),
            Section("tasks", await db.DealTasks.Where(t => t.AssigneeId == id || t.DoneByUserId == id).OrderBy(t => t.Id).ToListAsync(cancellationToken)),
            Section("activities", await db.Activities.Where(a => a.ByUserId == id).OrderBy(a => a.Id).ToListAsync(cancellationToken)),
            Section("notifications", await db.Notifications.Where(n => n.UserId == id).OrderBy(n => n.Id).ToListAsync(cancellationToken)),
            Section("reminderChoices", await db.ReminderChoices.Where(c => c.UserId == id).ToListAsync(cancellationToken)),
            Section("notificationPreferences", await db.NotificationPreferences.Where(p => p.UserId == id).ToListAsync(cancellationToken)),
            Section("auditEntries", await db.AuditEntries.Where(e => e.UserId == id || (e.EntityType == AuditEntityTypes.User && e.EntityId == key)).OrderBy(e => e.Id).ToListAsync(cancellationToken)),
        ], cancellationToken);
    }

    private async Task<PersonalData> AuditedAsync(string entityType, long id, string subjectId, string format, PersonalDataSection[] sections, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        AuditEntityTypes.Record(db, now, entityType, id, AuditAction.Export, null, new { format, rows = sections.ToDictionary(s => s.Name, s => s.Rows.Count) });
        await db.SaveChangesAsync(cancellationToken);
        return new PersonalData(entityType, subjectId, now, sections);
    }

    private PersonalDataSection Section(string name, IEnumerable<object> rows) =>
        new(name, [.. rows.Select(r => PersonalData.Row(db, r))]);
}
