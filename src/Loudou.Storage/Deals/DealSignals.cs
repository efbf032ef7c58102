using Microsoft.EntityFrameworkCore;

namespace Loudou.Storage.Deals;

/// <summary>What the attention rules (<see cref="Core.Deals.DealAttention"/>) read of one deal.</summary>
/// <param name="EnteredStage">When it entered its current stage (its latest history row there); null when its history does not say.</param>
/// <param name="LastActivity">Its latest activity; null when it has none.</param>
/// <param name="HasOpenTask">Whether one of its tasks is not done yet.</param>
public sealed record DealSignal(DateTimeOffset? EnteredStage, DateTimeOffset? LastActivity, bool HasOpenTask)
{
    public static DealSignal None { get; } = new(null, null, false);
}

/// <summary>Reads the signals of a set of deals in a few queries, for the board's cards and My day.</summary>
public static class DealSignals
{
    // Well under SQLite's and PostgreSQL's parameter limits, with room for the scope filter's own.
    private const int Chunk = 500;

    /// <summary>The signals of the deals named (those the caller sees; any other gets <see cref="DealSignal.None"/>).</summary>
    public static async Task<IReadOnlyDictionary<long, DealSignal>> ReadAsync(LoudouDbContext db, IReadOnlyCollection<long> dealIds, CancellationToken cancellationToken = default)
    {
        var entered = new Dictionary<long, DateTimeOffset>();
        var last = new Dictionary<long, DateTimeOffset>();
        var open = new HashSet<long>();
        foreach (var chunk in dealIds.Distinct().Chunk(Chunk))
        {
            // Each deal's current stage and its stays are read by the deal id, then matched here: joined in SQL, SQLite
            // walked the stage's index (every stay in that stage) instead of the deal's, seconds at 280,000 deals.
            var current = await db.Deals.AsNoTracking().Where(d => chunk.Contains(d.Id)).Select(d => new { d.Id, d.StageId })
                .ToDictionaryAsync(d => d.Id, d => d.StageId, cancellationToken);
            var stays = await db.StageTransitions.AsNoTracking()
                .Where(t => chunk.Contains(t.DealId) && t.EnteredAt != null)
                .Select(t => new { t.DealId, t.StageId, EnteredAt = t.EnteredAt!.Value })
                .ToListAsync(cancellationToken);
            // Moments are compared here, not by the database: SQLite keeps them as text.
            foreach (var stay in stays.Where(s => current.TryGetValue(s.DealId, out var stage) && stage == s.StageId))
            {
                entered[stay.DealId] = entered.TryGetValue(stay.DealId, out var seen) && seen > stay.EnteredAt ? seen : stay.EnteredAt;
            }
            var touches = await db.Activities.AsNoTracking().Where(a => chunk.Contains(a.DealId)).Select(a => new { a.DealId, a.At }).ToListAsync(cancellationToken);
            foreach (var touch in touches)
            {
                last[touch.DealId] = last.TryGetValue(touch.DealId, out var seen) && seen > touch.At ? seen : touch.At;
            }
            open.UnionWith(await db.DealTasks.AsNoTracking().Where(t => chunk.Contains(t.DealId) && t.DoneAt == null).Select(t => t.DealId).Distinct().ToListAsync(cancellationToken));
        }
        return dealIds.Distinct().ToDictionary(
            id => id,
            id => new DealSignal(entered.TryGetValue(id, out var e) ? e : null, last.TryGetValue(id, out var l) ? l : null, open.Contains(id)));
    }
}
