namespace Loudou.Storage.Analytics;

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

    /// <summary>The ids of the deals the save changed, comma-separated; null when it cannot say (a new deal, a renamed channel, a pipeline, an import).</summary>
    public string? Deals { get; private set; }

    public static AnalyticsChange Record(DateTimeOffset at, IReadOnlyCollection<long>? deals) =>
        new(at, deals is null || deals.Count > MaxDeals ? null : string.Join(',', deals.Order()));

    /// <summary>The deal ids of <see cref="Deals"/>; null when unknown.</summary>
    public static IReadOnlyList<long>? ParseDeals(string? deals) =>
        deals is null ? null : deals.Length == 0 ? [] : [.. deals.Split(',').Select(id => long.Parse(id, System.Globalization.CultureInfo.InvariantCulture))];
}
