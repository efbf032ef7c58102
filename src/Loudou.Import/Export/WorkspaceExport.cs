using System.Globalization;
using Loudou.Core.Import;
using Loudou.Storage;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Import.Export;

/// <summary>The workspace's records as tables in the generic import format, so that <c>loudou import … --preset generic</c> reads them back.</summary>
/// <remarks>
/// Each record's <c>external_id</c> is the one it was imported with when it came through the generic
/// preset, else "source:external id" for another source, else "loudou-" and its id: unique across
/// sources, and unchanged when the file is imported into another workspace and exported again.
/// Moments are written in the workspace's time zone with their offset, to the stored microsecond;
/// an unknown one is blank. Rows stream from the database in id order; the lookups held in memory
/// are the names (users, accounts, stages, tags) and, for deals, one date per deal.
/// Import order for a whole workspace: accounts, contacts, deals, history, activities. Deals carry a
/// <c>custom.KEY</c> column per custom field (in the order the fields were made) with the values'
/// canonical text, which the generic preset reads back; they are then read a page of deals at a time
/// with that page's values, so memory holds a page, not every value of the workspace.
/// </remarks>
public sealed class WorkspaceExport(LoudouDbContext db)
{
    public static readonly IReadOnlyList<string> DealColumns =
        ["external_id", "name", "pipeline", "stage", "account", "channel", "owner", "amount", "currency", "created_at", "stage_date", "expected_close", "loss_reason", "tags"];

    public static readonly IReadOnlyList<string> AccountColumns = ["external_id", "name", "industry", "region", "size_band", "credit_code"];

    public static readonly IReadOnlyList<string> ContactColumns = ["external_id", "name", "account", "title", "phone", "email", "wechat"];

    public static readonly IReadOnlyList<string> ActivityColumns = ["external_id", "deal_external_id", "kind", "at", "by", "outcome", "note"];

    public static readonly IReadOnlyList<string> HistoryColumns = ["external_id", "stage", "entered_at"];

    private TimeZoneInfo _zone = TimeZoneInfo.Utc;

