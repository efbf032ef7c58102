using Loudou.Core.Catalog;
using Loudou.Storage.Configurations;
using Loudou.Storage.Records;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Storage.Catalog;

/// <summary>Lead channels: list, add, rename, and merge a duplicate into another.</summary>
public sealed partial class CatalogStore
{
    private const string Channels = "Lead channels";

    /// <summary>The channels by name, with the deals (in the caller's scope) that came from each and its months of cost.</summary>
    public async Task<IReadOnlyList<CatalogChannel>> ChannelsAsync(CancellationToken cancellationToken = default)
    {
        var deals = await db.Deals.Where(d => d.ChannelId != null).GroupBy(d => d.ChannelId!.Value).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var costs = await db.ChannelCosts.GroupBy(c => c.ChannelId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var channels = await db.Channels.AsNoTracking().ToListAsync(cancellationToken);
        return [.. channels.OrderBy(c => c.Name, StringComparer.CurrentCultureIgnoreCase)
            .Select(c => new CatalogChannel(c.Id, c.Name, deals.GetValueOrDefault(c.Id), costs.GetValueOrDefault(c.Id)))];
    }

    public async Task<WriteResult> AddChannelAsync(string? name, CancellationToken cancellationToken = default)
    {
        Channel? channel = null;
        if ((RefuseUnlessAdmin(Channels) ?? Check(() => channel = Channel.Create(name!))) is { } refused)
        {
            return refused;
        }
        if (await ChannelNamedAsync(channel!.Name, null, cancellationToken) is { } taken)
        {
            return taken;
        }
        return await AddAsync(channel, AuditEntityTypes.Channel, c => c.Id, Describe, "name", Taken("channel", channel.Name), cancellationToken);
    }

    /// <returns>Done; NotFound; Invalid when the name is blank, too long or taken; Conflict when an alert rule watches the channel.</returns>
    public async Task<WriteResult> RenameChannelAsync(int id, string? name, CancellationToken cancellationToken = default)
    {
        if (RefuseUnlessAdmin(Channels) is { } refused)
        {
            return refused;
        }
        if (await db.Channels.SingleOrDefaultAsync(c => c.Id == id, cancellationToken) is not { } channel)
        {
            return WriteResult.NotFound;
        }
        var before = Describe(channel);
        if (Check(() => channel.Rename(name!)) is { } invalid)
        {
            return Refuse(invalid);
        }
        if (channel.Name == before.Name)
        {
            return WriteResult.Done(id);
        }
        if (await ChannelNamedAsync(channel.Name, id, cancellationToken) is { } taken)
        {
            return Refuse(taken);
        }
        if (await WatchersAsync("channel", before.Name, cancellationToken) is { Count: > 0 } watchers)
        {
            return Refuse(WriteResult.Conflict(Watched($"channel '{before.Name}'", watchers)));
        }
        RecordWrites.AuditChanges(db, _clock, AuditEntityTypes.Channel, id, Fields(before), Fields(Describe(channel)));
        return await SaveChangeAsync(id, "name", Taken("channel", channel.Name), cancellationToken);
    }

    /// <summary>Moves the deals and costs of a duplicate channel to another and deletes the duplicate.</summary>
    /// <remarks>
    /// A month both channels have a cost for becomes one cost, their sum, when both are in the same currency; in two
    /// currencies the merge is refused, since the sum would mean nothing, naming the months.
    /// </remarks>
    /// <returns>Done with the id of the channel kept; NotFound when either is missing; Invalid for a merge into itself; Conflict as above or when an alert rule watches the duplicate.</returns>
    public async Task<WriteResult> MergeChannelAsync(int id, int intoId, CancellationToken cancellationToken = default)
    {
        if (RefuseUnlessAdmin(Channels) is { } refused)
        {
            return refused;
        }
        if (id == intoId)
        {
            return WriteResult.Invalid("into", "a channel cannot be merged into itself; pick another channel.");
        }
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var pair = await db.Channels.Where(c => c.Id == id || c.Id == intoId).ToListAsync(cancellationToken);
        if (pair.Find(c => c.Id == id) is not { } from || pair.Find(c => c.Id == intoId) is not { } into)
        {
            return WriteResult.NotFound;
        }
        if (await WatchersAsync("channel", from.Name, cancellationToken) is { Count: > 0 } watchers)
        {
            return WriteResult.Conflict(Watched($"channel '{from.Name}'", watchers));
        }
        // Read untracked and changed in bulk: tracked costs of the duplicate would be deleted with it by EF's cascade.
        var costs = await db.ChannelCosts.AsNoTracking().Where(c => c.ChannelId == id || c.ChannelId == intoId).ToListAsync(cancellationToken);
        var kept = costs.Where(c => c.ChannelId == intoId).ToDictionary(c => c.Month);
        var overlap = costs.Where(c => c.ChannelId == id && kept.ContainsKey(c.Month)).ToList();
        if (overlap.Where(c => kept[c.Month].Currency != c.Currency).Select(c => c.Month.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture)).ToList() is { Count: > 0 } clash)
        {
            return WriteResult.Conflict($"'{from.Name}' and '{into.Name}' both have costs for {string.Join(", ", clash)} in different currencies, which cannot be added up; "
                + "set those months of one channel in the other's currency first.");
        }
        var now = _clock.GetUtcNow();
        var moved = await db.Deals.Where(d => d.ChannelId == id).ExecuteUpdateAsync(s => s
            .SetProperty(d => d.ChannelId, intoId)
            .SetProperty(d => d.Version, d => d.Version + 1)
            .SetProperty(d => EF.Property<DateTimeOffset>(d, AuditedExtensions.UpdatedAt), now), cancellationToken);
        var overlapMonths = overlap.Select(c => c.Month).ToList();
        var movedCosts = await db.ChannelCosts.Where(c => c.ChannelId == id && !overlapMonths.Contains(c.Month))
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.ChannelId, intoId), cancellationToken);
        foreach (var cost in overlap)
        {
            await db.ChannelCosts.Where(c => c.ChannelId == intoId && c.Month == cost.Month)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.Amount, c => c.Amount + cost.Amount), cancellationToken);
        }
        db.Channels.Remove(from);
        var reason = $"'{from.Name}' merged into '{into.Name}': {moved} deal(s) and {movedCosts + overlap.Count} month(s) of cost moved"
            + (overlap.Count > 0 ? $", {overlap.Count} of them added to the month's cost of '{into.Name}'" : "");
        AuditMerge(AuditEntityTypes.Channel, id, Describe(from), intoId, new { merged = from.Name, deals = moved }, reason);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return WriteResult.Done(intoId);
    }

    private async Task<WriteResult?> ChannelNamedAsync(string name, int? except, CancellationToken cancellationToken)
    {
        var lower = name.ToLowerInvariant();
        var other = await db.Channels.AsNoTracking().Where(c => c.Name.ToLower() == lower && c.Id != except).Select(c => c.Name).FirstOrDefaultAsync(cancellationToken);
        return other is null ? null : WriteResult.Invalid("name", Taken("channel", other));
    }

    private static string Taken(string what, string name) => $"a {what} named '{name}' exists already (names are unique ignoring case); merge into it instead.";

    private static ChannelAudit Describe(Channel channel) => new(channel.Name);

    private static Dictionary<string, object?> Fields(ChannelAudit channel) => new() { ["name"] = channel.Name };

    private sealed record ChannelAudit(string Name);
}
