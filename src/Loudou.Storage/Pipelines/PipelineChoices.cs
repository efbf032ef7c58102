using Loudou.Core;
using Loudou.Storage.Deals;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Storage.Pipelines;

/// <summary>A pipeline as a form or the board offers it: its key, name and stages in order.</summary>
/// <param name="IsDefault">The pipeline used when none is named (<see cref="DefaultPipeline"/>).</param>
public sealed record PipelineChoice(string Key, LocalizedText Name, bool IsDefault, IReadOnlyList<StageOption> Stages);

/// <summary>Reads the pipelines a user may pick from; pipelines are reference data every role sees (docs/access.md).</summary>
public static class PipelineChoices
{
    /// <summary>Every pipeline, the default first, then by key.</summary>
    public static async Task<IReadOnlyList<PipelineChoice>> ReadAsync(LoudouDbContext db, CancellationToken cancellationToken = default)
    {
        var pipelines = await db.Pipelines.AsNoTracking().OrderBy(p => p.Key).ToListAsync(cancellationToken);
        var chosen = await DefaultPipeline.FindAsync(db, db.Pipelines.AsNoTracking(), cancellationToken);
        return [.. pipelines
            .Select(p => new PipelineChoice(p.Key, p.Name, p.Id == chosen?.Id, [.. p.Stages.Select(StageOption.Of)]))
            .OrderByDescending(p => p.IsDefault)];
    }
}
