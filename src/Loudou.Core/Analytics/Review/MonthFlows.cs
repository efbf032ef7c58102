namespace Loudou.Core.Analytics.Review;

/// <summary>One channel's flows in a month: what the review's change decomposition reads (docs/metrics.md, "Monthly review").</summary>
/// <param name="NewLeads">Deals created in the month.</param>
/// <param name="Closed">Deals won or lost in the month, whenever created.</param>
/// <param name="Won">Of <paramref name="Closed"/>, those won.</param>
/// <param name="WonAmount">Known amounts (base currency) of the won deals.</param>
/// <param name="LostAt">Of the lost, how many at each Open stage (in funnel order), and last those lost at no Open stage the funnel knows.</param>
public sealed record ChannelFlows(string Channel, long NewLeads, long Closed, long Won, decimal WonAmount, IReadOnlyList<long> LostAt);

/// <summary>A month's flows, by channel; the totals are the sums over the channels.</summary>
/// <param name="Stages">The Open stages' keys, in funnel order: the buckets of <see cref="ChannelFlows.LostAt"/> before the last.</param>
public sealed record MonthFlows(IReadOnlyList<string> Stages, IReadOnlyList<ChannelFlows> Channels)
{
    public long NewLeads => Channels.Sum(c => c.NewLeads);

    public long Closed => Channels.Sum(c => c.Closed);

    public long Won => Channels.Sum(c => c.Won);

    public decimal WonAmount => Channels.Sum(c => c.WonAmount);

    /// <summary>Won ÷ closed in the month; null when nothing closed.</summary>
    public double? WinRate => Closed == 0 ? null : (double)Won / Closed;
}
