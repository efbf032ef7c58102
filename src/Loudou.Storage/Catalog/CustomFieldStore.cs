using Loudou.Core;
using Loudou.Core.Alerts.Rules;
using Loudou.Core.Catalog;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Storage.Catalog;

/// <summary>A custom field as the admin page lists it: its definition and how many deals hold a value of it.</summary>
public sealed record CustomFieldView(string Key, LocalizedText Name, CustomFieldType Type, IReadOnlyList<string> Options, int Values);

/// <summary>What <see cref="CustomFieldStore.ApplyAsync"/> did: nothing when there are errors; else the fields after and what changed.</summary>
/// <param name="ValuesRemoved">Values deleted with the fields the file removed.</param>
/// <param name="ValuesRewritten">Values rewritten in the canonical form of their field's new definition (a multiple choice whose options were reordered).</param>
public sealed record CustomFieldsApplyResult(
    CustomFieldsDocument? Applied, IReadOnlyList<CustomFieldsFileError> Errors, int Created = 0, int Changed = 0, int Removed = 0, int ValuesRemoved = 0, int ValuesRewritten = 0);

/// <summary>Defines, lists and removes custom fields (docs/field-files.md), and reads their values in bulk.</summary>
/// <remarks>
/// Fields are workspace-level reference data: everyone reads them, admins (and the operator's tools) define them.
/// A file is applied all or nothing; fields it does not list stay as they are. A change of type or options is
/// refused while stored values would not fit it, with their number, because the values would stop meaning what they
/// were entered as; a change that every stored value fits (text to number when all are numbers, options added or
/// reordered) rewrites the values in the new canonical form. Removing a field is explicit ("remove": true) and takes
/// its values with it; it is refused while a stage requires the field or an alert rule watches a segment of it.
/// Defining fields needs the whole workspace in scope, so the values it counts, rewrites and removes are every deal's.
/// </remarks>
public sealed class CustomFieldStore(LoudouDbContext db)
{
    /// <summary>The fields in the order they were created, which is the order forms show them.</summary>
    public async Task<IReadOnlyList<CustomField>> ListAsync(CancellationToken cancellationToken = default) =>
        await db.CustomFields.AsNoTracking().OrderBy(f => f.Id).ToListAsync(cancellationToken);

    /// <summary>The fields with the number of deals (in the caller's scope) that hold a value of each.</summary>
    public async Task<IReadOnlyList<CustomFieldView>> ViewsAsync(CancellationToken cancellationToken = default)
    {
        var counts = await db.CustomFieldValues.GroupBy(v => v.CustomFieldId).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        return [.. (await ListAsync(cancellationToken)).Select(f => new CustomFieldView(f.Key, f.Name, f.Type, f.Options, counts.GetValueOrDefault(f.Id)))];
    }

    /// <summary>The fields as a custom fields file, which <see cref="ApplyAsync"/> takes back unchanged.</summary>
    public async Task<CustomFieldsDocument> ReadAsync(CancellationToken cancellationToken = default) =>
        new([.. (await ListAsync(cancellationToken)).Select(CustomFieldEntry.Of)]);

    /// <summary>The values of the given fields on every deal of a pipeline (in the caller's scope), by field key and deal id.</summary>
    /// <remarks>
    /// For readers of many deals at once (the scoring model's features): one streaming query, values in their canonical text
    /// (<see cref="CustomField.Normalize"/>). A deal without a value of a field has no entry under it; a key that is not a
    /// field has an empty entry.
    /// </remarks>
    /// <param name="pipelineKey">The pipeline's key; null for every pipeline.</param>
    public async Task<IReadOnlyDictionary<string, IReadOnlyDictionary<long, string>>> ValuesAsync(
        string? pipelineKey, IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default)
    {
        var fields = await db.CustomFields.AsNoTracking().Where(f => keys.Contains(f.Key)).ToDictionaryAsync(f => f.Id, f => f.Key, cancellationToken);
        var byKey = keys.Distinct(StringComparer.Ordinal).ToDictionary(k => k, _ => new Dictionary<long, string>(), StringComparer.Ordinal);
        var ids = fields.Keys.ToList();
        var deals = pipelineKey is null ? db.Deals : db.Deals.Where(d => db.Pipelines.Any(p => p.Id == d.PipelineId && p.Key == pipelineKey));
        var values = from v in db.CustomFieldValues.AsNoTracking()
                     join d in deals on v.DealId equals d.Id
                     where ids.Contains(v.CustomFieldId)
                     select new { v.DealId, v.CustomFieldId, v.Value };
        await foreach (var v in values.AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            byKey[fields[v.CustomFieldId]][v.DealId] = v.Value;
        }
        return byKey.ToDictionary(p => p.Key, p => (IReadOnlyDictionary<long, string>)p.Value, StringComparer.Ordinal);
    }

