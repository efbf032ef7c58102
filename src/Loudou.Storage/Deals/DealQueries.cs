using Loudou.Core;
using Loudou.Core.Pipelines;
using Loudou.Storage.Records;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Storage.Deals;

/// <summary>Filters of a deal list; each null means "any". Values are the names people see.</summary>
/// <param name="Owner">The owner's login.</param>
/// <param name="Team">The deal's team name.</param>
/// <param name="Pipeline">The pipeline's key.</param>
/// <param name="Stage">The stage's key (in any pipeline unless <paramref name="Pipeline"/> is given).</param>
/// <param name="Channel">The channel's name.</param>
/// <param name="Tag">A tag name the deal carries.</param>
/// <param name="Search">Text in the deal's or its account's name, ignoring case.</param>
/// <param name="AccountId">Only the deals of this account (the account page).</param>
public sealed record DealFilter(string? Owner = null, string? Team = null, string? Pipeline = null, string? Stage = null, string? Channel = null, string? Tag = null, string? Search = null, int? AccountId = null, string? Currency = null)
{
    /// <summary>A segment's rule (<see cref="Core.Segments.SegmentRule"/>): its conditions hold besides the ones above.</summary>
    public Core.Segments.SegmentRule? Rule { get; init; }
}

/// <summary>What a deal list can be sorted by.</summary>
public enum DealSort
{
    /// <summary>Newest first by id (the default): a page does not shift while older deals change.</summary>
    Newest,
    Name,
    Account,
    Stage,
    Amount,
    Owner,
    Created,
    ExpectedClose,

    /// <summary>By the score of the pipeline's active scoring model; deals without one come last either way.</summary>
    Score,
}

/// <summary>A deal as lists and the API show it: ids resolved to the keys and names people use.</summary>
/// <remarks><see cref="Custom"/> holds the deal's custom values by field key; a field without a value has no entry.</remarks>
public sealed record DealView(
    long Id,
    string Name,
    string? Owner,
    string? OwnerName,
    string? Team,
    string Pipeline,
    string Stage,
    LocalizedText StageName,
    StageKind StageKind,
    decimal? Amount,
    string Currency,
    double Probability,
    bool ProbabilityByHand,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? ClosedAt,
    DateOnly? ExpectedClose,
    string? Channel,
    string? Account,
    string? Source,
    string? ExternalId,
    int Version,
    IReadOnlyList<string> Tags,
    double? Score = null,
    string? ScoreFactors = null)
{
    public IReadOnlyDictionary<string, Core.Catalog.CustomValue> Custom { get; init; } = new Dictionary<string, Core.Catalog.CustomValue>();
}

/// <summary>Reads deals for lists and the API, in the caller's scope like every query of the context.</summary>
/// <remarks>Newest first (by id) unless asked otherwise; every other order ends with the id, so pages never overlap.</remarks>
public sealed class DealQueries(LoudouDbContext db)
{
    public async Task<Page<DealView>> ListAsync(DealFilter filter, int page, int pageSize, CancellationToken cancellationToken = default) =>
        await ListAsync(filter, DealSort.Newest, descending: true, page, pageSize, cancellationToken);

    public async Task<Page<DealView>> ListAsync(DealFilter filter, DealSort sort, bool descending, int page, int pageSize, CancellationToken cancellationToken = default)
    {
        var result = await Project(Ordered(Matching(filter), sort, descending)).PageAsync(page, pageSize, cancellationToken);
        return result with { Items = await WithPartsAsync([.. result.Items], cancellationToken) };
    }

    /// <summary>The deals of these ids that the caller sees, in the order of the ids (a page of a drill-down).</summary>
    public async Task<IReadOnlyList<DealView>> ByIdsAsync(IReadOnlyList<long> ids, CancellationToken cancellationToken = default)
    {
        var views = await Project(db.Deals.Where(d => ids.Contains(d.Id))).ToListAsync(cancellationToken);
        var order = ids.Select((id, i) => (id, i)).ToDictionary(x => x.id, x => x.i);
        return await WithPartsAsync([.. views.OrderBy(v => order[v.Id])], cancellationToken);
    }

