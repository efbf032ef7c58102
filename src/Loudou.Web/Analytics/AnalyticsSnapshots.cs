using Loudou.Core.Access;
using Loudou.Core.Analytics;
using Loudou.Storage;
using Loudou.Storage.Analytics;

namespace Loudou.Web.Analytics;

/// <summary>One pipeline's deals as the funnel engines read them, and the change version it was loaded at.</summary>
/// <param name="Rows">The plain snapshot: period comparison and drill-down still run on it (docs/performance.md).</param>
/// <param name="Columns">The columnar snapshot every funnel answer is computed on.</param>
public sealed record LoadedSnapshot(FunnelSnapshot Rows, ColumnarSnapshot Columns, long Version);

/// <summary>The host's analytics snapshots, one per pipeline, kept in memory and reloaded when a save changes what they hold.</summary>
/// <remarks>
/// <para>A snapshot holds every deal of its pipeline, read once as the operator (this is a reviewed place that reads
/// rows outside the caller's scope, docs/access.md); each query then applies its caller's scope as a mask in Core
/// (<see cref="FunnelQuery.Scope"/>), so one snapshot serves every user.</para>
/// <para>Readers never wait for each other and never see a half-built snapshot: a snapshot is never changed once
/// built, and a reload builds a new one and swaps it in. A request that finds its snapshot older than the last
/// committed change (<see cref="AnalyticsChanges"/>, moved by every save in this host) waits for the reload, so an
/// answer always reflects the changes made before it was asked; loads are made one at a time.</para>
/// </remarks>
public sealed class AnalyticsSnapshots(DatabaseTarget target, AnalyticsChanges changes, TimeProvider clock)
{
    private readonly Dictionary<string, LoadedSnapshot> _loaded = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _loading = new(1, 1);
    private readonly Lock _swap = new();

    /// <summary>The snapshot of a pipeline (null: the workspace's default), as of the latest committed change.</summary>
    /// <exception cref="Core.DomainRuleException">Field "pipeline": there is no such pipeline, or none at all.</exception>
    public async Task<LoadedSnapshot> GetAsync(string? pipeline, CancellationToken cancellationToken)
    {
        var key = pipeline ?? "";
        if (Current(key) is { } fresh)
        {
            return fresh;
        }
        await _loading.WaitAsync(cancellationToken);
        try
        {
            // Another request may have loaded it while this one waited.
            if (Current(key) is { } loaded)
            {
                return loaded;
            }
            // The version is read before the rows: a change committed during the load leaves the snapshot older than the counter.
            var version = changes.Version;
            await using var db = LoudouDatabase.CreateContext(target, AccessScope.Everything, clock);
            var rows = await FunnelSnapshotLoader.LoadAsync(db, pipeline, cancellationToken);
            var snapshot = new LoadedSnapshot(rows, ColumnarSnapshot.From(rows), version);
            lock (_swap)
            {
                _loaded[key] = snapshot;
            }
            return snapshot;
        }
        finally
        {
            _loading.Release();
        }
    }

    private LoadedSnapshot? Current(string key)
    {
        lock (_swap)
        {
            return _loaded.TryGetValue(key, out var snapshot) && snapshot.Version == changes.Version ? snapshot : null;
        }
    }
}
