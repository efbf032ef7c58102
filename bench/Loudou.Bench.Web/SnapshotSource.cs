using Loudou.Core.Analytics;
using Loudou.Storage;
using Loudou.Storage.Analytics;

namespace Loudou.Bench.Web;

/// <summary>The host's full snapshot load, the call timed as "load time".</summary>
internal static class SnapshotSource
{
    /// <remarks>What <c>AnalyticsSnapshots</c> does on a whole load: the deals and their history read straight into columns.</remarks>
    public static Task<ColumnarSnapshot> LoadAsync(LoudouDbContext db, string? pipelineKey, int threads, CancellationToken cancellationToken) =>
        FunnelColumnsLoader.LoadAsync(db, pipelineKey, threads, cancellationToken);
}
