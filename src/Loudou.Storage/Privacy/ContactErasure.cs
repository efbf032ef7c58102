using System.Globalization;
using Loudou.Core.Access;
using Loudou.Core.Accounts;
using Loudou.Storage.Records;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Storage.Privacy;

/// <summary>What erasing a contact did: the fields it emptied, and how many activities and audit entries it took the values out of.</summary>
public sealed record ErasureResult(int ContactId, IReadOnlyList<string> Fields, int Activities, int AuditEntries);

/// <summary>Erases a contact's personal data (PIPL/GDPR) while its deals, their figures and history stay as they were.</summary>
/// <remarks>
/// The contact keeps its row (deals point at it) with the name "[erased] #ID" and no phone, e-mail or WeChat. Every
/// exact occurrence of those values is also taken out of the notes and outcomes of the activities with the contact or
/// on its deals, and out of the audit entries about the contact and about those activities; free text written
/// differently is left alone (docs/privacy.md). A contact deleted earlier keeps only audit entries, which are
/// redacted the same way. All in one transaction, with one audit entry saying which fields were erased, never their values.
/// </remarks>
public sealed class ContactErasure(LoudouDbContext db, TimeProvider clock)
{
    /// <returns>Null when there is no such contact, nor any audit entry about one.</returns>
    public async Task<ErasureResult?> EraseAsync(int id, string? reason, CancellationToken cancellationToken = default)
    {
        var key = id.ToString(CultureInfo.InvariantCulture);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var contact = await db.Contacts.SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        var contactAudit = await db.AuditEntries.Where(e => e.EntityType == AuditEntityTypes.Contact && e.EntityId == key).ToListAsync(cancellationToken);
        if (contact is null && contactAudit.Count == 0)
        {
            return null;
        }
        var removed = contact?.Erase() ?? new Dictionary<string, string>();
        // A contact deleted before keeps its values in its audit entries only: those are what is left to erase.
        var values = removed.Values.Concat(contactAudit.SelectMany(ValuesIn)).Distinct(StringComparer.Ordinal)
            .Where(v => v.Length >= PersonalText.MinLength && v != Contact.ErasedName(id)).ToList();
        var dealIds = await db.Deals.Where(d => d.ContactId == id).Select(d => d.Id).ToListAsync(cancellationToken);
        var activities = await db.Activities.Where(a => a.ContactId == id || dealIds.Contains(a.DealId)).ToListAsync(cancellationToken);
        var changedActivities = activities.Where(a => a.Redact(values)).Select(a => a.Id.ToString(CultureInfo.InvariantCulture)).ToList();
        var activityAudit = await db.AuditEntries.Where(e => e.EntityType == AuditEntityTypes.Activity && changedActivities.Contains(e.EntityId)).ToListAsync(cancellationToken);
        var forms = values.SelectMany(v => new[] { v, AuditEntityTypes.Json(v).Trim('"') }).Distinct(StringComparer.Ordinal).ToList();
        var redactedEntries = contactAudit.Concat(activityAudit).Count(e => e.Redact(text => PersonalText.Redact(text, forms)));
        var fields = removed.Keys.ToList();
        AuditEntityTypes.Record(db, clock.GetUtcNow(), AuditEntityTypes.Contact, id, AuditAction.Erase, null,
            new { fields, activities = changedActivities.Count, auditEntries = redactedEntries }, reason);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new ErasureResult(id, fields, changedActivities.Count, redactedEntries);
    }

    /// <summary>The personal values an audit entry of a contact holds (its name, phone, e-mail, WeChat before or after).</summary>
    private static IEnumerable<string> ValuesIn(AuditEntry entry)
    {
        foreach (var json in new[] { entry.Before, entry.After })
        {
            if (json is null || !json.StartsWith('{'))
            {
                continue;
            }
            using var document = System.Text.Json.JsonDocument.Parse(json);
            foreach (var field in new[] { "name", "phone", "email", "weChat" })
            {
                if (document.RootElement.TryGetProperty(field, out var value) && value.ValueKind == System.Text.Json.JsonValueKind.String && value.GetString() is { Length: > 0 } text)
                {
                    yield return text;
                }
            }
        }
    }
}
