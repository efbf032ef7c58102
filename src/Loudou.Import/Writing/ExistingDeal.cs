using Loudou.Storage;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Import.Writing;

/// <summary>A deal of the import's source as stored, read without tracking, to tell whether a row would change it.</summary>
/// <remarks>
/// Comparing against this snapshot first means a re-import of unchanged files loads no tracked
/// entity at all; only deals that differ are loaded with their history and changed through Core.
/// </remarks>
internal sealed record ExistingDeal(
    long Id,
    int PipelineId,
    string Name,
    int? AccountId,
    int? ChannelId,
    int? OwnerId,
    int? TeamId,
    decimal? Amount,
    string Currency,
    DateTimeOffset? CreatedAt,
    DateOnly? ExpectedClose,
    int StageId,
    int? LossReasonId)
{
    public List<(int StageId, DateTimeOffset? EnteredAt)> History { get; } = [];

    public HashSet<int> Products { get; } = [];

    public HashSet<int> Tags { get; } = [];

    /// <summary>Custom values by field id; loaded only when the import fills custom fields.</summary>
    public Dictionary<int, string> Custom { get; } = [];

    /// <summary>The deals of a source with the given external ids, with their history, products and tags, by external id.</summary>
    /// <remarks>
    /// Called for one chunk of the file's rows at a time, so memory holds a chunk's deals, never the
    /// whole source: a re-import of a million unchanged rows stays within a few hundred megabytes.
    /// The external ids go as one parameter in SQL of our own: EF's default of one parameter per id
    /// binds thousands of parameters per chunk, and its single-array translation adds a test for a
    /// null in the array that keeps PostgreSQL from a plain index lookup (ten times slower). The
    /// scope filters are left out because an import runs only with the whole workspace in scope
    /// (<see cref="ImportEngine"/> refuses anything narrower), and PostgreSQL's generic plans do
    /// not see through their parameters.
    /// </remarks>
    /// <param name="parts">Whether to load products and tags too: only when the mapping imports them.</param>
    /// <param name="custom">Whether to load custom values too: only when the mapping imports them.</param>
    public static async Task<Dictionary<string, ExistingDeal>> LoadAsync(
        LoudouDbContext db, string source, IReadOnlyCollection<string> externalIds, bool parts, bool custom, CancellationToken cancellationToken)
    {
        // One array parameter, looked up through the unique index on (source, external id).
        var chunk = db.Database.GetDbConnection() is Npgsql.NpgsqlConnection
            ? db.Deals.FromSql($"SELECT * FROM deals WHERE source = {source} AND external_id = ANY({externalIds.ToArray()})")
            : db.Deals.FromSql($"SELECT * FROM deals WHERE source = {source} AND external_id IN (SELECT value FROM json_each({System.Text.Json.JsonSerializer.Serialize(externalIds)}))");
        var deals = await chunk.AsNoTracking().IgnoreQueryFilters()
            .Select(d => new { d.ExternalId, Deal = new ExistingDeal(d.Id, d.PipelineId, d.Name, d.AccountId, d.ChannelId, d.OwnerId, d.TeamId, d.Amount, d.Currency, d.CreatedAt, d.ExpectedClose, d.StageId, d.LossReasonId) })
            .ToDictionaryAsync(x => x.ExternalId!, x => x.Deal, StringComparer.Ordinal, cancellationToken);
        if (deals.Count == 0)
        {
            return deals;
        }
        var byId = deals.Values.ToDictionary(d => d.Id);
        var dealIds = byId.Keys.ToList();
        var transitions = db.StageTransitions.AsNoTracking().IgnoreQueryFilters()
            .Where(t => EF.Parameter(dealIds).Contains(t.DealId))
            .Select(t => new { t.DealId, t.StageId, t.EnteredAt });
        await foreach (var t in transitions.AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            byId[t.DealId].History.Add((t.StageId, t.EnteredAt));
        }
        if (custom)
        {
            var values = db.CustomFieldValues.AsNoTracking().IgnoreQueryFilters().Where(v => EF.Parameter(dealIds).Contains(v.DealId)).Select(v => new { v.DealId, v.CustomFieldId, v.Value });
            await foreach (var v in values.AsAsyncEnumerable().WithCancellation(cancellationToken))
            {
                byId[v.DealId].Custom[v.CustomFieldId] = v.Value;
            }
        }
        if (!parts)
        {
            return deals;
        }
        await foreach (var p in db.DealProducts.AsNoTracking().IgnoreQueryFilters().Where(p => EF.Parameter(dealIds).Contains(p.DealId)).Select(p => new { p.DealId, p.ProductId }).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            byId[p.DealId].Products.Add(p.ProductId);
        }
        await foreach (var t in db.DealTags.AsNoTracking().IgnoreQueryFilters().Where(t => EF.Parameter(dealIds).Contains(t.DealId)).Select(t => new { t.DealId, t.TagId }).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            byId[t.DealId].Tags.Add(t.TagId);
        }
        return deals;
    }
}
