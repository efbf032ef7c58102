using Loudou.Core.Catalog;
using Loudou.Storage.Records;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Storage.Catalog;

/// <summary>A change to a tag: a new name, a new colour (when <paramref name="SetsColor"/>; null or blank for the default).</summary>
public sealed record TagChange(string? Name = null, bool SetsColor = false, string? Color = null);

/// <summary>Tags: list, add, rename, recolour, delete one no deal carries, and merge one into another.</summary>
public sealed partial class CatalogStore
{
    private const string Tags = "Tags";

    /// <summary>The tags by name, with the deals (in the caller's scope) that carry each.</summary>
    public async Task<IReadOnlyList<CatalogTag>> TagsAsync(CancellationToken cancellationToken = default)
    {
        var deals = await db.DealTags.GroupBy(t => t.TagId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var tags = await db.Tags.AsNoTracking().ToListAsync(cancellationToken);
        return [.. tags.OrderBy(t => t.Name, StringComparer.CurrentCultureIgnoreCase).Select(t => new CatalogTag(t.Id, t.Name, t.Color, deals.GetValueOrDefault(t.Id)))];
    }

    public async Task<WriteResult> AddTagAsync(string? name, string? color = null, CancellationToken cancellationToken = default)
    {
        Tag? tag = null;
        if ((RefuseUnlessAdmin(Tags) ?? Check(() => tag = Tag.Create(name!, color))) is { } refused)
        {
            return refused;
        }
        if (await TagNamedAsync(tag!.Name, null, cancellationToken) is { } taken)
        {
            return taken;
        }
        return await AddAsync(tag, AuditEntityTypes.Tag, t => t.Id, Describe, "name", Taken("tag", tag.Name), cancellationToken);
    }

    /// <returns>Done; NotFound; Invalid for a bad or taken name or a bad colour; Conflict when a rename meets an alert rule watching the tag.</returns>
    public async Task<WriteResult> ChangeTagAsync(int id, TagChange change, CancellationToken cancellationToken = default)
    {
        if (RefuseUnlessAdmin(Tags) is { } refused)
        {
            return refused;
        }
        if (await db.Tags.SingleOrDefaultAsync(t => t.Id == id, cancellationToken) is not { } tag)
        {
            return WriteResult.NotFound;
        }
        var before = Describe(tag);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (change.Name is not null)
        {
            RecordWrites.Check(errors, () => tag.Rename(change.Name));
        }
        if (change.SetsColor)
        {
            RecordWrites.Check(errors, () => tag.Recolor(change.Color));
        }
        if (errors.Count > 0)
        {
            return Refuse(WriteResult.Invalid(errors));
        }
        if (tag.Name != before.Name)
        {
            if (await TagNamedAsync(tag.Name, id, cancellationToken) is { } taken)
            {
                return Refuse(taken);
            }
            if (await WatchersAsync("tag", before.Name, cancellationToken) is { Count: > 0 } watchers)
            {
                return Refuse(WriteResult.Conflict(Watched($"tag '{before.Name}'", watchers)));
            }
        }
        RecordWrites.AuditChanges(db, _clock, AuditEntityTypes.Tag, id, Fields(before), Fields(Describe(tag)));
        return await SaveChangeAsync(id, "name", Taken("tag", tag.Name), cancellationToken);
    }

    /// <summary>Deletes a tag that no deal carries (in the whole workspace); one in use is merged into another instead.</summary>
    public async Task<WriteResult> DeleteTagAsync(int id, CancellationToken cancellationToken = default)
    {
        if (RefuseUnlessAdmin(Tags) is { } refused)
        {
            return refused;
        }
        if (await db.Tags.SingleOrDefaultAsync(t => t.Id == id, cancellationToken) is not { } tag)
        {
            return WriteResult.NotFound;
        }
        if (await db.DealTags.CountAsync(t => t.TagId == id, cancellationToken) is > 0 and var used)
        {
            return WriteResult.Conflict($"tag '{tag.Name}' is on {used} deal(s); remove it from them or merge it into another tag.");
        }
        if (await WatchersAsync("tag", tag.Name, cancellationToken) is { Count: > 0 } watchers)
        {
            return WriteResult.Conflict(Watched($"tag '{tag.Name}'", watchers));
        }
        db.Tags.Remove(tag);
        AuditEntityTypes.Record(db, _clock.GetUtcNow(), AuditEntityTypes.Tag, id, Core.Access.AuditAction.Delete, Describe(tag), null);
        return await RecordWrites.SaveAsync(db, id, cancellationToken);
    }

    /// <summary>Puts the tag on every deal that carries <paramref name="id"/> (once, where it is already) and deletes that one.</summary>
    /// <returns>Done with the id of the tag kept; NotFound; Invalid for a merge into itself; Conflict when an alert rule watches the tag merged away.</returns>
    public async Task<WriteResult> MergeTagAsync(int id, int intoId, CancellationToken cancellationToken = default)
    {
        if (RefuseUnlessAdmin(Tags) is { } refused)
        {
            return refused;
        }
        if (id == intoId)
        {
            return WriteResult.Invalid("into", "a tag cannot be merged into itself; pick another tag.");
        }
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var pair = await db.Tags.Where(t => t.Id == id || t.Id == intoId).ToListAsync(cancellationToken);
        if (pair.Find(t => t.Id == id) is not { } from || pair.Find(t => t.Id == intoId) is not { } into)
        {
            return WriteResult.NotFound;
        }
        if (await WatchersAsync("tag", from.Name, cancellationToken) is { Count: > 0 } watchers)
        {
            return WriteResult.Conflict(Watched($"tag '{from.Name}'", watchers));
        }
        var now = _clock.GetUtcNow();
        var deals = db.DealTags.Where(t => t.TagId == id).Select(t => t.DealId);
        var touched = await db.Deals.Where(d => deals.Contains(d.Id)).ExecuteUpdateAsync(s => s
            .SetProperty(d => d.Version, d => d.Version + 1)
            .SetProperty(d => EF.Property<DateTimeOffset>(d, Configurations.AuditedExtensions.UpdatedAt), now), cancellationToken);
        // Deals that carry both keep one row: the duplicate's goes with the tag (cascade).
        await db.DealTags.Where(t => t.TagId == id && !db.DealTags.Any(o => o.DealId == t.DealId && o.TagId == intoId))
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.TagId, intoId), cancellationToken);
        db.Tags.Remove(from);
        var reason = $"'{from.Name}' merged into '{into.Name}': {touched} deal(s) now carry '{into.Name}' instead";
        AuditMerge(AuditEntityTypes.Tag, id, Describe(from), intoId, new { merged = from.Name, deals = touched }, reason);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return WriteResult.Done(intoId);
    }

    private async Task<WriteResult?> TagNamedAsync(string name, int? except, CancellationToken cancellationToken)
    {
        var lower = name.ToLowerInvariant();
        var other = await db.Tags.AsNoTracking().Where(t => t.Name.ToLower() == lower && t.Id != except).Select(t => t.Name).FirstOrDefaultAsync(cancellationToken);
        return other is null ? null : WriteResult.Invalid("name", Taken("tag", other));
    }

    private static TagAudit Describe(Tag tag) => new(tag.Name, tag.Color);

    private static Dictionary<string, object?> Fields(TagAudit tag) => new() { ["name"] = tag.Name, ["color"] = tag.Color };

    private sealed record TagAudit(string Name, string? Color);
}
