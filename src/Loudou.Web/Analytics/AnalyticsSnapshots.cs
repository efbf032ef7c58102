using Loudou.Core.Access;
using Loudou.Core.Analytics;
using Loudou.Storage;
using Loudou.Storage.Analytics;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Web.Analytics;

/// <summary>One pipeline's deals as the funnel engines read them, and the changes it reflects.</summary>
/// <param name="Columns">The columnar snapshot every analysis is computed on: funnel, comparison, drill-down, bottlenecks, losses, what-if.</param>
/// <param name="Version">This host's change counter when it was loaded.</param>
/// <param name="Mark">The database's change sequence when it was loaded.</param>
public sealed record LoadedSnapshot(ColumnarSnapshot Columns, long Version, SequenceMark Mark);

/// <summary>The host's analytics snapshots, one per pipeline, kept in memory and reloaded when a change makes them stale.</summary>
/// <remarks>
/// <para>A snapshot holds every deal of its pipeline, read once as the operator (this is a reviewed place that reads
/// rows outside the caller's scope, docs/access.md); each query then applies its caller's scope as a mask in Core
/// (<see cref="FunnelQuery.Scope"/>), so one snapshot serves every user.</para>
/// <para>Readers never wait for each other and never see a half-built snapshot: a snapshot is never changed once
/// built. A refresh reads only the deals changed since (the change sequence lists them), applies them to a copy of
/// the columns and swaps the copy in; new deals are read as those above the highest id held. A change that cannot
/// name its deals (a renamed channel, a pipeline, an import) reloads the whole pipeline. Loads are made one at a time.</para>
/// <para>Stale means: this host committed a change since (<see cref="AnalyticsChanges"/>, so the very next answer
/// shows it), or the database's change sequence moved since (another process wrote; seen by a poll made at most
/// once per <see cref="AnalyticsOptions.PollSeconds"/>, by the first request after that time).</para>
/// </remarks>
public sealed class AnalyticsSnapshots(DatabaseTarget target, AnalyticsChanges changes, AnalyticsOptions options, TimeProvider clock)
{
    private readonly Dictionary<string, LoadedSnapshot> _loaded = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _loading = new(1, 1);
    private readonly Lock _swap = new();
    private SequenceMark _latest;
    private DateTimeOffset _polled = DateTimeOffset.MinValue;
    private long _reloads;
    private long _refreshes;

    /// <summary>The snapshot of a pipeline (null: the workspace's default), as of the latest change this host knows of.</summary>
    /// <exception cref="Core.DomainRuleException">Field "pipeline": there is no such pipeline, or none at all.</exception>
    public async Task<LoadedSnapshot> GetAsync(string? pipeline, CancellationToken cancellationToken)
    {
        var key = pipeline ?? "";
        await PollAsync(cancellationToken);
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
            // The local version is read before the database: a change committed meanwhile leaves the snapshot behind it.
            var version = changes.Version;
            await using var db = LoudouDatabase.CreateContext(target, AccessScope.Everything, clock);
            LoadedSnapshot? snapshot = null;
            if (_loaded.GetValueOrDefault(key) is { } old
                && await AnalyticsChangeSequence.ChangedSinceAsync(db, old.Mark, cancellationToken) is (var changedMark, { } deals))
            {
                snapshot = await RefreshAsync(db, old, deals, version, changedMark, cancellationToken);
            }
            if (snapshot is null)
            {
                var mark = await AnalyticsChangeSequence.ReadAsync(db, cancellationToken);
                snapshot = new LoadedSnapshot(await FunnelColumnsLoader.LoadAsync(db, pipeline, 0, cancellationToken), version, mark);
                Interlocked.Increment(ref _reloads);
            }
            lock (_swap)
            {
                _loaded[key] = snapshot;
                _latest = snapshot.Mark;
            }
            return snapshot;
        }
        finally
        {
            _loading.Release();
        }
    }

    /// <summary>Whole loads of a pipeline so far (the first, and every change that could not name its deals).</summary>
    public long Reloads => Interlocked.Read(ref _reloads);

    /// <summary>Refreshes that read only the changed deals.</summary>
    public long Refreshes => Interlocked.Read(ref _refreshes);

    /// <summary>The changed deals read again and applied to a copy of the columns (copy-on-write); readers keep the old snapshot meanwhile.</summary>
    /// <returns>Null when the whole pipeline must be read again instead.</returns>
    private async Task<LoadedSnapshot?> RefreshAsync(LoudouDbContext db, LoadedSnapshot old, ChangedDeals changes, long version, SequenceMark mark, CancellationToken cancellationToken)
    {
        var deals = changes.Ids.ToHashSet();
        if (changes.Created)
        {
            // An empty default pipeline names the pipelines with deals and their counts; a new deal changes those.
            if (old.Columns.PipelinesWithDeals is not null)
            {
                return null;
            }
            // New deals are those above the highest id held (AnalyticsChangeSequence.ChangedSinceAsync says why that is safe).
            var pipelineId = old.Columns.Pipeline.Id;
            var above = old.Columns.MaxDealId;
            deals.UnionWith(await db.Deals.AsNoTracking().Where(d => d.PipelineId == pipelineId && d.Id > above).Select(d => d.Id).ToListAsync(cancellationToken));
        }
        if (deals.Count == 0)
        {
            return old with { Version = version, Mark = mark };
        }
        var changed = await FunnelSnapshotLoader.LoadDealsAsync(db, old.Columns.Pipeline, deals, cancellationToken);
        var removed = deals.Except(changed.Select(d => d.Id)).ToList();
        var columns = old.Columns.Clone();
        columns.Apply(changed, removed);
        Interlocked.Increment(ref _refreshes);
        return new LoadedSnapshot(columns, version, mark);
    }

    private async Task PollAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        lock (_swap)
        {
            if (now - _polled < TimeSpan.FromSeconds(options.PollSeconds))
            {
                return;
            }
            _polled = now;
        }
        await using var db = LoudouDatabase.CreateContext(target, AccessScope.Everything, clock);
        var mark = await AnalyticsChangeSequence.ReadAsync(db, cancellationToken);
        lock (_swap)
        {
            _latest = mark;
        }
    }

    private LoadedSnapshot? Current(string key)
    {
        lock (_swap)
        {
            return _loaded.TryGetValue(key, out var snapshot) && snapshot.Version == changes.Version && snapshot.Mark == _latest ? snapshot : null;
        }
    }
}