    /// <summary>Checks the document against the workspace, changing nothing.</summary>
    /// <returns>Every problem, at its entry's path; empty when <see cref="ApplyAsync"/> would succeed.</returns>
    public async Task<IReadOnlyList<CustomFieldsFileError>> CheckAsync(CustomFieldsDocument document, CancellationToken cancellationToken = default)
    {
        var plan = await PlanAsync(document, tracked: false, cancellationToken);
        db.ChangeTracker.Clear();
        return plan.Errors;
    }

    /// <summary>Defines, changes and removes the document's fields, all in one transaction, or nothing when any is wrong.</summary>
    public async Task<CustomFieldsApplyResult> ApplyAsync(CustomFieldsDocument document, CancellationToken cancellationToken = default)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var plan = await PlanAsync(document, tracked: true, cancellationToken);
        if (plan.Errors.Count > 0)
        {
            db.ChangeTracker.Clear();
            return new CustomFieldsApplyResult(null, plan.Errors);
        }
        var valuesRemoved = 0;
        foreach (var field in plan.Removed)
        {
            valuesRemoved += await db.CustomFieldValues.Where(v => v.CustomFieldId == field.Id).ExecuteDeleteAsync(cancellationToken);
            db.CustomFields.Remove(field);
        }
        var rewritten = 0;
        foreach (var (fieldId, from, to) in plan.Rewrites)
        {
            rewritten += await db.CustomFieldValues.Where(v => v.CustomFieldId == fieldId && v.Value == from)
                .ExecuteUpdateAsync(s => s.SetProperty(v => v.Value, to), cancellationToken);
        }
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The unique index on the key refuses a field someone else created under the same key meanwhile.
            db.ChangeTracker.Clear();
            return new CustomFieldsApplyResult(null, [new("$", "another change to the custom fields was saved at the same time; nothing was changed, apply the file again.")]);
        }
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return new CustomFieldsApplyResult(await ReadAsync(cancellationToken), [], plan.Created, plan.Changed, plan.Removed.Count, valuesRemoved, rewritten);
    }

    /// <summary>What applying a document does, found without writing: new fields are added to the context and changed ones changed in it (when tracked).</summary>
    private sealed class Plan
    {
        public List<CustomFieldsFileError> Errors { get; } = [];

        public List<CustomField> Removed { get; } = [];

        public List<(int FieldId, string From, string To)> Rewrites { get; } = [];

        public int Created { get; set; }

        public int Changed { get; set; }
    }

    private async Task<Plan> PlanAsync(CustomFieldsDocument document, bool tracked, CancellationToken cancellationToken)
    {
        var plan = new Plan();
        if (!db.Scope.SeesAll)
        {
            plan.Errors.Add(new("$", "custom fields are defined by admins."));
            return plan;
        }
        var query = tracked ? db.CustomFields : db.CustomFields.AsNoTracking();
        var stored = await query.ToDictionaryAsync(f => f.Key, StringComparer.Ordinal, cancellationToken);
        var users = await UsersAsync(document.Fields.Where(e => e.Remove && stored.ContainsKey(e.Key)).Select(e => e.Key).ToList(), cancellationToken);
        foreach (var entry in document.Fields)
        {
            stored.TryGetValue(entry.Key, out var field);
            if (entry.Remove)
            {
                if (field is null)
                {
                    continue;
                }
                if (users.TryGetValue(entry.Key, out var usedBy))
                {
                    plan.Errors.Add(new(entry.Path + ".remove", $"'{entry.Key}' cannot be removed while {string.Join(" and ", usedBy)}."));
                }
                plan.Removed.Add(field);
                continue;
            }
            if (field is null)
            {
                db.CustomFields.Add(entry.Create());
                plan.Created++;
                continue;
            }
            if (field.Name == entry.Name && field.Type == entry.Type && field.Options.SequenceEqual(entry.Options))
            {
                continue;
            }
            if (field.Type != entry.Type || !field.Options.SequenceEqual(entry.Options))
            {
                await CheckValuesAsync(field, entry, plan, cancellationToken);
            }
            field.Redefine(entry.Name, entry.Type, entry.Options);
            plan.Changed++;
        }
        return plan;
    }

    /// <summary>Counts the field's stored values that the new definition would break (an error when any), and plans the rewrite of those whose canonical text changes.</summary>
    private async Task CheckValuesAsync(CustomField field, CustomFieldEntry entry, Plan plan, CancellationToken cancellationToken)
    {
        // Distinct values with their counts: a choice field's million values are a handful of rows here.
        var values = await db.CustomFieldValues.Where(v => v.CustomFieldId == field.Id)
            .GroupBy(v => v.Value).Select(g => new { Value = g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        if (values.Count == 0)
        {
            return;
        }
        var candidate = entry.Create();
        var broken = values.Where(v => candidate.Breaks(v.Value)).ToList();
        if (broken.Count > 0)
        {
            var count = broken.Sum(v => v.Count);
            var total = values.Sum(v => v.Count);
            var examples = string.Join(", ", broken.OrderByDescending(v => v.Count).Take(3).Select(v => $"'{v.Value}'"));
            var (path, change) = field.Type != entry.Type
                ? (entry.Path + ".type", $"changing '{field.Key}' from {CustomFieldTypes.Name(field.Type)} to {CustomFieldTypes.Name(entry.Type)}")
                : (entry.Path + ".options", $"these options for '{field.Key}'");
            plan.Errors.Add(new(path, $"{change} would break {count:N0} of its {total:N0} values, which do not fit (such as {examples}); "
                + "change or clear those values first, or remove the field with \"remove\": true."));
            return;
        }
        foreach (var value in values)
        {
            var canonical = candidate.Normalize(value.Value, out _)!;
            if (canonical != value.Value)
            {
                plan.Rewrites.Add((field.Id, value.Value, canonical));
            }
        }
    }

    /// <summary>What uses each of the fields: stages that require it and alert rules that watch a segment of it, in words.</summary>
    private async Task<Dictionary<string, List<string>>> UsersAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        var users = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        if (keys.Count == 0)
        {
            return users;
        }
        foreach (var pipeline in await db.Pipelines.AsNoTracking().ToListAsync(cancellationToken))
        {
            foreach (var stage in pipeline.Stages)
            {
                foreach (var key in keys.Where(stage.RequiredFields.Contains))
                {
                    Use(users, key, $"stage '{stage.Key}' of pipeline '{pipeline.Key}' requires it");
                }
            }
        }
        foreach (var rule in await db.AlertRules.AsNoTracking().ToListAsync(cancellationToken))
        {
            if (AlertConditionJson.Parse(rule.Condition, out _)?.Segment is { } segment && segment.Dimension.StartsWith("custom.", StringComparison.Ordinal)
                && keys.Contains(segment.Dimension["custom.".Length..]))
            {
                Use(users, segment.Dimension["custom.".Length..], $"alert rule '{rule.Key}' watches a segment of it");
            }
        }
        return users;
    }

    private static void Use(Dictionary<string, List<string>> users, string key, string use) =>
        (users.TryGetValue(key, out var list) ? list : users[key] = []).Add(use);
}
