using Loudou.Core;
using Loudou.Core.Access;
using Loudou.Core.Catalog;
using Loudou.Core.Deals;
using Loudou.Storage.Records;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Storage.Deals;

/// <summary>A new deal as a caller describes it: names and keys, each optional but the name.</summary>
/// <param name="Pipeline">The pipeline's key; the workspace's default pipeline when null.</param>
/// <param name="Stage">An open stage's key; the pipeline's first stage when null.</param>
/// <param name="Owner">The owner's login; the caller when null.</param>
/// <param name="Account">An account's name: the one in the caller's scope of that name, else a new one.</param>
/// <param name="Channel">An existing channel's name.</param>
/// <param name="Currency">Three letters; the workspace's base currency when null.</param>
/// <param name="Tags">Tag names; new ones are created.</param>
/// <param name="Custom">Custom values by field key, as typed (a multiple choice's options separated by commas); checked against each field's type.</param>
public sealed record DealDraft(
    string? Name,
    string? Pipeline = null,
    string? Stage = null,
    string? Owner = null,
    string? Account = null,
    string? Channel = null,
    decimal? Amount = null,
    string? Currency = null,
    DateOnly? ExpectedClose = null,
    IReadOnlyList<string>? Tags = null,
    IReadOnlyDictionary<string, string?>? Custom = null);

/// <summary>Creates deals from drafts: every field checked and every bad one reported at once, then one audit entry.</summary>
/// <remarks>
/// Whom a deal may be given to follows the scope: a rep creates own deals only, a manager for
/// themself or their team, an admin for any active user. A deal always starts in an open stage; its
/// first history row is dated now.
/// </remarks>
public sealed class DealCreation(LoudouDbContext db, TimeProvider clock)
{
    /// <returns>The new deal's id, or the errors by field.</returns>
    public async Task<(long? Id, IReadOnlyDictionary<string, string[]> Errors)> CreateAsync(DealDraft draft, CancellationToken cancellationToken = default)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        void Check(Action check)
        {
            try
            {
                check();
            }
            catch (DomainRuleException e)
            {
                errors[e.Field] = [e.Message];
            }
        }
        string? name = null;
        Check(() => name = Guard.Required(draft.Name, "name"));
        Check(() => Guard.NonNegative(draft.Amount, "amount"));
        var settings = await db.WorkspaceSettings.AsNoTracking().SingleAsync(cancellationToken);
        var currency = draft.Currency ?? settings.BaseCurrency;
        Check(() => currency = Guard.Currency(currency, "currency"));

        var pipeline = draft.Pipeline is { } pipelineKey
            ? await db.Pipelines.SingleOrDefaultAsync(p => p.Key == pipelineKey, cancellationToken)
            : await Pipelines.DefaultPipeline.FindAsync(db, db.Pipelines, cancellationToken);
        if (pipeline is null)
        {
            errors["pipeline"] = [$"pipeline must be one of {string.Join(", ", await db.Pipelines.Select(p => p.Key).ToListAsync(cancellationToken))}, was '{draft.Pipeline}'."];
        }
        var stage = pipeline is null ? null : draft.Stage is { } stageKey ? pipeline.FindStage(stageKey) : pipeline.FirstStage;
        if (pipeline is not null && (stage is null || !stage.IsOpen))
        {
            errors["stage"] = [$"a new deal starts in an open stage of '{pipeline.Key}': {string.Join(", ", pipeline.Stages.Where(s => s.IsOpen).Select(s => s.Key))}; was '{draft.Stage}'."];
        }

        var owner = await Assignees.ResolveAsync(db, draft.Owner, "owner", errors, cancellationToken);
        Channel? channel = null;
        if (draft.Channel is { } channelName)
        {
            channel = await db.Channels.SingleOrDefaultAsync(c => c.Name == channelName, cancellationToken);
            if (channel is null)
            {
                errors["channel"] = [$"channel must be one of {string.Join(", ", await db.Channels.OrderBy(c => c.Name).Select(c => c.Name).ToListAsync(cancellationToken))}; was '{channelName}'."];
            }
        }
        var tags = DealLinks.CheckTags(draft.Tags, errors);
        DealLinks.CheckAccount(draft.Account, errors);
        var custom = await DealCustomValues.CheckAsync(db, draft.Custom, errors, cancellationToken);
        if (errors.Count > 0 || pipeline is null || stage is null || name is null)
        {
            return (null, errors);
        }

        // The account and tags are saved before the deal that needs their ids: one transaction keeps it all or nothing.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var deal = Deal.Create(name, pipeline, currency, now, db.Scope.UserId, TransitionSource.Api, stage);
        deal.AssignTo(owner);
        deal.SetAmount(draft.Amount, currency);
        deal.SetExpectedClose(draft.ExpectedClose);
        deal.SetChannel(channel);
        if (draft.Account is { } account)
        {
            deal.LinkAccount((await DealLinks.AccountNamedAsync(db, account, cancellationToken)).Id, null);
        }
        foreach (var tagName in tags)
        {
            deal.AddTag(await DealLinks.TagNamedAsync(db, tagName, cancellationToken));
        }
        DealCustomValues.Apply(deal, custom);
        db.Deals.Add(deal);
        await db.SaveChangesAsync(cancellationToken);
        var values = custom.Where(c => c.Value is not null).ToDictionary(c => c.Field.Key, c => c.Value);
        AuditEntityTypes.Record(db, now, AuditEntityTypes.Deal, deal.Id, AuditAction.Create, null,
            new { name, pipeline = pipeline.Key, stage = stage.Key, owner = owner?.LoginName, account = draft.Account, channel = draft.Channel, amount = draft.Amount, currency, expectedClose = draft.ExpectedClose, tags, custom = values });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (deal.Id, errors);
    }
}