    public async Task<ExportTable> TableAsync(ExportKind kind, CancellationToken cancellationToken = default)
    {
        _zone = (await db.WorkspaceSettings.AsNoTracking().SingleAsync(cancellationToken)).Calendar.Zone;
        return kind switch
        {
            ExportKind.Deals => await DealsAsync(cancellationToken),
            ExportKind.Accounts => new ExportTable(AccountColumns, Accounts()),
            ExportKind.Contacts => new ExportTable(ContactColumns, await ContactsAsync(cancellationToken)),
            ExportKind.Activities => new ExportTable(ActivityColumns, await ActivitiesAsync(cancellationToken)),
            ExportKind.History => new ExportTable(HistoryColumns, await HistoryAsync(cancellationToken)),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "the funnel is a report; FunnelExport writes it."),
        };
    }

    /// <summary>The external id a record is exported with (see the remarks).</summary>
    public static string ExternalId(string? source, string? externalId, long id) =>
        source is null || externalId is null ? "loudou-" + id.ToString(CultureInfo.InvariantCulture)
        : source == GenericColumns.Source ? externalId
        : source + ":" + externalId;

    private async Task<ExportTable> DealsAsync(CancellationToken cancellationToken)
    {
        var stages = await StagesAsync(cancellationToken);
        var accounts = await db.Accounts.AsNoTracking().ToDictionaryAsync(a => a.Id, a => a.Name, cancellationToken);
        var channels = await db.Channels.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.Name, cancellationToken);
        var users = await UsersAsync(cancellationToken);
        var reasons = await db.LossReasons.AsNoTracking().ToDictionaryAsync(r => r.Id, r => r.Key, cancellationToken);
        var tagNames = await db.Tags.AsNoTracking().ToDictionaryAsync(t => t.Id, t => t.Name, cancellationToken);
        var tags = new Dictionary<long, List<string>>();
        foreach (var t in db.DealTags.AsNoTracking().OrderBy(t => t.DealId).ThenBy(t => t.TagId).AsEnumerable())
        {
            (tags.TryGetValue(t.DealId, out var list) ? list : tags[t.DealId] = []).Add(tagNames[t.TagId]);
        }
        // The date of the deal's latest entry into its current stage (null: entered at an unknown moment).
        var stageDates = new Dictionary<long, DateTimeOffset?>();
        var entries = from t in db.StageTransitions.AsNoTracking()
                      join d in db.Deals.AsNoTracking() on t.DealId equals d.Id
                      where t.StageId == d.StageId
                      orderby t.Id
                      select new { t.DealId, t.EnteredAt };
        foreach (var entry in entries.AsEnumerable())
        {
            stageDates[entry.DealId] = entry.EnteredAt;
        }
        object?[] Row(Core.Deals.Deal d) =>
        [
            ExternalId(d.Source, d.ExternalId, d.Id),
            d.Name,
            stages[d.StageId].Pipeline,
            stages[d.StageId].Key,
            d.AccountId is { } a ? accounts[a] : null,
            d.ChannelId is { } c ? channels[c] : null,
            d.OwnerId is { } o ? users[o] : null,
            d.Amount,
            d.Currency,
            Moment(d.CreatedAt),
            Moment(stageDates.GetValueOrDefault(d.Id)),
            d.ExpectedClose?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            d.LossReasonId is { } r ? reasons[r] : null,
            tags.TryGetValue(d.Id, out var names) ? string.Join(", ", names) : null,
        ];
        var fields = await db.CustomFields.AsNoTracking().OrderBy(f => f.Id).Select(f => new { f.Id, f.Key }).ToListAsync(cancellationToken);
        if (fields.Count == 0)
        {
            return new ExportTable(DealColumns, db.Deals.AsNoTracking().OrderBy(d => d.Id).AsEnumerable().Select(Row));
        }
        var slots = fields.Select((f, i) => (f.Id, Slot: DealColumns.Count + i)).ToDictionary(f => f.Id, f => f.Slot);
        return new ExportTable([.. DealColumns, .. fields.Select(f => ImportFields.CustomPrefix + f.Key)], WithCustomValues(Row, slots));
    }

    /// <summary>Every deal's row with its custom values in their columns, a page of deals and their values at a time.</summary>
    private IEnumerable<object?[]> WithCustomValues(Func<Core.Deals.Deal, object?[]> row, Dictionary<int, int> slots)
    {
        const int Page = 10_000;
        var after = long.MinValue;
        while (true)
        {
            var deals = db.Deals.AsNoTracking().Where(d => d.Id > after).OrderBy(d => d.Id).Take(Page).ToList();
            if (deals.Count == 0)
            {
                yield break;
            }
            var (first, last) = (deals[0].Id, deals[^1].Id);
            var values = db.CustomFieldValues.AsNoTracking().Where(v => v.DealId >= first && v.DealId <= last)
                .Select(v => new { v.DealId, v.CustomFieldId, v.Value }).ToList().ToLookup(v => v.DealId);
            foreach (var deal in deals)
            {
                var cells = row(deal);
                Array.Resize(ref cells, DealColumns.Count + slots.Count);
                foreach (var value in values[deal.Id])
                {
                    cells[slots[value.CustomFieldId]] = value.Value;
                }
                yield return cells;
            }
            after = last;
        }
    }

    private IEnumerable<object?[]> Accounts() =>
        db.Accounts.AsNoTracking().OrderBy(a => a.Id).AsEnumerable()
            .Select(a => new object?[] { ExternalId(a.Source, a.ExternalId, a.Id), a.Name, a.Industry, a.Region, a.SizeBand, a.CreditCode });

    private async Task<IEnumerable<object?[]>> ContactsAsync(CancellationToken cancellationToken)
    {
        var accounts = await db.Accounts.AsNoTracking().Select(a => new { a.Id, a.Source, a.ExternalId })
            .ToDictionaryAsync(a => a.Id, a => ExternalId(a.Source, a.ExternalId, a.Id), cancellationToken);
        return db.Contacts.AsNoTracking().OrderBy(c => c.Id).AsEnumerable()
            .Select(c => new object?[] { ExternalId(c.Source, c.ExternalId, c.Id), c.Name, c.AccountId is { } a ? accounts[a] : null, c.Title, c.Phone, c.Email, c.WeChat });
    }

    private async Task<IEnumerable<object?[]>> ActivitiesAsync(CancellationToken cancellationToken)
    {
        var deals = await DealIdsAsync(cancellationToken);
        var users = await UsersAsync(cancellationToken);
        return db.Activities.AsNoTracking().OrderBy(a => a.Id).AsEnumerable()
            .Select(a => new object?[] { ExternalId(a.Source, a.ExternalId, a.Id), deals[a.DealId], a.Kind.ToString(), Moment(a.At), a.ByUserId is { } u ? users[u] : null, a.Outcome, a.Note });
    }

    /// <summary>Every history row, by deal, then moment (unknown first), then the stage's place in the funnel.</summary>
    private async Task<IEnumerable<object?[]>> HistoryAsync(CancellationToken cancellationToken)
    {
        var deals = await DealIdsAsync(cancellationToken);
        var stages = await StagesAsync(cancellationToken);
        return db.StageTransitions.AsNoTracking().OrderBy(t => t.DealId).ThenBy(t => t.Id).AsEnumerable()
            .GroupAdjacent(t => t.DealId)
            .SelectMany(group => group
                .OrderBy(t => t.EnteredAt.HasValue).ThenBy(t => t.EnteredAt).ThenBy(t => stages[t.StageId].Position)
                .Select(t => new object?[] { deals[t.DealId], stages[t.StageId].Key, Moment(t.EnteredAt) }));
    }

    private async Task<Dictionary<long, string>> DealIdsAsync(CancellationToken cancellationToken) =>
        await db.Deals.AsNoTracking().Select(d => new { d.Id, d.Source, d.ExternalId })
            .ToDictionaryAsync(d => d.Id, d => ExternalId(d.Source, d.ExternalId, d.Id), cancellationToken);

    private async Task<Dictionary<int, string>> UsersAsync(CancellationToken cancellationToken) =>
        await db.Users.AsNoTracking().ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);

    private async Task<Dictionary<int, (string Pipeline, string Key, int Position)>> StagesAsync(CancellationToken cancellationToken)
    {
        var pipelines = await db.Pipelines.AsNoTracking().ToListAsync(cancellationToken);
        return pipelines.SelectMany(p => p.Stages.Select(s => (s.Id, Value: (p.Key, s.Key, s.Position)))).ToDictionary(x => x.Id, x => x.Value);
    }

    private string? Moment(DateTimeOffset? moment) =>
        moment is { } m ? TimeZoneInfo.ConvertTime(m, _zone).ToString("yyyy-MM-dd HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture) : null;
}

internal static class AdjacentGroups
{
    /// <summary>Runs of consecutive items with the same key, streaming: only the current run is held.</summary>
    public static IEnumerable<List<T>> GroupAdjacent<T, TKey>(this IEnumerable<T> items, Func<T, TKey> key)
    {
        var run = new List<T>();
        foreach (var item in items)
        {
            if (run.Count > 0 && !EqualityComparer<TKey>.Default.Equals(key(run[0]), key(item)))
            {
                yield return run;
                run = [];
            }
            run.Add(item);
        }
        if (run.Count > 0)
        {
            yield return run;
        }
    }
}
