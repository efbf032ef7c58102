using Loudou.Core;
using Loudou.Core.Deals;
using Loudou.Core.Pipelines;
using Loudou.Storage.Analytics;
using Loudou.Storage.Pipelines;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Storage.Deals;

/// <summary>The board's filters; each null means "any". The pipeline is the default one when not named.</summary>
public sealed record BoardFilter(string? Pipeline = null, string? Owner = null, string? Team = null, string? Channel = null, string? Tag = null);

/// <summary>A column's totals over every deal the filter keeps in the stage, not only the cards shown.</summary>
/// <param name="Sum">The amounts in the base currency.</param>
/// <param name="Weighted">Each amount in the base currency times the deal's probability (docs/glossary.md).</param>
/// <param name="Unpriced">Deals left out of both sums: no amount, or a currency without an exchange rate.</param>
public sealed record BoardTotals(int Count, decimal Sum, decimal Weighted, int Unpriced);

/// <summary>A deal as its card shows it.</summary>
/// <param name="Version">The version a move from the board is written at.</param>
/// <param name="Rotting">Past the stage's rotting days (<see cref="DealAttention.IsRotting"/>).</param>
/// <param name="NoNextStep">No open task and no recent activity (<see cref="DealAttention.HasNoNextStep"/>).</param>
/// <param name="Score">The win score of the pipeline's active scoring model; null without one (docs/scoring.md).</param>
/// <param name="ScoreFactors">The factors behind it as stored (JSON).</param>
public sealed record BoardCard(
    long Id, string Name, string? Account, decimal? Amount, string Currency, string? Owner, string? OwnerName,
    int Version, DateTimeOffset? EnteredStage, bool Rotting, bool NoNextStep, double? Score = null, string? ScoreFactors = null);

/// <summary>One open stage of the board: its totals and its first cards (largest amount first).</summary>
/// <param name="More">Whether the stage holds more cards than <paramref name="Cards"/>.</param>
public sealed record BoardColumn(StageOption Stage, int? RottingDays, BoardTotals Totals, IReadOnlyList<BoardCard> Cards, bool More);

/// <summary>The board of one pipeline in the caller's scope.</summary>
/// <param name="Outcomes">The Won and Lost stages, drop targets at the end, with how many deals the filter keeps in each.</param>
/// <param name="ActionTexts">Each open stage's standard actions by key, to name what a refused gate lacks.</param>
/// <param name="LossReasons">The active loss reasons, for a drop on Lost.</param>
public sealed record Board(
    PipelineChoice Pipeline, string BaseCurrency, IReadOnlyList<BoardColumn> Columns, IReadOnlyList<(StageOption Stage, int Count)> Outcomes,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, LocalizedText>> ActionTexts, IReadOnlyList<(string Key, LocalizedText Name)> LossReasons, bool MayOverride);

/// <summary>Reads the pipeline board: columns of open deals with their totals and first cards, more cards on demand.</summary>
/// <remarks>
/// Totals read only the stage, amount, currency and probability of the open deals the filter keeps
/// (closed ones are only counted, by the database); cards are read a page per column, so beyond the
/// totals the board's cost grows with what is shown, not with how many open deals there are.
/// </remarks>
public sealed class BoardQueries(LoudouDbContext db, DealQueries deals, TimeProvider clock)
{
    /// <summary>The most cards a column shows at once, and the most one request reads.</summary>
    public const int MaxCards = 200;

