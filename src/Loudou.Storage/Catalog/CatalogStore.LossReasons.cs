using Loudou.Core;
using Loudou.Core.Catalog;
using Loudou.Storage.Records;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Storage.Catalog;

/// <summary>A change to a loss reason: a new name, retired or active again; null leaves that as it is.</summary>
public sealed record LossReasonChange(LocalizedText? Name = null, bool? Active = null);

/// <summary>Loss reasons: list, add, rename, retire and reactivate. A reason is never deleted: lost deals keep theirs.</summary>
public sealed partial class CatalogStore
{
    private const string LossReasons = "Loss reasons";

    /// <summary>The reasons in the order they were added (the order forms offer them), with the deals (in the caller's scope) lost for each.</summary>
    public async Task<IReadOnlyList<CatalogLossReason>> LossReasonsAsync(CancellationToken cancellationToken = default)
    {
        var deals = await db.Deals.Where(d => d.LossReasonId != null).GroupBy(d => d.LossReasonId!.Value).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var reasons = await db.LossReasons.AsNoTracking().OrderBy(r => r.Id).ToListAsync(cancellationToken);
        return [.. reasons.Select(r => new CatalogLossReason(r.Id, r.Key, r.Name, r.IsActive, deals.GetValueOrDefault(r.Id)))];
    }

    /// <param name="key">Stable: lower-case letters, digits, '-' and '_', starting with a letter; imports and the API name the reason by it.</param>
    public async Task<WriteResult> AddLossReasonAsync(string? key, LocalizedText name, CancellationToken cancellationToken = default)
    {
        if (RefuseUnlessAdmin(LossReasons) is { } refused)
        {
            return refused;
        }
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var checkedKey = "";
        var checkedName = name;
        RecordWrites.Check(errors, () => checkedKey = Guard.Key(key, "key"));
        RecordWrites.Check(errors, () => checkedName = LossReason.CheckName(name));
        if (errors.Count > 0)
        {
            return WriteResult.Invalid(errors);
        }
        if (await db.LossReasons.AnyAsync(r => r.Key == checkedKey, cancellationToken))
        {
            return WriteResult.Invalid("key", $"a loss reason with key '{checkedKey}' exists already; keys are never reused, reactivate it instead.");
        }
        if (await ReasonNamedAsync(checkedName, null, cancellationToken) is { } taken)
        {
            return taken;
        }
        var reason = LossReason.Create(checkedKey, checkedName);
        return await AddAsync(reason, AuditEntityTypes.LossReason, r => r.Id, Describe, "key", $"a loss reason with key '{checkedKey}' exists already.", cancellationToken);
    }

    /// <returns>Done; NotFound; Invalid when the name is empty, too long or another reason's.</returns>
    public async Task<WriteResult> ChangeLossReasonAsync(int id, LossReasonChange change, CancellationToken cancellationToken = default)
    {
        if (RefuseUnlessAdmin(LossReasons) is { } refused)
        {
            return refused;
        }
        if (await db.LossReasons.SingleOrDefaultAsync(r => r.Id == id, cancellationToken) is not { } reason)
        {
            return WriteResult.NotFound;
        }
        var before = Fields(Describe(reason));
        if (change.Name is { } name && Check(() => reason.Rename(name)) is { } invalid)
        {
            return Refuse(invalid);
        }
        if (change.Name is not null && await ReasonNamedAsync(reason.Name, id, cancellationToken) is { } taken)
        {
            return Refuse(taken);
        }
        if (change.Active is { } active)
        {
            if (active)
            {
                reason.Reactivate();
            }
            else
            {
                reason.Retire();
            }
        }
        RecordWrites.AuditChanges(db, _clock, AuditEntityTypes.LossReason, id, before, Fields(Describe(reason)));
        return await RecordWrites.SaveAsync(db, id, cancellationToken);
    }

    /// <summary>Another reason with the same Chinese or English name, ignoring case: lists and the loss dialog would show two alike.</summary>
    private async Task<WriteResult?> ReasonNamedAsync(LocalizedText name, int? except, CancellationToken cancellationToken)
    {
        var (zh, en) = (name.ZhCn.ToLowerInvariant(), name.En.ToLowerInvariant());
        var other = await db.LossReasons.AsNoTracking().Where(r => r.Id != except && (r.Name.ZhCn.ToLower() == zh || r.Name.En.ToLower() == en))
            .Select(r => r.Key).FirstOrDefaultAsync(cancellationToken);
        return other is null ? null : WriteResult.Invalid("name", $"loss reason '{other}' has this name already; give this one another, or reactivate '{other}'.");
    }

    private static LossReasonAudit Describe(LossReason reason) =>
        new(reason.Key, new Dictionary<string, string> { ["zh-CN"] = reason.Name.ZhCn, ["en"] = reason.Name.En }, reason.IsActive);

    private static Dictionary<string, object?> Fields(LossReasonAudit reason) => new() { ["name"] = reason.Name, ["active"] = reason.Active };

    private sealed record LossReasonAudit(string Key, IReadOnlyDictionary<string, string> Name, bool Active);
}
