using Loudou.Core;
using Loudou.Core.Access;
using Loudou.Core.Alerts.Rules;
using Loudou.Storage.Records;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Loudou.Storage.Catalog;

/// <summary>A lead channel as the admin page lists it, with the deals that came from it and its months of cost.</summary>
public sealed record CatalogChannel(int Id, string Name, int Deals, int CostMonths);

/// <summary>A loss reason as the admin page lists it, with the deals lost for it.</summary>
/// <param name="Active">False when retired: kept on old deals, not offered for new losses.</param>
public sealed record CatalogLossReason(int Id, string Key, LocalizedText Name, bool Active, int Deals);

/// <summary>A tag as the admin page lists it, with the deals that carry it.</summary>
public sealed record CatalogTag(int Id, string Name, string? Color, int Deals);

/// <summary>Keeps the three catalogues deals refer to: lead channels, loss reasons and tags.</summary>
/// <remarks>
/// Everyone signed in reads them (forms and filters offer them); the counts are of the deals in the caller's scope.
/// Changing them needs the whole workspace in scope (admins and the operator), because a merge or a delete touches
/// every deal. Names are unique ignoring case (as far as the database's lower() goes: ASCII on SQLite), so "Web" and
/// "web" cannot both exist; the unique indexes refuse what two admins add at the same moment. Every change is audited
/// as deal changes are (entity types channel, loss_reason, tag), in the same transaction. A merge moves the deals with
/// a bulk update that bumps their versions (an open edit of one then gets a conflict) but writes no entry per deal:
/// the merge's entries say how many moved. A channel or tag that an alert rule watches a segment of is not renamed,
/// merged or deleted, since the rule would silently stop matching.
/// </remarks>
public sealed partial class CatalogStore(LoudouDbContext db, TimeProvider? clock = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    private WriteResult? RefuseUnlessAdmin(string what) =>
        db.Scope.SeesAll ? null : WriteResult.Forbidden($"{what} are kept by admins; everyone reads them.");

    /// <summary>A refusal after a tracked entry was changed: the change is forgotten, so that the context can be used again.</summary>
    private WriteResult Refuse(WriteResult refusal)
    {
        db.ChangeTracker.Clear();
        return refusal;
    }

    /// <summary>Runs a domain change, turning a broken rule into an invalid result on its field.</summary>
    private static WriteResult? Check(Action change)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        RecordWrites.Check(errors, change);
        return errors.Count > 0 ? WriteResult.Invalid(errors) : null;
    }

    /// <summary>Adds a new entry and its audit entry together; a name taken meanwhile (the unique index) is an error on the field.</summary>
    private async Task<WriteResult> AddAsync<T>(T entity, string entityType, Func<T, int> id, Func<T, object> describe, string field, string taken, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            await RecordWrites.CreateAuditedAsync(db, _clock.GetUtcNow(), entity, entityType, e => id(e), e => Task.FromResult(describe(e)), cancellationToken);
        }
        catch (DbUpdateException e) when (IsTaken(e))
        {
            db.ChangeTracker.Clear();
            return WriteResult.Invalid(field, taken);
        }
        return WriteResult.Done(id(entity));
    }

    /// <summary>Saves a change audited by <see cref="RecordWrites.AuditChanges"/>; a name taken meanwhile is an error on the field.</summary>
    private async Task<WriteResult> SaveChangeAsync(long id, string field, string taken, CancellationToken cancellationToken)
    {
        try
        {
            return await RecordWrites.SaveAsync(db, id, cancellationToken);
        }
        catch (DbUpdateException e) when (IsTaken(e))
        {
            db.ChangeTracker.Clear();
            return WriteResult.Invalid(field, taken);
        }
    }

    /// <summary>Records a merge on both entries: the one merged away (deleted) and the one it went into.</summary>
    private void AuditMerge(string entityType, long fromId, object from, long intoId, object into, string reason)
    {
        var at = _clock.GetUtcNow();
        AuditEntityTypes.Record(db, at, entityType, fromId, AuditAction.Delete, from, null, reason);
        AuditEntityTypes.Record(db, at, entityType, intoId, AuditAction.Update, null, into, reason);
    }

    /// <summary>The alert rules that watch a segment of the dimension's value, as "alert rule 'key'", for a refusal.</summary>
    private async Task<IReadOnlyList<string>> WatchersAsync(string dimension, string value, CancellationToken cancellationToken) =>
        [.. (await db.AlertRules.AsNoTracking().Select(r => new { r.Key, r.Condition }).ToListAsync(cancellationToken))
            .Where(r => AlertConditionJson.Parse(r.Condition, out _)?.Segment is { } segment && segment.Dimension == dimension && segment.Value == value)
            .Select(r => $"alert rule '{r.Key}'")];

    private static string Watched(string what, IReadOnlyList<string> watchers) =>
        $"{what} cannot be changed while {string.Join(", ", watchers)} watches a segment of it (it would stop matching); change the rule's segment first.";

    // SQLITE_CONSTRAINT_UNIQUE (2067) and PostgreSQL's unique_violation (23505).
    private static bool IsTaken(DbUpdateException e) =>
        e.InnerException is SqliteException { SqliteExtendedErrorCode: 2067 } or PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };
}