    /// <returns>Null when there is no such deal in the caller's scope, which callers treat as not existing.</returns>
    public async Task<DealView?> GetAsync(long id, CancellationToken cancellationToken = default)
    {
        var view = await Project(db.Deals.Where(d => d.Id == id)).SingleOrDefaultAsync(cancellationToken);
        return view is null ? null : (await WithPartsAsync([view], cancellationToken))[0];
    }

    /// <summary>The deals the filter keeps, in the caller's scope, unordered: the one reading of a filter that the list, its export and the board share.</summary>
    public IQueryable<Core.Deals.Deal> Matching(DealFilter filter) => Narrow(db.Deals.AsNoTracking(), filter);

    /// <summary>The deals of <paramref name="deals"/> that the filter keeps.</summary>
    internal IQueryable<Core.Deals.Deal> Narrow(IQueryable<Core.Deals.Deal> deals, DealFilter filter)
    {
        if (filter.Owner is { } owner)
        {
            var normalized = Core.Workspace.User.Normalize(owner);
            deals = deals.Where(d => db.Users.Any(u => u.Id == d.OwnerId && u.NormalizedLoginName == normalized));
        }
        if (filter.Team is { } team)
        {
            deals = deals.Where(d => db.Teams.Any(t => t.Id == d.TeamId && t.Name == team));
        }
        if (filter.Pipeline is { } pipeline)
        {
            deals = deals.Where(d => db.Pipelines.Any(p => p.Id == d.PipelineId && p.Key == pipeline));
        }
        if (filter.Stage is { } stage)
        {
            deals = deals.Where(d => db.Stages.Any(s => s.Id == d.StageId && s.Key == stage));
        }
        if (filter.Channel is { } channel)
        {
            deals = deals.Where(d => db.Channels.Any(c => c.Id == d.ChannelId && c.Name == channel));
        }
        if (filter.Search is { } search)
        {
            var text = search.ToLowerInvariant();
            deals = deals.Where(d => d.Name.ToLower().Contains(text) || db.Accounts.Any(a => a.Id == d.AccountId && a.Name.ToLower().Contains(text)));
        }
        if (filter.AccountId is { } account)
        {
            deals = deals.Where(d => d.AccountId == account);
        }
        if (filter.Currency is { } currency)
        {
            deals = deals.Where(d => d.Currency == currency);
        }
        if (filter.Tag is { } tag)
        {
            deals = deals.Where(d => db.DealTags.Any(dt => dt.DealId == d.Id && db.Tags.Any(t => t.Id == dt.TagId && t.Name == tag)));
        }
        return filter.Rule is { } rule ? SegmentMatching.Apply(db, deals, rule) : deals;
    }

    private IQueryable<Core.Deals.Deal> Ordered(IQueryable<Core.Deals.Deal> deals, DealSort sort, bool descending)
    {
        IOrderedQueryable<Core.Deals.Deal> ordered = sort switch
        {
            DealSort.Name => By(deals, d => d.Name, descending),
            DealSort.Account => By(deals, d => db.Accounts.Where(a => a.Id == d.AccountId).Select(a => a.Name).FirstOrDefault(), descending),
            DealSort.Stage => By(deals, d => db.Stages.Where(s => s.Id == d.StageId).Select(s => s.Position).FirstOrDefault(), descending),
            DealSort.Amount => By(deals, d => d.Amount, descending),
            DealSort.Owner => By(deals, d => db.Users.Where(u => u.Id == d.OwnerId).Select(u => u.LoginName).FirstOrDefault(), descending),
            DealSort.Created => By(deals, d => d.CreatedAt, descending),
            DealSort.ExpectedClose => By(deals, d => d.ExpectedClose, descending),
            // Unscored deals last in both directions: the two databases put NULL at opposite ends.
            DealSort.Score => descending
                ? deals.OrderBy(Unscored).ThenByDescending(Score)
                : deals.OrderBy(Unscored).ThenBy(Score),
            _ => By(deals, d => d.Id, descending),
        };
        return descending ? ordered.ThenByDescending(d => d.Id) : ordered.ThenBy(d => d.Id);
    }

