using Loudou.Core.Access;
using Loudou.Core.Activities;
using Loudou.Storage.Records;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Storage.Activities;

/// <summary>An activity as the API shows it, with its author's login.</summary>
public sealed record ActivityView(long Id, long DealId, ActivityKind Kind, DateTimeOffset At, string? By, int? ContactId, string? Outcome, string? Note);

/// <summary>A new activity on a deal.</summary>
/// <param name="At">When it happened; now when null. Not in the future.</param>
/// <param name="ContactId">A contact the caller sees, such as the person called.</param>
public sealed record ActivityDraft(string? Kind, DateTimeOffset? At = null, string? Outcome = null, string? Note = null, long? ContactId = null);

/// <summary>Reads and records activities on deals in the caller's scope.</summary>
/// <remarks>
/// Anyone who sees a deal may log a touch on it; the author is the caller. Activities are a log:
/// they are not edited, and only their author, a manager or an admin deletes one (a mistaken entry).
/// Logging an activity does not change the deal's version, so it never conflicts with a stage move.
/// </remarks>
public sealed class ActivityStore(LoudouDbContext db, TimeProvider clock)
{
    /// <returns>Null when the deal is not in scope.</returns>
    public async Task<Page<ActivityView>?> ListForDealAsync(long dealId, int page, int pageSize, CancellationToken cancellationToken = default)
    {
        if (!await db.Deals.AnyAsync(d => d.Id == dealId, cancellationToken))
        {
            return null;
        }
        return await Project(db.Activities.AsNoTracking().Where(a => a.DealId == dealId).OrderByDescending(a => a.At).ThenByDescending(a => a.Id))
            .PageAsync(page, pageSize, cancellationToken);
    }

    public Task<ActivityView?> GetAsync(long id, CancellationToken cancellationToken = default) =>
        Project(db.Activities.AsNoTracking().Where(a => a.Id == id)).SingleOrDefaultAsync(cancellationToken);

    public async Task<WriteResult> CreateAsync(long dealId, ActivityDraft draft, CancellationToken cancellationToken = default)
    {
        if (!await db.Deals.AnyAsync(d => d.Id == dealId, cancellationToken))
        {
            return WriteResult.NotFound;
        }
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var kinds = Enum.GetNames<ActivityKind>().Select(n => char.ToLowerInvariant(n[0]) + n[1..]).ToList();
        ActivityKind kind = default;
        if (draft.Kind is null || !Enum.TryParse(draft.Kind, ignoreCase: true, out kind) || !Enum.IsDefined(kind) || draft.Kind.Any(char.IsDigit))
        {
            errors["kind"] = [$"kind must be one of {string.Join(", ", kinds)}; was '{draft.Kind}'."];
        }
        var now = clock.GetUtcNow();
        if (draft.At > now.AddMinutes(5))
        {
            errors["at"] = [$"at is in the future ({draft.At:O}); log an activity once it has happened, or make a task for it."];
        }
        if (draft.ContactId is { } contactId && !await db.Contacts.AnyAsync(c => c.Id == contactId, cancellationToken))
        {
            errors["contact"] = [$"there is no contact {contactId}."];
        }
        Activity? activity = null;
        RecordWrites.Check(errors, () => activity = Activity.Record(dealId, kind, draft.At ?? now, db.Scope.UserId, draft.Outcome, draft.Note));
        if (errors.Count > 0)
        {
            return WriteResult.Invalid(errors);
        }
        activity!.WithContact((int?)draft.ContactId);
        // NotFound is the deal's: deleted a moment ago, between the check above and this save.
        return await RecordWrites.CreateAuditedAsync(db, now, activity, AuditEntityTypes.Activity, a => a.Id, a => Task.FromResult<object>(Describe(a)), cancellationToken)
            ? WriteResult.Done(activity.Id)
            : WriteResult.NotFound;
    }

    public async Task<WriteResult> DeleteAsync(long id, CancellationToken cancellationToken = default)
    {
        if (await db.Activities.SingleOrDefaultAsync(a => a.Id == id, cancellationToken) is not { } activity)
        {
            return WriteResult.NotFound;
        }
        if (!db.Scope.MayDelete && activity.ByUserId != db.Scope.UserId)
        {
            return WriteResult.Forbidden("Only the activity's author, a manager or an admin deletes it.");
        }
        AuditEntityTypes.Record(db, clock.GetUtcNow(), AuditEntityTypes.Activity, id, AuditAction.Delete, Describe(activity), null);
        db.Activities.Remove(activity);
        return await RecordWrites.SaveAsync(db, id, cancellationToken);
    }

    private static object Describe(Activity a) => new { deal = a.DealId, kind = a.Kind.ToString(), at = a.At, contact = a.ContactId, outcome = a.Outcome, note = a.Note };

    private IQueryable<ActivityView> Project(IQueryable<Activity> activities) =>
        activities.Select(a => new ActivityView(a.Id, a.DealId, a.Kind, a.At, db.Users.Where(u => u.Id == a.ByUserId).Select(u => u.LoginName).FirstOrDefault(), a.ContactId, a.Outcome, a.Note));
}
