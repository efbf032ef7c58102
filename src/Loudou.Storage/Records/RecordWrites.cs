using Loudou.Core;
using Loudou.Core.Access;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

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
    /// <returns>False, with nothing saved, when a record it refers to (its deal, its account) was deleted since the caller checked it.</returns>
    public static async Task<bool> CreateAuditedAsync<T>(
        LoudouDbContext db, DateTimeOffset at, T record, string entityType, Func<T, long> id, Func<T, Task<object>> describe, CancellationToken cancellationToken)
        where T : class
    {
        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        db.Add(record);
        if (!await SaveUnlessGoneAsync(db, cancellationToken))
        {
            return false;
        }
        AuditEntityTypes.Record(db, at, entityType, id(record), AuditAction.Create, null, await describe(record));
        await db.SaveChangesAsync(cancellationToken);
        if (transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken);
        }
        return true;
    }

    /// <summary>Saves a change to a record (and its audit entry) that another caller may delete at the same moment.</summary>
    /// <returns>Done; or NotFound, with nothing saved, when the record or one it refers to was deleted since it was read.</returns>
    public static async Task<WriteResult> SaveAsync(LoudouDbContext db, long id, CancellationToken cancellationToken) =>
        await SaveUnlessGoneAsync(db, cancellationToken) ? WriteResult.Done(id) : WriteResult.NotFound;

    /// <summary>
    /// Saves a record whose version is its concurrency token: a row changed by another caller
    /// between this caller's read and save is a version conflict carrying the version now, a row
    /// deleted meanwhile is not found.
    /// </summary>
    public static async Task<WriteResult> SaveVersionedAsync(LoudouDbContext db, long id, Func<CancellationToken, Task<int?>> storedVersion, CancellationToken cancellationToken) =>
        await SaveUnlessGoneAsync(db, cancellationToken) ? WriteResult.Done(id)
        : await storedVersion(cancellationToken) is { } version ? WriteResult.Stale(version)
        : WriteResult.NotFound;

    /// <summary>Saves, reporting a row deleted by another caller since it was read as false instead of failing.</summary>
    /// <remarks>
    /// An update or delete of a row that is gone touches no row (EF raises a concurrency exception);
    /// an insert that refers to a row that is gone breaks a foreign key. Either way the save's one
    /// transaction wrote nothing, and the caller answers "not found" as if it had read after the deletion.
    /// The change tracker is cleared so that the context can be used again.
    /// </remarks>
    public static async Task<bool> SaveUnlessGoneAsync(LoudouDbContext db, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException e) when (e is DbUpdateConcurrencyException || RefersToMissingRow(e))
        {
            db.ChangeTracker.Clear();
            return false;
        }
    }

    // SQLITE_CONSTRAINT_FOREIGNKEY (787) and PostgreSQL's foreign_key_violation (23503).
    private static bool RefersToMissingRow(DbUpdateException e) =>
        e.InnerException is SqliteException { SqliteExtendedErrorCode: 787 } or PostgresException { SqlState: PostgresErrorCodes.ForeignKeyViolation };

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
