using Loudou.Core;
using Loudou.Core.Catalog;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Storage.Catalog;

/// <summary>A problem with one row of a set of channel costs: its 0-based index in the set, the field and why.</summary>
public sealed record ChannelCostError(int Index, string Field, string Message);

/// <summary>What <see cref="ChannelCostStore.ApplyAsync"/> did: nothing when there are errors; else how many rows it created, changed or left as they were.</summary>
public sealed record ChannelCostApplyResult(IReadOnlyList<ChannelCostError> Errors, int Created = 0, int Changed = 0, int Unchanged = 0);

/// <summary>Reads and sets channel costs by month (docs/channel-costs.md).</summary>
/// <remarks>
/// Costs are workspace-level reference data, not scoped by record: everyone reads them, admins (and the operator's
/// tools) set them. A set is applied all or nothing and matched by (channel, month), so a re-import never duplicates.
/// </remarks>
public sealed class ChannelCostStore(LoudouDbContext db)
{
    /// <summary>The costs of the months from <paramref name="from"/> to <paramref name="to"/> (first days, both inclusive; null: open), by channel name then month.</summary>
    public async Task<IReadOnlyList<ChannelCostRow>> ReadAsync(DateOnly? from = null, DateOnly? to = null, CancellationToken cancellationToken = default)
    {
        var rows = await db.ChannelCosts.AsNoTracking()
            .Where(c => (from == null || c.Month >= from) && (to == null || c.Month <= to))
            .Join(db.Channels, c => c.ChannelId, ch => ch.Id, (c, ch) => new { ch.Name, c.Month, c.Amount, c.Currency })
            .ToListAsync(cancellationToken);
        // Stored amounts carry four decimals; 12000.0000 reads better as 12000.
        return [.. rows.OrderBy(r => r.Name, StringComparer.Ordinal).ThenBy(r => r.Month)
            .Select(r => new ChannelCostRow(r.Name, r.Month, r.Amount / 1.0000000000000000000000000000m, r.Currency))];
    }

    /// <summary>The channels' names, in order: what a cost row may name.</summary>
    public async Task<IReadOnlyList<string>> ChannelsAsync(CancellationToken cancellationToken = default) =>
        [.. (await db.Channels.AsNoTracking().Select(c => c.Name).ToListAsync(cancellationToken)).Order(StringComparer.Ordinal)];

    /// <summary>Creates or changes the cost of each row's (channel, month), all in one transaction, or nothing when any row is wrong.</summary>
    /// <param name="dryRun">Check and count, change nothing.</param>
    public async Task<ChannelCostApplyResult> ApplyAsync(IReadOnlyList<ChannelCostRow> rows, bool dryRun = false, CancellationToken cancellationToken = default)
    {
        if (!db.Scope.SeesAll)
        {
            return new ChannelCostApplyResult([new ChannelCostError(-1, "", "channel costs are set by admins.")]);
        }
        var channels = await db.Channels.AsNoTracking().ToDictionaryAsync(c => c.Name, c => c.Id, StringComparer.Ordinal, cancellationToken);
        var errors = new List<ChannelCostError>();
        var seen = new Dictionary<(string, DateOnly), int>();
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            if (!channels.ContainsKey(row.Channel))
            {
                errors.Add(new ChannelCostError(i, "channel", $"no channel is named '{row.Channel}'; the channels are: {string.Join(", ", channels.Keys.Order(StringComparer.Ordinal))}."));
            }
            if (row.Month.Day != 1)
            {
                errors.Add(new ChannelCostError(i, "month", $"a month is its first day, was {row.Month:yyyy-MM-dd}."));
            }
            if (row.Amount < 0)
            {
                errors.Add(new ChannelCostError(i, "amount", $"must not be negative, was {row.Amount}."));
            }
            if (!seen.TryAdd((row.Channel, row.Month), i))
            {
                errors.Add(new ChannelCostError(i, "month", $"{row.Channel} {row.Month:yyyy-MM} is set twice; a channel has one cost per month."));
            }
        }
        if (errors.Count > 0)
        {
            return new ChannelCostApplyResult(errors);
        }
        var months = rows.Select(r => r.Month).Distinct().ToList();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var stored = await db.ChannelCosts.Where(c => months.Contains(c.Month)).ToListAsync(cancellationToken);
        var (created, changed, unchanged) = (0, 0, 0);
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var channelId = channels[row.Channel];
            var cost = stored.Find(c => c.ChannelId == channelId && c.Month == row.Month);
            try
            {
                if (cost is null)
                {
                    db.ChannelCosts.Add(ChannelCost.Create(channelId, row.Month, row.Amount, row.Currency));
                    created++;
                }
                else if (cost.Amount != row.Amount || cost.Currency != row.Currency.ToUpperInvariant())
                {
                    cost.Change(row.Amount, row.Currency);
                    changed++;
                }
                else
                {
                    unchanged++;
                }
            }
            catch (DomainRuleException e)
            {
                errors.Add(new ChannelCostError(i, e.Field, e.Message));
            }
        }
        if (errors.Count > 0 || dryRun)
        {
            db.ChangeTracker.Clear();
            return errors.Count > 0 ? new ChannelCostApplyResult(errors) : new ChannelCostApplyResult([], created, changed, unchanged);
        }
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The unique index refuses a month's cost someone else created meanwhile.
            db.ChangeTracker.Clear();
            return new ChannelCostApplyResult([new ChannelCostError(-1, "", "another change to the same costs was saved at the same time; nothing was changed, apply them again.")]);
        }
        await transaction.CommitAsync(cancellationToken);
        return new ChannelCostApplyResult([], created, changed, unchanged);
    }
}