    /// <summary>The board; null when the named pipeline does not exist.</summary>
    /// <param name="cards">Cards per column, 0 to <see cref="MaxCards"/>.</param>
    public async Task<Board?> ReadAsync(BoardFilter filter, int cards, CancellationToken cancellationToken = default)
    {
        var (pipeline, defaultId) = await PipelineAsync(filter, cancellationToken);
        if (pipeline is null)
        {
            return null;
        }
        var profile = await WorkspaceProfile.ReadAsync(db, cancellationToken);
        var rates = await BaseCurrencyRates.LoadAsync(db, profile.BaseCurrency, profile.Calendar.Zone, cancellationToken);
        // Only open deals' amounts are read; the outcome columns need just their counts, which the database gives.
        var open = pipeline.Stages.Where(s => s.IsOpen).Select(s => s.Id).ToList();
        var matching = InPipeline(filter, pipeline);
        var rows = await matching.Where(d => open.Contains(d.StageId))
            .Select(d => new { d.StageId, d.Amount, d.Currency, d.Probability, d.CreatedAt })
            .ToListAsync(cancellationToken);
        var closed = await matching.Where(d => !open.Contains(d.StageId))
            .GroupBy(d => d.StageId).Select(g => new { StageId = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.StageId, g => g.Count, cancellationToken);
        var byStage = rows.GroupBy(r => r.StageId).ToDictionary(g => g.Key, g =>
        {
            var priced = g.Select(r => (Amount: rates.InBase(r.Amount, r.Currency, null, r.CreatedAt), r.Probability)).ToList();
            return new BoardTotals(
                g.Count(),
                priced.Sum(p => p.Amount ?? 0m),
                priced.Sum(p => (p.Amount ?? 0m) * (decimal)p.Probability),
                priced.Count(p => p.Amount is null));
        });
        var columns = new List<BoardColumn>();
        foreach (var stage in pipeline.Stages.Where(s => s.IsOpen))
        {
            var totals = byStage.GetValueOrDefault(stage.Id) ?? new BoardTotals(0, 0m, 0m, 0);
            var shown = cards == 0 || totals.Count == 0 ? [] : await CardsAsync(pipeline, stage, filter, 0, cards, cancellationToken);
            columns.Add(new BoardColumn(StageOption.Of(stage), stage.RottingDays, totals, shown, totals.Count > shown.Count));
        }
        var reasons = await db.LossReasons.AsNoTracking().Where(r => r.IsActive).OrderBy(r => r.Id).Select(r => new { r.Key, r.Name }).ToListAsync(cancellationToken);
        return new Board(
            new PipelineChoice(pipeline.Key, pipeline.Name, pipeline.Id == defaultId, [.. pipeline.Stages.Select(StageOption.Of)]),
            profile.BaseCurrency,
            columns,
            [.. pipeline.Stages.Where(s => !s.IsOpen).Select(s => (StageOption.Of(s), closed.GetValueOrDefault(s.Id)))],
            pipeline.Stages.Where(s => s.IsOpen).ToDictionary(
                s => s.Key, s => (IReadOnlyDictionary<string, LocalizedText>)s.Actions.ToDictionary(a => a.Key, a => a.Text, StringComparer.Ordinal), StringComparer.Ordinal),
            [.. reasons.Select(r => (r.Key, r.Name))],
            db.Scope.MayOverrideGates);
    }

    /// <summary>A further page of one column's cards; empty when the pipeline or stage does not exist.</summary>
    public async Task<IReadOnlyList<BoardCard>> MoreAsync(BoardFilter filter, string pipelineKey, string stageKey, int skip, int take, CancellationToken cancellationToken = default)
    {
        var pipeline = await db.Pipelines.AsNoTracking().SingleOrDefaultAsync(p => p.Key == pipelineKey, cancellationToken);
        return pipeline?.FindStage(stageKey) is { IsOpen: true } stage
            ? await CardsAsync(pipeline, stage, filter, skip, take, cancellationToken)
            : [];
    }

    /// <summary>
    /// One deal's card and the key of the open stage it is in, if the filter keeps it there: the board
    /// shows the card a move was about in its true column even when it is past the column's first page.
    /// </summary>
    public async Task<(string Stage, BoardCard Card)?> CardAsync(BoardFilter filter, long dealId, CancellationToken cancellationToken = default)
    {
        var (pipeline, _) = await PipelineAsync(filter, cancellationToken);
        var stageId = pipeline is null ? null
            : await InPipeline(filter, pipeline).Where(d => d.Id == dealId).Select(d => (int?)d.StageId).SingleOrDefaultAsync(cancellationToken);
        if (pipeline?.FindStage(stageId ?? 0) is not { IsOpen: true } stage)
        {
            return null;
        }
        var cards = await CardsAsync(stage, InPipeline(filter, pipeline).Where(d => d.StageId == stage.Id && d.Id == dealId), cancellationToken);
        return cards.Count == 0 ? null : (stage.Key, cards[0]);
    }

    private Task<IReadOnlyList<BoardCard>> CardsAsync(Pipeline pipeline, Stage stage, BoardFilter filter, int skip, int take, CancellationToken cancellationToken) =>
        CardsAsync(stage, InPipeline(filter, pipeline).Where(d => d.StageId == stage.Id)
            .OrderByDescending(d => d.Amount).ThenBy(d => d.Id)
            .Skip(skip).Take(Math.Clamp(take, 0, MaxCards)), cancellationToken);

    /// <summary>The pipeline the filter names, else the default one; and the default pipeline's id.</summary>
    private async Task<(Pipeline? Pipeline, int? DefaultId)> PipelineAsync(BoardFilter filter, CancellationToken cancellationToken)
    {
        var fallback = await DefaultPipeline.FindAsync(db, db.Pipelines.AsNoTracking(), cancellationToken);
        var pipeline = filter.Pipeline is { } key && key != fallback?.Key
            ? await db.Pipelines.AsNoTracking().SingleOrDefaultAsync(p => p.Key == key, cancellationToken)
            : fallback;
        return (pipeline, fallback?.Id);
    }

    /// <summary>
    /// The deals the filter keeps in the pipeline, which is named by id: the index on pipeline and stage then
    /// finds a column's deals, where the list's filter by keys would test every deal of the workspace.
    /// </summary>
    private IQueryable<Deal> InPipeline(BoardFilter filter, Pipeline pipeline) =>
        deals.Matching(new DealFilter(filter.Owner, filter.Team, Channel: filter.Channel, Tag: filter.Tag)).Where(d => d.PipelineId == pipeline.Id);

    private async Task<IReadOnlyList<BoardCard>> CardsAsync(Stage stage, IQueryable<Deal> chosen, CancellationToken cancellationToken)
    {
        var page = await chosen
            .Select(d => new
            {
                d.Id,
                d.Name,
                Account = db.Accounts.Where(a => a.Id == d.AccountId).Select(a => a.Name).FirstOrDefault(),
                d.Amount,
                d.Currency,
                Owner = db.Users.Where(u => u.Id == d.OwnerId).Select(u => u.LoginName).FirstOrDefault(),
                OwnerName = db.Users.Where(u => u.Id == d.OwnerId).Select(u => u.DisplayName).FirstOrDefault(),
                d.Version,
                Score = db.ActiveDealScores.Where(x => x.DealId == d.Id).Select(x => (double?)x.Score).FirstOrDefault(),
                ScoreFactors = db.ActiveDealScores.Where(x => x.DealId == d.Id).Select(x => x.Factors).FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);
        var signals = await DealSignals.ReadAsync(db, [.. page.Select(d => d.Id)], cancellationToken);
        var now = clock.GetUtcNow();
        return [.. page.Select(d =>
        {
            var signal = signals[d.Id];
            return new BoardCard(d.Id, d.Name, d.Account, d.Amount, d.Currency, d.Owner, d.OwnerName, d.Version, signal.EnteredStage,
                DealAttention.IsRotting(signal.EnteredStage, stage.RottingDays, now),
                DealAttention.HasNoNextStep(signal.HasOpenTask, signal.LastActivity, stage.RottingDays, now), d.Score, d.ScoreFactors);
        })];
    }
}
