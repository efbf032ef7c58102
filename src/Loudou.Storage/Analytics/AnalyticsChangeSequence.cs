using Microsoft.EntityFrameworkCore;

namespace Loudou.Storage.Analytics;

/// <summary>Where the change sequence stands: how many <see cref="AnalyticsChange"/> rows there are and the highest id.</summary>
public readonly record struct SequenceMark(long Count, long Last);

/// <summary>Reads the change sequence that every writer bumps (<see cref="AnalyticsChangeRecorder"/>): a cheap poll, two index reads.</summary>
public static class AnalyticsChangeSequence
{
    /// <summary>Above this many rows the oldest are deleted, keeping <see cref="KeepRows"/>: the sequence only has to move, not to last.</summary>
    public const int PruneAbove = 10_000;

    public const int KeepRows = 1_000;

    public static async Task<SequenceMark> ReadAsync(LoudouDbContext db, CancellationToken cancellationToken)
    {
        var count = await db.AnalyticsChanges.LongCountAsync(cancellationToken);
        var last = await db.AnalyticsChanges.MaxAsync(c => (long?)c.Id, cancellationToken) ?? 0;
        if (count > PruneAbove)
        {
            // Every host may prune; the mark then moves once more, which costs each host one extra reload.
            await db.AnalyticsChanges.Where(c => c.Id <= last - KeepRows).ExecuteDeleteAsync(cancellationToken);
            count = await db.AnalyticsChanges.LongCountAsync(cancellationToken);
        }
        return new SequenceMark(count, last);
    }

    /// <summary>Where the sequence stands now, and the deals changed since <paramref name="since"/>.</summary>
    /// <returns>Null deals when they cannot be listed: a change that did not say, a change that took a lower id and committed late, or rows pruned.</returns>
    /// <remarks>
    /// Created deals are not listed (their ids were not known when the row was written): a reader takes the deals
    /// above the highest id it holds. That is safe because a deal whose insert took a lower id and committed later
    /// than a higher one belongs to a change row that commits late too, which the count check here catches.
    /// </remarks>
    public static async Task<(SequenceMark Mark, ChangedDeals? Deals)> ChangedSinceAsync(LoudouDbContext db, SequenceMark since, CancellationToken cancellationToken)
    {
        var mark = await ReadAsync(db, cancellationToken);
        var rows = await db.AnalyticsChanges.Where(c => c.Id > since.Last && c.Id <= mark.Last).Select(c => c.Deals).ToListAsync(cancellationToken);
        if (mark.Count - since.Count != rows.Count || rows.Any(r => r is null))
        {
            return (mark, null);
        }
        var parsed = rows.Select(r => AnalyticsChange.ParseDeals(r)!).ToList();
        return (mark, new ChangedDeals(parsed.SelectMany(p => p.Ids).ToHashSet(), parsed.Any(p => p.Created)));
    }
}
