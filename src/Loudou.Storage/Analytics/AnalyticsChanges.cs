namespace Loudou.Storage.Analytics;

/// <summary>A counter of the committed saves in this process that change what the funnel reads, so that a snapshot kept in memory knows it is stale.</summary>
/// <remarks>
/// A snapshot remembers the version it was loaded at; a newer version means a reload. The counter moves
/// only after a commit, so a snapshot loaded at the new version always sees the change.
/// </remarks>
public sealed class AnalyticsChanges
{
    private long _version;

    public long Version => Interlocked.Read(ref _version);

    public void Bump() => Interlocked.Increment(ref _version);
}
