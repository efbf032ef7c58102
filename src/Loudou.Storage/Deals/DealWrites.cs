using Loudou.Core.Access;
using Loudou.Core.Deals;
using Loudou.Core.Pipelines;
using Loudou.Storage.Records;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Storage.Deals;

/// <summary>A request to move a deal to another stage of its pipeline.</summary>
/// <param name="Stage">The target stage's key.</param>
/// <param name="LossReason">The loss reason's key; required when the target is a Lost stage.</param>
/// <param name="OverrideReason">Why a manager or admin moves the deal although the gate is not met; logged.</param>
public sealed record StageMoveRequest(string? Stage, string? LossReason = null, string? OverrideReason = null);

/// <summary>A request to mark a standard action done or not done.</summary>
/// <param name="Action">The action's key.</param>
/// <param name="Stage">The stage the action belongs to; the deal's current stage when null.</param>
/// <param name="Done">True to complete it, false to undo it.</param>
public sealed record ActionRequest(string? Action, string? Stage = null, bool Done = true);

/// <summary>How a write to a deal ended.</summary>
public enum DealWriteStatus
{
    Done,
    Unchanged,
    NotFound,
    VersionConflict,
    Invalid,
    GateClosed,
    OverrideNotAllowed,

    /// <summary>The caller sees the deal but their role may not do this (a rep deleting).</summary>
    Forbidden,
}

/// <summary>The outcome of a write; only the members its status needs are set.</summary>
/// <param name="Version">The deal's version now (after the write, or the current one on a conflict).</param>
/// <param name="Missing">What the gate lacks, on <see cref="DealWriteStatus.GateClosed"/> and <see cref="DealWriteStatus.OverrideNotAllowed"/>.</param>
/// <param name="Errors">Bad fields of the request, on <see cref="DealWriteStatus.Invalid"/>.</param>
public sealed record DealWriteResult(DealWriteStatus Status, int? Version = null, StageGap? Missing = null, IReadOnlyDictionary<string, string[]>? Errors = null)
{
    public static DealWriteResult Invalid(string field, string message) => new(DealWriteStatus.Invalid, Errors: new Dictionary<string, string[]> { [field] = [message] });
}

/// <summary>Writes to one deal: stage moves with the gate check, action completions; each with optimistic concurrency and an audit entry.</summary>
/// <remarks>
/// Every write names the version the caller read. It is compared on load (a clear 409 early) and
/// again by the database in the UPDATE itself, so of concurrent writers holding one version exactly
/// one wins. The gate is the current stage's: leaving it forwards (to a later open stage or to Won)
/// needs its required actions done and required fields filled. Moving back or to Lost needs no
/// gate; Lost needs a loss reason. A manager or admin may pass a closed gate with a reason, which is
/// logged with what was missing. Skipped stages' gates are not checked: the gate guards the stage
/// being left.
/// </remarks>
public sealed partial class DealWrites(LoudouDbContext db, TimeProvider clock)
{
    public async Task<DealWriteResult> MoveStageAsync(long dealId, int expectedVersion, StageMoveRequest request, CancellationToken cancellationToken = default)
    {
        var (deal, refusal) = await LoadAsync(dealId, expectedVersion, cancellationToken);
        if (deal is null)
        {
            return refusal!;
        }
        var pipeline = await db.Pipelines.AsNoTracking().SingleAsync(p => p.Id == deal.PipelineId, cancellationToken);
        var current = pipeline.FindStage(deal.StageId)!;
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var target = string.IsNullOrWhiteSpace(request.Stage) ? null : pipeline.FindStage(request.Stage.Trim());
        if (target is null)
        {
            errors["stage"] = [$"stage must be one of {string.Join(", ", pipeline.Stages.Select(s => s.Key))} (pipeline '{pipeline.Key}'), was '{request.Stage}'."];
        }
        var lossReason = string.IsNullOrWhiteSpace(request.LossReason)
            ? null
            : await db.LossReasons.SingleOrDefaultAsync(r => r.Key == request.LossReason.Trim() && r.IsActive, cancellationToken);
        if (request.LossReason is { Length: > 0 } && lossReason is null)
        {
            var known = await db.LossReasons.Where(r => r.IsActive).Select(r => r.Key).ToListAsync(cancellationToken);
            errors["lossReason"] = [$"lossReason must be one of {string.Join(", ", known)}, was '{request.LossReason}'."];
        }
        else if (target is { Kind: StageKind.Lost } && lossReason is null)
        {
            errors["lossReason"] = ["moving to a lost stage needs a lossReason."];
        }
        else if (target is { Kind: not StageKind.Lost } && lossReason is not null)
        {
            errors["lossReason"] = [$"a lossReason is only given when moving to a lost stage, not to '{target.Key}'."];
        }
        if (request.OverrideReason is { Length: > 1000 })
        {
            errors["override"] = ["override must be at most 1000 characters."];
        }
        if (errors.Count > 0 || target is null)
        {
            return new(DealWriteStatus.Invalid, Errors: errors);
        }
        if (target.Id == deal.StageId)
        {
            return new(DealWriteStatus.Unchanged, deal.Version);
        }

        var forwards = target.Kind == StageKind.Won || (target.IsOpen && current.IsOpen && target.Position > current.Position);
        var gap = forwards ? deal.MissingToLeave(current, await db.CustomFields.AsNoTracking().ToDictionaryAsync(f => f.Key, cancellationToken)) : new StageGap([], []);
        var overridden = !gap.IsEmpty && !string.IsNullOrWhiteSpace(request.OverrideReason);
        if (!gap.IsEmpty && !overridden)
        {
            return new(DealWriteStatus.GateClosed, deal.Version, gap);
        }
        if (overridden && !db.Scope.MayOverrideGates)
        {
            return new(DealWriteStatus.OverrideNotAllowed, deal.Version, gap);
        }

        var now = clock.GetUtcNow();
        deal.MoveTo(target, now, db.Scope.UserId, TransitionSource.Api, lossReason);
        var reason = overridden ? request.OverrideReason!.Trim() : null;
        Audit(deal, now, AuditAction.StageMove, new { stage = current.Key }, new { stage = target.Key, lossReason = lossReason?.Key }, reason);
        if (overridden)
        {
            Audit(deal, now, AuditAction.GateOverride, new { stage = current.Key, missingActions = gap.Actions, missingFields = gap.Fields }, new { stage = target.Key }, reason);
        }
        return await SaveAsync(deal, expectedVersion, cancellationToken);
    }

