using Loudou.Core;
using Loudou.Core.Access;

namespace Loudou.Storage.Records;

/// <summary>Small steps every record write shares: collecting rule errors by field, and auditing only what changed.</summary>
public static class RecordWrites
{
    /// <summary>Runs a domain change, turning a broken rule into an error on its field.</summary>
    public static void Check(Dictionary<string, string[]> errors, Action change)
    {
        try
        {
            change();
        }
        catch (DomainRuleException e)
        {
            errors.TryAdd(e.Field, [e.Message]);
        }
    }

    /// <summary>Adds a new record and the audit entry of its creation: both are saved, or neither.</summary>
    /// <remarks>
    /// The record is saved first because its entry names the id the database gives it; both saves
    /// run in one transaction (the caller's when one is open), so a failure between them, or in the
    /// second, leaves no record without its entry.
    /// </remarks>
    /// <param name="describe">What the entry's "after" holds; called once the record has its id.</param>
    public static async Task CreateAuditedAsync<T>(
        LoudouDbContext db, DateTimeOffset at, T record, string entityType, Func<T, long> id, Func<T, Task<object>> describe, CancellationToken cancellationToken)
        where T : class
    {
        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        db.Add(record);
        await db.SaveChangesAsync(cancellationToken);
        AuditEntityTypes.Record(db, at, entityType, id(record), AuditAction.Create, null, await describe(record));
        await db.SaveChangesAsync(cancellationToken);
        if (transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken);
        }
    }

    /// <summary>Adds an update entry holding just the fields whose values differ; nothing when none does.</summary>
    /// <returns>Whether anything changed.</returns>
    public static bool AuditChanges(LoudouDbContext db, TimeProvider clock, string entityType, long id, IReadOnlyDictionary<string, object?> before, IReadOnlyDictionary<string, object?> after)
    {
        var changed = ChangedFields(before, after);
        if (changed.Count > 0)
        {
            AuditEntityTypes.Record(db, clock.GetUtcNow(), entityType, id, AuditAction.Update,
                changed.ToDictionary(k => k, k => before[k]), changed.ToDictionary(k => k, k => after[k]));
        }
        return changed.Count > 0;
    }

    /// <summary>The fields whose values differ, compared as the audit log writes them.</summary>
    public static IReadOnlyList<string> ChangedFields(IReadOnlyDictionary<string, object?> before, IReadOnlyDictionary<string, object?> after) =>
        [.. after.Keys.Where(k => AuditEntityTypes.Json(before[k] ?? "\0null") != AuditEntityTypes.Json(after[k] ?? "\0null"))];
}
