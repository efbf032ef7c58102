using Loudou.Core.Pipelines;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Storage.Pipelines;

/// <summary>The one rule for "the pipeline, when none is named": the workspace's default, else the oldest pipeline.</summary>
/// <remarks>Analytics, new deals and imports all follow it, so a deal made without naming a pipeline lands where the funnel looks.</remarks>
public static class DefaultPipeline
{
    /// <summary>The pipeline to use when none is named, read from <paramref name="pipelines"/> (tracked or not, as the caller needs); null when the workspace has none.</summary>
    public static async Task<Pipeline?> FindAsync(LoudouDbContext db, IQueryable<Pipeline> pipelines, CancellationToken cancellationToken = default)
    {
        var defaultId = await db.WorkspaceSettings.AsNoTracking().Select(s => s.DefaultPipelineId).SingleOrDefaultAsync(cancellationToken);
        var chosen = defaultId is { } id ? await pipelines.SingleOrDefaultAsync(p => p.Id == id, cancellationToken) : null;
        return chosen ?? await pipelines.OrderBy(p => p.Id).FirstOrDefaultAsync(cancellationToken);
    }
}
