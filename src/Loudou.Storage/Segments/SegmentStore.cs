using System.Text.Json.Nodes;
using Loudou.Core;
using Loudou.Core.Access;
using Loudou.Core.Catalog;
using Loudou.Core.Segments;
using Loudou.Storage.Deals;
using Loudou.Storage.Records;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Storage.Segments;

/// <summary>A segment as the API and pages show it: its rule, its tag and how many deals carry the tag now.</summary>
public sealed record SegmentView(string Key, string Name, JsonObject Rule, string Tag, int Deals);

/// <summary>Saves, lists and removes segments, and keeps each segment's tag on exactly the deals its rule matches (docs/segments.md).</summary>
/// <remarks>Writes are for admins; a sync must run in a context that sees every deal (an admin's or the operator's), or it would untag deals it cannot see.</remarks>
public sealed class SegmentStore(LoudouDbContext db, TimeProvider? clock = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    public async Task<IReadOnlyList<SegmentView>> ListAsync(CancellationToken cancellationToken = default)
    {
        var segments = await db.Segments.AsNoTracking().OrderBy(s => s.Key).ToListAsync(cancellationToken);
        var tags = await db.Tags.AsNoTracking().ToDictionaryAsync(t => t.Id, t => t.Name, cancellationToken);
        var counts = await db.DealTags.AsNoTracking().Where(dt => db.Segments.Any(s => s.TagId == dt.TagId)).Where(dt => db.Deals.Any(d => d.Id == dt.DealId))
            .GroupBy(dt => dt.TagId).Select(g => new { g.Key, Deals = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Deals, cancellationToken);
        return [.. segments.Select(s => new SegmentView(s.Key, s.Name, SegmentRuleJson.Write(SegmentRuleJson.Read(s.Rule)), tags[s.TagId], counts.GetValueOrDefault(s.TagId)))];
    }

    /// <summary>Creates or changes the segment of <paramref name="key"/>, its tag named as the segment, and tags its deals at once.</summary>
    /// <returns>Whether it was created, and the segment after the sync.</returns>
    /// <exception cref="DomainRuleException">Not an admin; a bad key, name or rule; a name taken by a tag that another segment owns.</exception>
    public async Task<(bool Created, SegmentView Segment)> SaveAsync(string key, string name, SegmentRule rule, CancellationToken cancellationToken = default)
    {
        if (!db.Scope.SeesAll)
        {
            throw new DomainRuleException("role", "segments are saved by admins.");
        }
        var ruleJson = SegmentRuleJson.Write(rule).ToJsonString();
        name = Guard.Required(name, "name", Tag.MaxNameLength);
        var segment = await db.Segments.SingleOrDefaultAsync(s => s.Key == key, cancellationToken);
        var tag = await db.Tags.SingleOrDefaultAsync(t => t.Name == name, cancellationToken);
        if (tag is not null && await db.Segments.AnyAsync(s => s.TagId == tag.Id && s.Key != key, cancellationToken))
        {
            throw new DomainRuleException("name", $"the tag \"{name}\" belongs to another segment.");
        }
        if (tag is not null && segment is not null && tag.Id != segment.TagId)
        {
            // Renaming the segment's tag onto another tag's name would merge two tags' deals; the picklists merge tags on purpose.
            throw new DomainRuleException("name", $"a tag \"{name}\" exists already; choose another name, or merge the tags in the picklists.");
        }
        var created = segment is null;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (segment is null)
        {
            if (tag is null)
            {
                tag = Tag.Create(name);
                db.Tags.Add(tag);
                await db.SaveChangesAsync(cancellationToken);
            }
            segment = Segment.Create(key, name, ruleJson, tag.Id);
            db.Segments.Add(segment);
            await db.SaveChangesAsync(cancellationToken);
            AuditEntityTypes.Record(db, _clock.GetUtcNow(), AuditEntityTypes.Segment, segment.Id, AuditAction.Create, null, new { key, name, rule = ruleJson });
        }
        else
        {
            var owned = await db.Tags.SingleAsync(t => t.Id == segment.TagId, cancellationToken);
            var before = new { key, segment.Name, rule = segment.Rule };
            if (owned.Name != name)
            {
                // The segment's tag follows its name, so that filters read as the segment is called.
                owned.Rename(name);
            }
            segment.Change(name, ruleJson);
            AuditEntityTypes.Record(db, _clock.GetUtcNow(), AuditEntityTypes.Segment, segment.Id, AuditAction.Update, before, new { key, name, rule = ruleJson });
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await SyncAsync(segment, cancellationToken);
        return (created, (await ListAsync(cancellationToken)).Single(s => s.Key == key));
    }

    /// <summary>Removes a segment; its tag stays on the deals as a plain tag, no longer kept by a rule.</summary>
    /// <returns>False when there is no such segment.</returns>
    public async Task<bool> RemoveAsync(string key, CancellationToken cancellationToken = default)
    {
        if (!db.Scope.SeesAll)
        {
            throw new DomainRuleException("role", "segments are removed by admins.");
        }
        var segment = await db.Segments.SingleOrDefaultAsync(s => s.Key == key, cancellationToken);
        if (segment is null)
        {
            return false;
        }
        db.Segments.Remove(segment);
        AuditEntityTypes.Record(db, _clock.GetUtcNow(), AuditEntityTypes.Segment, segment.Id, AuditAction.Delete, new { key, segment.Name, rule = segment.Rule }, null);
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>Brings every segment's tag in line with its rule.</summary>
    /// <returns>Tags added and removed.</returns>
    public async Task<(int Added, int Removed)> SyncAllAsync(CancellationToken cancellationToken = default)
    {
        var (added, removed) = (0, 0);
        foreach (var segment in await db.Segments.AsNoTracking().ToListAsync(cancellationToken))
        {
            var (a, r) = await SyncAsync(segment, cancellationToken);
            (added, removed) = (added + a, removed + r);
        }
        return (added, removed);
    }

    private async Task<(int Added, int Removed)> SyncAsync(Segment segment, CancellationToken cancellationToken)
    {
        var rule = SegmentRuleJson.Read(segment.Rule);
        var tagId = segment.TagId;
        var matching = (await new DealQueries(db).Matching(new DealFilter { Rule = rule }).Select(d => d.Id).ToListAsync(cancellationToken)).ToHashSet();
        var tagged = (await db.DealTags.AsNoTracking().Where(dt => dt.TagId == tagId).Select(dt => dt.DealId).ToListAsync(cancellationToken)).ToHashSet();
        var add = matching.Except(tagged).ToList();
        var remove = tagged.Except(matching).ToList();
        if (add.Count + remove.Count == 0)
        {
            return (0, 0);
        }
        var tag = await db.Tags.SingleAsync(t => t.Id == tagId, cancellationToken);
        foreach (var chunk in add.Concat(remove).Chunk(500))
        {
            var deals = await db.Deals.Include(d => d.Tags).Where(d => chunk.Contains(d.Id)).ToListAsync(cancellationToken);
            foreach (var deal in deals)
            {
                _ = matching.Contains(deal.Id) ? deal.AddTag(tag) : deal.RemoveTag(tag);
            }
            await db.SaveChangesAsync(cancellationToken);
        }
        db.ChangeTracker.Clear();
        return (add.Count, remove.Count);
    }
}