    public async Task<DealWriteResult> SetActionAsync(long dealId, int expectedVersion, ActionRequest request, CancellationToken cancellationToken = default)
    {
        var (deal, refusal) = await LoadAsync(dealId, expectedVersion, cancellationToken);
        if (deal is null)
        {
            return refusal!;
        }
        var pipeline = await db.Pipelines.AsNoTracking().SingleAsync(p => p.Id == deal.PipelineId, cancellationToken);
        var stage = request.Stage is { Length: > 0 } key ? pipeline.FindStage(key.Trim()) : pipeline.FindStage(deal.StageId);
        if (stage is null)
        {
            return DealWriteResult.Invalid("stage", $"stage must be one of {string.Join(", ", pipeline.Stages.Select(s => s.Key))}, was '{request.Stage}'.");
        }
        var action = stage.Actions.FirstOrDefault(a => a.Key == request.Action?.Trim());
        if (action is null)
        {
            return DealWriteResult.Invalid("action", $"action must be one of {string.Join(", ", stage.Actions.Select(a => a.Key))} (stage '{stage.Key}'), was '{request.Action}'.");
        }
        var now = clock.GetUtcNow();
        var changed = request.Done ? deal.CompleteAction(stage, action, db.Scope.UserId, now) : deal.UndoAction(action);
        if (!changed)
        {
            return new(DealWriteStatus.Unchanged, deal.Version);
        }
        Audit(deal, now, AuditAction.Update, new { stage = stage.Key, action = action.Key, done = !request.Done }, new { stage = stage.Key, action = action.Key, done = request.Done }, null);
        return await SaveAsync(deal, expectedVersion, cancellationToken);
    }

    /// <summary>The deal with the parts gates read, or the refusal: not in scope, or not at the expected version.</summary>
    private async Task<(Deal? Deal, DealWriteResult? Refusal)> LoadAsync(long dealId, int expectedVersion, CancellationToken cancellationToken)
    {
        var deal = await db.Deals.WithGateParts()
            .SingleOrDefaultAsync(d => d.Id == dealId, cancellationToken);
        if (deal is null)
        {
            return (null, new(DealWriteStatus.NotFound));
        }
        return deal.Version == expectedVersion ? (deal, null) : (null, new(DealWriteStatus.VersionConflict, deal.Version));
    }

    private async Task<DealWriteResult> SaveAsync(Deal deal, int expectedVersion, CancellationToken cancellationToken)
    {
        // The version read must still be the stored one when the row is written: checked in the UPDATE.
        db.Entry(deal).Property(d => d.Version).OriginalValue = expectedVersion;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            var stored = await db.Deals.AsNoTracking().Where(d => d.Id == deal.Id).Select(d => (int?)d.Version).SingleOrDefaultAsync(cancellationToken);
            return stored is null ? new(DealWriteStatus.NotFound) : new(DealWriteStatus.VersionConflict, stored);
        }
        return new(DealWriteStatus.Done, deal.Version);
    }

    private void Audit(Deal deal, DateTimeOffset at, AuditAction action, object? before, object? after, string? reason) =>
        AuditEntityTypes.Record(db, at, AuditEntityTypes.Deal, deal.Id, action, before, after, reason);
}
