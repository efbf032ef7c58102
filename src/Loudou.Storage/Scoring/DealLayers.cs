using Loudou.Core.Scoring;
using Loudou.Storage.Analytics;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Storage.Scoring;

/// <summary>The A/B/C layer of scored deals by the workspace's thresholds and each deal's amount in the base currency.</summary>
/// <remarks>Amounts are read only when the thresholds use them (a large-deal amount is set).</remarks>
public sealed class DealLayers
{
    private readonly LayerThresholds _thresholds;
    private readonly Dictionary<long, decimal?> _amounts;

    private DealLayers(LayerThresholds thresholds, Dictionary<long, decimal?> amounts) => (_thresholds, _amounts) = (thresholds, amounts);

    /// <param name="deals">The deals to be layered; null: every deal.</param>
    public static async Task<DealLayers> LoadAsync(LoudouDbContext db, IReadOnlyCollection<long>? deals, CancellationToken cancellationToken)
    {
        var settings = await db.WorkspaceSettings.AsNoTracking().SingleAsync(cancellationToken);
        var amounts = new Dictionary<long, decimal?>();
        if (settings.LayerLargeAmount is not null)
        {
            var rates = await BaseCurrencyRates.LoadAsync(db, settings.BaseCurrency, settings.Calendar.Zone, cancellationToken);
            foreach (var chunk in deals is null ? [null] : deals.Chunk(1000).Select(c => (long[]?)c))
            {
                var rows = db.Deals.AsNoTracking().Where(d => d.Amount != null);
                if (chunk is not null)
                {
                    rows = rows.Where(d => chunk.Contains(d.Id));
                }
                await foreach (var d in rows.Select(d => new { d.Id, d.Amount, d.Currency, d.ClosedAt, d.CreatedAt }).AsAsyncEnumerable().WithCancellation(cancellationToken))
                {
                    amounts[d.Id] = rates.InBase(d.Amount, d.Currency, d.ClosedAt, d.CreatedAt);
                }
            }
        }
        return new DealLayers(settings.Layers, amounts);
    }

    public string Of(long dealId, double score) => ValueLayers.Of(score, _amounts.GetValueOrDefault(dealId), _thresholds);

    /// <summary>Layers every stored score again, after the thresholds changed; saves only the layers that moved.</summary>
    /// <returns>Scores whose layer changed.</returns>
    public static async Task<int> RelayerAsync(LoudouDbContext db, CancellationToken cancellationToken)
    {
        var layers = await LoadAsync(db, null, cancellationToken);
        var changed = 0;
        var (lastDeal, lastModel) = (long.MinValue, int.MinValue);
        while (true)
        {
            // Keyset pages, so that a million scores are never tracked at once.
            var page = await db.DealScores.Where(s => s.DealId > lastDeal || (s.DealId == lastDeal && s.ScoringModelId > lastModel))
                .OrderBy(s => s.DealId).ThenBy(s => s.ScoringModelId).Take(5000).ToListAsync(cancellationToken);
            if (page.Count == 0)
            {
                return changed;
            }
            foreach (var score in page)
            {
                var layer = layers.Of(score.DealId, score.Score);
                if (layer != score.Layer)
                {
                    score.Relayer(layer);
                    changed++;
                }
            }
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
            (lastDeal, lastModel) = (page[^1].DealId, page[^1].ScoringModelId);
        }
    }
}
