using Loudou.Core.Analytics;
using Loudou.Storage;
using Loudou.Storage.Analytics;

namespace Loudou.Bench.Web;

/// <summary>The host's full snapshot load, the call timed as "load time".</summary>
internal static class SnapshotSource
{
    /// <remarks>
    /// What <c>AnalyticsSnapshots</c> does on a whole load today: rows through EF, then columns. When
    /// <c>FunnelColumnsLoader.LoadAsync(db, pipelineKey, threads, cancellationToken)</c> lands (the host
    /// loading straight into columns), this body becomes that one call.
    /// </remarks>
    public static async Task<ColumnarSnapshot> LoadAsync(LoudouDbContext db, string? pipelineKey, int threads, CancellationToken cancellationToken)
    {
        _ = threads;
        return ColumnarSnapshot.From(await FunnelSnapshotLoader.LoadAsync(db, pipelineKey, cancellationToken));
    }
}
