using Loudou.Core.Pipelines;
using Loudou.Scoring;
using Loudou.Storage;
using Loudou.Storage.Analytics;
using Loudou.Storage.Segments;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Web.Scheduling;

/// <summary>Where the score refresh of this host stands: the change sequence it last read and its last full refresh.</summary>
public sealed class ScoreRefreshState
{
    public SequenceMark? Mark { get; set; }

    public DateTimeOffset LastFull { get; set; } = DateTimeOffset.MinValue;
}

/// <summary>
/// Every 30 seconds: rescores the open deals that changed since the last run (from the change sequence every writer bumps,
/// AnalyticsChangeSequence) and those not scored yet; every hour, and whenever a change cannot name its deals (an import),
/// every open deal, since time itself moves "days without activity". So a changed deal's score is at most a minute old.
/// Then every segment's tag is brought in line with its rule, so segments too follow changes within a minute.
/// </summary>
/// <remarks>
/// Training is never scheduled: it is an admin's decision (<c>loudou score train</c>, the API). A pipeline without an active model is
/// skipped. On a cluster the run happens on one host; another host that takes a later run starts with a full refresh.
/// </remarks>
public sealed class ScoreJob(DatabaseTarget target, ScoreRefreshState state, TimeProvider clock, ILogger<ScoreJob> logger) : RecordedJob(target, clock, logger)
{
    public static readonly TimeSpan FullEvery = TimeSpan.FromHours(1);

    private readonly TimeProvider _clock = clock;

    protected override async Task<string> RunAsync(CancellationToken cancellationToken)
    {
        await using var db = Open();
        var scores = await ScoreAsync(db, cancellationToken);
        // Segment rules may read scores, so their tags follow the scores just written (docs/segments.md).
        var (added, removed) = await new SegmentStore(db, _clock).SyncAllAsync(cancellationToken);
        return added + removed == 0 ? scores : $"{scores}; segment tags: {added} added, {removed} removed";
    }

    private async Task<string> ScoreAsync(LoudouDbContext db, CancellationToken cancellationToken)
    {
        var now = _clock.GetUtcNow();
        if (!await db.ScoringModels.AnyAsync(m => m.IsActive, cancellationToken))
        {
            state.Mark = await AnalyticsChangeSequence.ReadAsync(db, cancellationToken);
            return "no scoring model";
        }
        var service = new ScoringService(db, _clock);
        if (state.Mark is not { } since || now - state.LastFull >= FullEvery)
        {
            return await FullAsync(db, service, now, cancellationToken);
        }
        var (mark, changed) = await AnalyticsChangeSequence.ChangedSinceAsync(db, since, cancellationToken);
        if (changed is null)
        {
            return await FullAsync(db, service, now, cancellationToken);
        }
        var open = db.Stages.Where(s => s.Kind == StageKind.Open).Select(s => s.Id);
        var unscored = await db.Deals.Where(d => open.Contains(d.StageId) && !db.ActiveDealScores.Any(s => s.DealId == d.Id)).Select(d => d.Id).Take(100_000).ToListAsync(cancellationToken);
        var deals = changed.Ids.Concat(unscored).ToHashSet();
        var scored = deals.Count == 0 ? 0 : await service.RefreshAsync(deals, cancellationToken);
        state.Mark = mark;
        return $"{scored} changed or new open deal(s) scored";
    }

    private async Task<string> FullAsync(LoudouDbContext db, ScoringService service, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // The mark is read first: a change committed during the refresh is read again next time, never lost.
        var mark = await AnalyticsChangeSequence.ReadAsync(db, cancellationToken);
        var scored = await service.RefreshAsync(null, cancellationToken);
        (state.Mark, state.LastFull) = (mark, now);
        return $"every open deal scored: {scored}";
    }
}
