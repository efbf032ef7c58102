namespace Loudou.Core.Analytics;

/// <summary>A deal's activities and completed standard actions, each sorted by time: what drivers read besides the history.</summary>
/// <param name="Touches">Activity times in UTC ticks, ascending; null when there is none.</param>
/// <param name="Completions">Completed actions (stage action id, UTC ticks), ascending by time; null when there is none.</param>
/// <param name="CreatedTicks">The deal's creation, which first-response time counts from; <see cref="ColumnarSnapshot.UnknownTime"/> when unknown.</param>
internal readonly record struct DealWork(long[]? Touches, (int Action, long Ticks)[]? Completions, long CreatedTicks)
{
    /// <summary>The plain snapshot's deal, sorted as the columnar snapshot keeps it.</summary>
    public static DealWork Of(FunnelDeal deal) => new(
        deal.Touches.Count == 0 ? null : [.. deal.Touches.Select(t => t.UtcTicks).Order()],
        deal.Completions.Count == 0 ? null : [.. deal.Completions.Select(c => (c.ActionId, c.At.UtcTicks)).OrderBy(c => c.UtcTicks)],
        deal.CreatedAt?.UtcTicks ?? ColumnarSnapshot.UnknownTime);

    /// <summary>The first activity's time (the first response); null when there is none.</summary>
    public long? FirstTouch => Touches is { Length: > 0 } touches ? touches[0] : null;

    /// <summary>Activities at or after <paramref name="from"/> and before <paramref name="toExcl"/>.</summary>
    public int TouchesIn(long from, long toExcl)
    {
        var count = 0;
        foreach (var at in Touches ?? [])
        {
            if (at >= toExcl)
            {
                break;
            }
            count += at >= from ? 1 : 0;
        }
        return count;
    }

    /// <summary>Whether the action was completed at or before <paramref name="upTo"/>.</summary>
    public bool Completed(int action, long upTo)
    {
        foreach (var (done, at) in Completions ?? [])
        {
            if (at > upTo)
            {
                return false;
            }
            if (done == action)
            {
                return true;
            }
        }
        return false;
    }
}
