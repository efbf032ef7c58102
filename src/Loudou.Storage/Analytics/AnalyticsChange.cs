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
    private AnalyticsChange(DateTimeOffset at) => At = at;

    public long Id { get; private set; }

    public DateTimeOffset At { get; private set; }

    public static AnalyticsChange Record(DateTimeOffset at) => new(at);
}
