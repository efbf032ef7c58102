using Loudou.Core;
using Loudou.Core.Catalog;
using Loudou.Core.Deals;
using Loudou.Core.Pipelines;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Storage.Deals;

/// <summary>A stage of the deal's pipeline as the deal page draws its progress and its "Move to…" menu.</summary>
public sealed record StageOption(string Key, LocalizedText Name, StageKind Kind, int Position, double Probability)
{
    public static StageOption Of(Stage stage) => new(stage.Key, stage.Name, stage.Kind, stage.Position, stage.DefaultProbability);
}

/// <summary>One standard action of the current stage: done or not, and by whom and when.</summary>
/// <param name="CompletedBy">The display name of who ticked it; null when not done or the user is gone.</param>
public sealed record ChecklistItem(string Key, LocalizedText Text, bool Required, DateTimeOffset? CompletedAt, string? CompletedBy);

/// <summary>What the deal page shows of the process: the stages, the current one's goal and checklist, and what its gate still lacks.</summary>
/// <param name="EnteredAt">When the deal entered its current stage (its latest history row there); null when unknown.</param>
/// <param name="Gap">What leaving the current stage forwards still needs (required actions by key, required fields); empty for an outcome stage.</param>
/// <param name="MayOverride">Whether the caller may pass a closed gate with a reason (a manager or an admin).</param>
/// <param name="LossReasons">The active loss reasons, key and name, for the "lost" dialog.</param>
/// <param name="Reached">The keys of the stages the deal's history has been in: what its progress draws as passed.</param>
/// <param name="LossReason">Why a lost deal was lost (the reason's name, even if the reason has since been retired); null otherwise.</param>
public sealed record DealChecklist(
    int Version,
    IReadOnlyList<StageOption> Stages,
    StageOption Current,
    LocalizedText Goal,
    int? RottingDays,
    DateTimeOffset? EnteredAt,
    IReadOnlyList<ChecklistItem> Actions,
    StageGap Gap,
    bool MayOverride,
    IReadOnlyList<(string Key, LocalizedText Name)> LossReasons,
    IReadOnlySet<string> Reached,
    LocalizedText? LossReason = null);

/// <summary>A product line of a deal: the product's name, how many and at what unit price (null: the list price was not set on the deal).</summary>
public sealed record DealProductLine(string Product, decimal Quantity, decimal? UnitPrice);

/// <summary>What the deal page lists besides the process: product lines, custom values (field key, name and value, in the fields' order) and the main contact's name.</summary>
public sealed record DealPartsView(IReadOnlyList<DealProductLine> Products, IReadOnlyList<(string Key, LocalizedText Name, CustomValue Value)> CustomValues, string? Contact);

/// <summary>Reads a deal's process state for the deal page, in the caller's scope; the gate is the deal's own rule (<see cref="Deal.MissingToLeave"/>), as <see cref="DealWrites"/> checks it.</summary>
public sealed class DealChecklistQueries(LoudouDbContext db)
{
    /// <summary>The deal's checklist; null when the caller cannot see the deal or it does not exist.</summary>
    public async Task<DealChecklist?> GetAsync(long dealId, CancellationToken cancellationToken = default) =>
        await LoadAsync(dealId, cancellationToken) is var (deal, fields) ? await ChecklistAsync(deal, fields, cancellationToken) : null;

    /// <summary>What the deal page shows of a deal besides its own fields, from one read of it: its checklist and its parts; null as <see cref="GetAsync"/>.</summary>
    public async Task<(DealChecklist Checklist, DealPartsView Parts)?> PageAsync(long dealId, CancellationToken cancellationToken = default) =>
        await LoadAsync(dealId, cancellationToken) is var (deal, fields)
            ? (await ChecklistAsync(deal, fields, cancellationToken), await PartsAsync(deal, fields, cancellationToken))
            : null;

    /// <summary>The deal with the parts its gate reads (products and custom values among them), and the workspace's custom fields.</summary>
    private async Task<(Deal Deal, IReadOnlyList<CustomField> Fields)?> LoadAsync(long dealId, CancellationToken cancellationToken)
    {
        var deal = await db.Deals.AsNoTracking().WithGateParts().SingleOrDefaultAsync(d => d.Id == dealId, cancellationToken);
        return deal is null ? null : (deal, await db.CustomFields.AsNoTracking().ToListAsync(cancellationToken));
    }

    private async Task<DealChecklist> ChecklistAsync(Deal deal, IReadOnlyList<CustomField> fields, CancellationToken cancellationToken)
    {
        var pipeline = await db.Pipelines.AsNoTracking().SingleAsync(p => p.Id == deal.PipelineId, cancellationToken);
        var current = pipeline.FindStage(deal.StageId)!;
        var gap = current.IsOpen ? deal.MissingToLeave(current, fields.ToDictionary(f => f.Key)) : new StageGap([], []);
        var users = deal.Completions.Select(c => c.CompletedByUserId).OfType<int>().Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => users.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);
        var actions = current.Actions.Select(a =>
        {
            var done = deal.Completions.FirstOrDefault(c => c.StageActionId == a.Id);
            return new ChecklistItem(a.Key, a.Text, a.Required, done?.CompletedAt, done?.CompletedByUserId is { } by ? names.GetValueOrDefault(by) : null);
        }).ToList();
        var entered = deal.History.Where(h => h.StageId == deal.StageId).Select(h => h.EnteredAt).DefaultIfEmpty().Max();
        var reasons = await db.LossReasons.AsNoTracking().Where(r => r.IsActive || r.Id == deal.LossReasonId).OrderBy(r => r.Id).Select(r => new { r.Id, r.Key, r.Name, r.IsActive }).ToListAsync(cancellationToken);
        return new DealChecklist(
            deal.Version,
            [.. pipeline.Stages.Select(StageOption.Of)],
            StageOption.Of(current),
            current.Goal,
            current.RottingDays,
            entered,
            actions,
            gap,
            db.Scope.MayOverrideGates,
            [.. reasons.Where(r => r.IsActive).Select(r => (r.Key, r.Name))],
            deal.History.Select(h => pipeline.FindStage(h.StageId)?.Key).OfType<string>().ToHashSet(StringComparer.Ordinal),
            reasons.FirstOrDefault(r => r.Id == deal.LossReasonId)?.Name);
    }

    /// <summary>The deal's product lines, custom values and main contact.</summary>
    private async Task<DealPartsView> PartsAsync(Deal deal, IReadOnlyList<CustomField> fields, CancellationToken cancellationToken)
    {
        // Products, fields and contacts are named here by id: products and fields are reference data; the contact is the deal's own.
        var productIds = deal.Products.Select(p => p.ProductId).ToList();
        var products = await db.Products.AsNoTracking().Where(p => productIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Name, cancellationToken);
        var byId = fields.ToDictionary(f => f.Id);
        var contact = deal.ContactId is { } id ? await db.Contacts.AsNoTracking().Where(c => c.Id == id).Select(c => c.Name).FirstOrDefaultAsync(cancellationToken) : null;
        return new DealPartsView(
            [.. deal.Products.Select(p => new DealProductLine(products.GetValueOrDefault(p.ProductId) ?? "#" + p.ProductId, p.Quantity, p.UnitPrice))],
            [.. deal.FieldValues.Where(v => byId.ContainsKey(v.CustomFieldId)).OrderBy(v => v.CustomFieldId)
                .Select(v => (byId[v.CustomFieldId].Key, byId[v.CustomFieldId].Name, new CustomValue(byId[v.CustomFieldId].Type, v.Value)))],
            contact);
    }
}
