using System.Text.Json;
using Loudou.Core.Access;
using Loudou.Core.Deals;
using Loudou.Core.Pipelines;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Storage.Deals;

/// <summary>A request to move a deal to another stage of its pipeline.</summary>
/// <param name="Stage">The target stage's key.</param>
/// <param name="LossReason">The loss reason's key; required when the target is a Lost stage.</param>
/// <param name="OverrideReason">Why a manager or admin moves the deal although the gate is not met; logged.</param>
public sealed record StageMoveRequest(string? Stage, string? LossReason = null, string? OverrideReason = null);

/// <summary>How a stage move ended.</summary>
public enum StageMoveStatus
{
    Moved,
    AlreadyThere,
    NotFound,
    VersionConflict,
    Invalid,
    GateClosed,
    OverrideNotAllowed,
}

/// <summary>The outcome of a stage move; only the members its status needs are set.</summary>
/// <param name="Version">The deal's version now (after a move, or the current one on a conflict).</param>
/// <param name="Missing">What the gate lacks, on <see cref="StageMoveStatus.GateClosed"/>.</param>
/// <param name="Errors">Bad fields of the request, on <see cref="StageMoveStatus.Invalid"/>.</param>
public sealed record StageMoveResult(StageMoveStatus Status, int? Version = null, StageGap? Missing = null, IReadOnlyDictionary<string, string[]>? Errors = null);

/// <summary>Moves deals between stages with the gate check, optimistic concurrency and an audit entry.</summary>
/// <remarks>
/// The gate is the current stage's: leaving it forwards (to a later open stage or to Won) needs its
/// required actions done and required fields filled. Moving back or to Lost needs no gate; Lost needs
/// a loss reason. A manager or admin may pass a closed gate with a reason; the override is logged
/// with what was missing. Skipped stages' gates are not checked: the gate guards the stage being left.
/// </remarks>
public sealed class StageMoves(LoudouDbContext db, TimeProvider clock)
{
    private static readonly JsonSerializerOptions AuditJson = new(JsonSerializerDefaults.Web) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public async Task<StageMoveResult> MoveAsync(long dealId, int expectedVersion, StageMoveRequest request, CancellationToken cancellationToken = default)
    {
        var deal = await db.Deals
            .Include(d => d.History)
            .Include(d => d.Completions)
            .Include(d => d.Products)
            .Include(d => d.Tags)
            .Include(d => d.FieldValues)
            .SingleOrDefaultAsync(d => d.Id == dealId, cancellationToken);
        if (deal is null)
        {
            return new(StageMoveStatus.NotFound);
        }
        if (deal.Version != expectedVersion)
        {
            return new(StageMoveStatus.VersionConflict, deal.Version);
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
            return new(StageMoveStatus.Invalid, Errors: errors);
        }
        if (target.Id == deal.StageId)
        {
            return new(StageMoveStatus.AlreadyThere, deal.Version);
        }

        var forwards = target.Kind == StageKind.Won || (target.IsOpen && current.IsOpen && target.Position > current.Position);
        var gap = forwards ? deal.MissingToLeave(current, await CustomFieldsAsync(cancellationToken)) : new StageGap([], []);
        var overridden = !gap.IsEmpty && !string.IsNullOrWhiteSpace(request.OverrideReason);
        if (!gap.IsEmpty && !overridden)
        {
            return new(StageMoveStatus.GateClosed, deal.Version, gap);
        }
        if (overridden && !db.Scope.MayOverrideGates)
        {
            return new(StageMoveStatus.OverrideNotAllowed, deal.Version, gap);
        }

        var now = clock.GetUtcNow();
        var by = db.Scope.UserId;
        deal.MoveTo(target, now, by, TransitionSource.Api, lossReason);
        // The version read above must still be the stored one when the row is written.
        db.Entry(deal).Property(d => d.Version).OriginalValue = expectedVersion;
        var id = deal.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        db.AuditEntries.Add(AuditEntry.Record(now, by, AuditEntityTypes.Deal, id, AuditAction.StageMove,
            Json(new { stage = current.Key }), Json(new { stage = target.Key, lossReason = lossReason?.Key }), overridden ? request.OverrideReason!.Trim() : null));
        if (overridden)
        {
            db.AuditEntries.Add(AuditEntry.Record(now, by, AuditEntityTypes.Deal, id, AuditAction.GateOverride,
                Json(new { stage = current.Key, missingActions = gap.Actions, missingFields = gap.Fields }), Json(new { stage = target.Key }), request.OverrideReason!.Trim()));
        }
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            var stored = await db.Deals.AsNoTracking().Where(d => d.Id == dealId).Select(d => (int?)d.Version).SingleOrDefaultAsync(cancellationToken);
            return stored is null ? new(StageMoveStatus.NotFound) : new(StageMoveStatus.VersionConflict, stored);
        }
        return new(StageMoveStatus.Moved, deal.Version);
    }

    private async Task<IReadOnlyDictionary<string, Core.Catalog.CustomField>> CustomFieldsAsync(CancellationToken cancellationToken) =>
        await db.CustomFields.AsNoTracking().ToDictionaryAsync(f => f.Key, cancellationToken);

    private static string Json(object value) => JsonSerializer.Serialize(value, AuditJson);
}

/// <summary>The entity type names audit entries use.</summary>
public static class AuditEntityTypes
{
    public const string Deal = "deal";
}
