namespace Loudou.Core.Analytics.Review;

/// <summary>One part of a change: what it is attributed to and how much of the change it explains.</summary>
/// <param name="Name">"stage:KEY", "lostElsewhere", "channelMix", "newLeads", "closesPerLead" or "dealSize".</param>
/// <param name="Stage">The stage's key for a stage part; null otherwise.</param>
public sealed record ChangePart(string Name, string? Stage, double Contribution);

/// <summary>A figure in two months and its change split into parts that add up to <c>To − From</c>.</summary>
/// <param name="From">The earlier month's figure; null when it has none (no deal closed, for a win rate).</param>
/// <param name="Parts">Empty when either figure is null.</param>
public sealed record ChangeSplit(double? From, double? To, IReadOnlyList<ChangePart> Parts);

/// <summary>
/// Why the win rate and the won amount moved between two months (docs/metrics.md, "Monthly review"): each change
/// split exactly into the stages' losses, the channel mix, the volume of new leads, closes per lead and deal size.
/// </summary>
/// <remarks>
/// The win rate of a month is won ÷ closed, so it is 1 minus the shares of the month's closes lost at each stage; a
/// stage's part is minus the change in its share, within channels, and the channel mix takes what the shift of closes
/// between channels explains (a midpoint shift-share, exact for any values, zeros included). The won amount is
/// new leads × closes per lead × win rate × mean won amount; its change is split between these four by Shapley values
/// and the win rate's part further as the win rate's own change is split.
/// </remarks>
public static class ChangeDecomposition
{
    public const string ChannelMix = "channelMix";

    public const string LostElsewhere = "lostElsewhere";

    public const string NewLeads = "newLeads";

    public const string ClosesPerLead = "closesPerLead";

    public const string DealSize = "dealSize";

    /// <summary>The change in win rate between two months, by stage and channel mix.</summary>
    public static ChangeSplit WinRate(MonthFlows from, MonthFlows to)
    {
        CheckStages(from, to);
        if (from.WinRate is not { } w0 || to.WinRate is not { } w1)
        {
            return new ChangeSplit(from.WinRate, to.WinRate, []);
        }
        var buckets = from.Stages.Count + 1;
        var stageParts = new double[buckets];
        var mix = 0.0;
        foreach (var (old, now) in Paired(from, to))
        {
            var (m0, m1) = ((double)old.Closed / from.Closed, (double)now.Closed / to.Closed);
            for (var i = 0; i < buckets; i++)
            {
                // A channel with no closes in one month takes the other month's loss share there: its whole effect is mix.
                var l0 = old.Closed > 0 ? (double)old.LostAt[i] / old.Closed : (now.Closed > 0 ? (double)now.LostAt[i] / now.Closed : 0);
                var l1 = now.Closed > 0 ? (double)now.LostAt[i] / now.Closed : l0;
                // m1·l1 − m0·l0 = (m0+m1)/2·(l1−l0) + (l0+l1)/2·(m1−m0), exactly; the win rate moves by minus the losses' change.
                stageParts[i] -= (m0 + m1) / 2 * (l1 - l0);
                mix -= (l0 + l1) / 2 * (m1 - m0);
            }
        }
        var parts = new List<ChangePart>();
        for (var i = 0; i < from.Stages.Count; i++)
        {
            parts.Add(new ChangePart("stage:" + from.Stages[i], from.Stages[i], stageParts[i]));
        }
        parts.Add(new ChangePart(LostElsewhere, null, stageParts[^1]));
        parts.Add(new ChangePart(ChannelMix, null, mix));
        return new ChangeSplit(w0, w1, parts);
    }

    /// <summary>The change in won amount between two months, by new leads, closes per lead, the win rate's parts and deal size.</summary>
    public static ChangeSplit WonAmount(MonthFlows from, MonthFlows to)
    {
        CheckStages(from, to);
        var (a0, a1) = ((double)from.WonAmount, (double)to.WonAmount);
        // The four factors of each month, chosen so that their product is the month's won amount even where one is
        // undefined: a month without new leads counts leads as 1 in both (volume then explains nothing), a month
        // without closes or wins takes the other's win rate or deal size (its product is 0 through the earlier factor).
        var noLeads = from.NewLeads == 0 || to.NewLeads == 0;
        var (n0, n1) = noLeads ? (1.0, 1.0) : ((double)from.NewLeads, (double)to.NewLeads);
        var (t0, t1) = (from.Closed / n0, to.Closed / n1);
        var (w0, w1) = (from.WinRate ?? to.WinRate ?? 0, to.WinRate ?? from.WinRate ?? 0);
        var (s0, s1) = (from.Won > 0 ? a0 / from.Won : to.Won > 0 ? a1 / to.Won : 0, to.Won > 0 ? a1 / to.Won : from.Won > 0 ? a0 / from.Won : 0);
        double[][] factors = [[n0, n1], [t0, t1], [w0, w1], [s0, s1]];
        var shapley = Shapley.Parts(switched =>
        {
            var product = 1.0;
            for (var f = 0; f < factors.Length; f++)
            {
                product *= factors[f][switched[f] ? 1 : 0];
            }
            return product;
        }, factors.Length);
        var parts = new List<ChangePart> { new(NewLeads, null, shapley[0]), new(ClosesPerLead, null, shapley[1]) };
        var winRate = WinRate(from, to);
        var change = w1 - w0;
        foreach (var part in winRate.Parts)
        {
            // The win rate's share of the won amount's change, split as the win rate's own change is.
            parts.Add(part with { Contribution = change == 0 ? 0 : shapley[2] * part.Contribution / change });
        }
        if (winRate.Parts.Count == 0 && shapley[2] != 0)
        {
            parts.Add(new ChangePart(LostElsewhere, null, shapley[2]));
        }
        parts.Add(new ChangePart(DealSize, null, shapley[3]));
        return new ChangeSplit(a0, a1, parts);
    }

    private static void CheckStages(MonthFlows from, MonthFlows to)
    {
        if (!from.Stages.SequenceEqual(to.Stages, StringComparer.Ordinal))
        {
            throw new ArgumentException("Both months must have the same stages.", nameof(to));
        }
    }

    /// <summary>Each channel of either month with its flows in both (empty flows where it had none).</summary>
    private static IEnumerable<(ChannelFlows Old, ChannelFlows Now)> Paired(MonthFlows from, MonthFlows to)
    {
        var empty = new long[from.Stages.Count + 1];
        var olds = from.Channels.ToDictionary(c => c.Channel, StringComparer.Ordinal);
        var nows = to.Channels.ToDictionary(c => c.Channel, StringComparer.Ordinal);
        foreach (var key in olds.Keys.Union(nows.Keys).Order(StringComparer.Ordinal))
        {
            yield return (olds.GetValueOrDefault(key) ?? new ChannelFlows(key, 0, 0, 0, 0, empty), nows.GetValueOrDefault(key) ?? new ChannelFlows(key, 0, 0, 0, 0, empty));
        }
    }
}