    private static IOrderedQueryable<Core.Deals.Deal> By<TKey>(IQueryable<Core.Deals.Deal> deals, System.Linq.Expressions.Expression<Func<Core.Deals.Deal, TKey>> key, bool descending) =>
        descending ? deals.OrderByDescending(key) : deals.OrderBy(key);

    private IQueryable<DealView> Project(IQueryable<Core.Deals.Deal> deals) =>
        from d in deals
        join s in db.Stages on d.StageId equals s.Id
        join p in db.Pipelines on d.PipelineId equals p.Id
        select new DealView(
            d.Id,
            d.Name,
            db.Users.Where(u => u.Id == d.OwnerId).Select(u => u.LoginName).FirstOrDefault(),
            db.Users.Where(u => u.Id == d.OwnerId).Select(u => u.DisplayName).FirstOrDefault(),
            db.Teams.Where(t => t.Id == d.TeamId).Select(t => t.Name).FirstOrDefault(),
            p.Key,
            s.Key,
            s.Name,
            s.Kind,
            d.Amount,
            d.Currency,
            d.Probability,
            d.ManualProbability != null,
            d.CreatedAt,
            d.ClosedAt,
            d.ExpectedClose,
            db.Channels.Where(c => c.Id == d.ChannelId).Select(c => c.Name).FirstOrDefault(),
            db.Accounts.Where(a => a.Id == d.AccountId).Select(a => a.Name).FirstOrDefault(),
            d.Source,
            d.ExternalId,
            d.Version,
            Array.Empty<string>(),
            db.ActiveDealScores.Where(x => x.DealId == d.Id).Select(x => (double?)x.Score).FirstOrDefault(),
            db.ActiveDealScores.Where(x => x.DealId == d.Id).Select(x => x.Factors).FirstOrDefault());

    /// <summary>A deal's score from its pipeline's active model, as a subquery; null when it has none (docs/scoring.md).</summary>
    private System.Linq.Expressions.Expression<Func<Core.Deals.Deal, double?>> Score =>
        d => db.ActiveDealScores.Where(x => x.DealId == d.Id).Select(x => (double?)x.Score).FirstOrDefault();

    private System.Linq.Expressions.Expression<Func<Core.Deals.Deal, bool>> Unscored =>
        d => !db.ActiveDealScores.Any(x => x.DealId == d.Id);

    /// <summary>The views with their tags and custom values, each read for the whole page at once.</summary>
    private async Task<IReadOnlyList<DealView>> WithPartsAsync(List<DealView> views, CancellationToken cancellationToken)
    {
        var ids = views.Select(v => v.Id).ToList();
        var tags = (await db.DealTags.Where(dt => ids.Contains(dt.DealId))
                .Join(db.Tags, dt => dt.TagId, t => t.Id, (dt, t) => new { dt.DealId, t.Name })
                .ToListAsync(cancellationToken))
            .ToLookup(x => x.DealId, x => x.Name);
        var custom = (await db.CustomFieldValues.Where(v => ids.Contains(v.DealId))
                .Join(db.CustomFields, v => v.CustomFieldId, f => f.Id, (v, f) => new { v.DealId, f.Key, f.Type, v.Value })
                .ToListAsync(cancellationToken))
            .ToLookup(x => x.DealId);
        return [.. views.Select(v => v with
        {
            Tags = tags[v.Id].Any() ? [.. tags[v.Id].Order(StringComparer.Ordinal)] : v.Tags,
            Custom = custom[v.Id].ToDictionary(c => c.Key, c => new Core.Catalog.CustomValue(c.Type, c.Value), StringComparer.Ordinal),
        })];
    }
}
