using System.Globalization;

namespace Loudou.Storage.Analytics;

/// <summary>The deals a run of changes touched: their ids, and whether deals were created (ids a reader finds as those above the ones it holds).</summary>
public sealed record ChangedDeals(IReadOnlySet<long> Ids, bool Created);

/// <summary>One committed save that changed what the funnel reads, as a row: the change sequence other processes poll.</summary>
/// <remarks>
/// Written by <see cref="AnalyticsChangeRecorder"/> in the save's own transaction, so the row is visible exactly
/// when the change is. A host compares the count and the highest id of these rows with those it last saw
/// (<see cref="AnalyticsChangeSequence"/>): the count catches a transaction that took a lower id but committed
/// later. Storage bookkeeping, not part of the domain, so it lives here rather than in Core.
/// </remarks>
public sealed class AnalyticsChange
{
    /// <summary>At most this many deal ids are listed; a save that changes more says "unknown", and readers reload.</summary>
    public const int MaxDeals = 500;

    private AnalyticsChange(DateTimeOffset at, string? deals) => (At, Deals) = (at, deals);

    public long Id { get; private set; }

    public DateTimeOffset At { get; private set; }

    /// <summary>The first item of <see cref="Deals"/> when the save also created deals, whose ids were not known before it.</summary>
    public const string NewDeals = "new";

    /// <summary>
    /// The ids of the deals the save changed, comma-separated, after <see cref="NewDeals"/> when it created some; null
    /// when it cannot say (a renamed channel, a pipeline, an import, more than <see cref="MaxDeals"/> deals).
    /// </summary>
    public string? Deals { get; private set; }

    public static AnalyticsChange Record(DateTimeOffset at, IReadOnlyCollection<long>? deals, bool newDeals = false) =>
        new(at, deals is null || deals.Count > MaxDeals ? null
            : string.Join(',', (newDeals ? [NewDeals] : Array.Empty<string>()).Concat(deals.Order().Select(id => id.ToString(CultureInfo.InvariantCulture)))));

    /// <summary>The deal ids of <see cref="Deals"/> and whether deals were created; null when unknown.</summary>
    public static ChangedDeals? ParseDeals(string? deals)
    {
        if (deals is null)
        {
            return null;
        }
        var items = deals.Length == 0 ? [] : deals.Split(',');
        var created = items.FirstOrDefault() == NewDeals;
        return new ChangedDeals(items.Skip(created ? 1 : 0).Select(id => long.Parse(id, CultureInfo.InvariantCulture)).ToHashSet(), created);
    }
}
