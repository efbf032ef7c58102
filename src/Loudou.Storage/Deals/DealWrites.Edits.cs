using Loudou.Core.Access;
using Loudou.Core.Deals;
using Loudou.Storage.Records;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Storage.Deals;

/// <summary>
/// A change to a deal's own fields, as a JSON merge patch gives it: only the fields in
/// <paramref name="Given"/> change, and a given null clears the field where that makes sense.
/// </summary>
/// <remarks>The stage is not here: it moves only through the gate (<see cref="DealWrites.MoveStageAsync"/>).</remarks>
/// <param name="Owner">The new owner's login, by the rules of <see cref="Assignees"/>; null (admins only) leaves the deal unassigned.</param>
/// <param name="Account">An account's name, found or made as on creation; null unlinks the account.</param>
/// <param name="Tags">The whole new set of tag names.</param>
/// <param name="Probability">Set by hand (an open deal only); a given null gives the deal back to its stage's default.</param>
/// <param name="Custom">Custom values by field key (a merge patch of its own: keys left out are unchanged, a null or blank value clears).</param>
public sealed record DealPatch(
    IReadOnlySet<string> Given,
    string? Name = null,
    decimal? Amount = null,
    string? Currency = null,
    DateOnly? ExpectedClose = null,
    double? Probability = null,
    string? Owner = null,
    string? Channel = null,
    string? Account = null,
    IReadOnlyList<string>? Tags = null,
    IReadOnlyDictionary<string, string?>? Custom = null)
{
    /// <summary>The fields a patch may carry (besides the version).</summary>
    public static IReadOnlyList<string> Fields { get; } = ["name", "amount", "currency", "expectedClose", "probability", "owner", "channel", "account", "tags", "custom"];
}

public sealed partial class DealWrites
{
    /// <summary>Changes the given fields; the audit entry holds each changed field before and after.</summary>
    public async Task<DealWriteResult> UpdateAsync(long dealId, int expectedVersion, DealPatch patch, CancellationToken cancellationToken = default)
    {
        var (deal, refusal) = await LoadAsync(dealId, expectedVersion, cancellationToken);
        if (deal is null)
        {
            return refusal!;
        }
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        void Check(Action change) => RecordWrites.Check(errors, change);
        bool Has(string field) => patch.Given.Contains(field);

        var before = await EditableFieldsAsync(deal, null, cancellationToken);
        var custom = Has("custom") ? await DealCustomValues.CheckAsync(db, patch.Custom, errors, cancellationToken) : [];
        var customBefore = DealCustomValues.Snapshot(deal, custom.Select(c => c.Field));
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        // Tags and a new account are saved first, while the deal is untouched, so that their saves
        // do not write the deal: the deal is written once, by SaveAsync, with its version checked.
        // A refusal further down rolls them back with the transaction.
        var tagNames = Has("tags") ? DealLinks.CheckTags(patch.Tags ?? [], errors) : null;
        if (Has("account"))
        {
            DealLinks.CheckAccount(patch.Account, errors);
        }
        var tags = new List<Core.Catalog.Tag>();
        foreach (var name in errors.Count == 0 ? tagNames ?? [] : [])
        {
            tags.Add(await DealLinks.TagNamedAsync(db, name, cancellationToken));
        }
        var account = Has("account") && patch.Account is not null && errors.Count == 0 ? await DealLinks.AccountNamedAsync(db, patch.Account, cancellationToken) : null;

        if (Has("name"))
        {
            Check(() => deal.Rename(patch.Name!));
        }
        if (Has("amount") || Has("currency"))
        {
            if (Has("currency") && patch.Currency is null)
            {
                errors["currency"] = ["currency cannot be cleared; give three letters such as CNY."];
            }
            Check(() => deal.SetAmount(Has("amount") ? patch.Amount : deal.Amount, patch.Currency ?? deal.Currency));
        }
        if (Has("expectedClose"))
        {
            deal.SetExpectedClose(patch.ExpectedClose);
        }
        if (Has("probability"))
        {
            var current = (await db.Pipelines.AsNoTracking().SingleAsync(p => p.Id == deal.PipelineId, cancellationToken)).FindStage(deal.StageId)!;
            // A number is set by hand; null gives the deal back to its stage's default.
            Check(() =>
            {
                if (patch.Probability is { } probability)
                {
                    deal.OverrideProbability(probability, current);
                }
                else
                {
                    deal.FollowStageProbability(current);
                }
            });
        }
        if (Has("owner"))
        {
            if (patch.Owner is null && !db.Scope.SeesAll)
            {
                errors["owner"] = ["only an admin may leave a deal without an owner."];
            }
            else
            {
                var owner = patch.Owner is null ? null : await Assignees.ResolveAsync(db, patch.Owner, "owner", errors, cancellationToken);
                if (!errors.ContainsKey("owner"))
                {
                    deal.AssignTo(owner, clock.GetUtcNow());
                }
            }
        }
        if (Has("channel"))
        {
            var channel = patch.Channel is null ? null : await db.Channels.SingleOrDefaultAsync(c => c.Name == patch.Channel, cancellationToken);
            if (patch.Channel is not null && channel is null)
            {
                errors["channel"] = [$"channel must be one of {string.Join(", ", await db.Channels.OrderBy(c => c.Name).Select(c => c.Name).ToListAsync(cancellationToken))}; was '{patch.Channel}'."];
            }
            deal.SetChannel(channel);
        }
        if (errors.Count > 0)
        {
            return new(DealWriteStatus.Invalid, Errors: errors);
        }
        var accountName = before["account"] as string;
        if (Has("account"))
        {
            accountName = account?.Name;
            // The main contact belongs to the old account; a new account starts without one.
            deal.LinkAccount(account?.Id, account?.Id == deal.AccountId ? deal.ContactId : null);
        }
        if (tagNames is not null)
        {
            foreach (var stale in deal.Tags.Where(t => !tags.Exists(w => w.Id == t.TagId)).ToList())
            {
                deal.RemoveTag(await db.Tags.SingleAsync(t => t.Id == stale.TagId, cancellationToken));
            }
            tags.ForEach(tag => deal.AddTag(tag));
        }
        DealCustomValues.Apply(deal, custom);

        var after = await EditableFieldsAsync(deal, accountName, cancellationToken);
        foreach (var (field, value) in DealCustomValues.Snapshot(deal, custom.Select(c => c.Field)))
        {
            (before[field], after[field]) = (customBefore[field], value);
        }
        var changed = RecordWrites.ChangedFields(before, after);
        if (changed.Count == 0)
        {
            return new(DealWriteStatus.Unchanged, deal.Version);
        }
        Audit(deal, clock.GetUtcNow(), AuditAction.Update, changed.ToDictionary(k => k, k => before[k]), changed.ToDictionary(k => k, k => after[k]), null);
        var result = await SaveAsync(deal, expectedVersion, cancellationToken);
        if (result.Status == DealWriteStatus.Done)
        {
            await transaction.CommitAsync(cancellationToken);
        }
        return result;
    }

    /// <summary>Deletes a deal with its history, parts, activities and tasks; managers and admins only.</summary>
    /// <remarks>The audit entry keeps the deal's fields, so the log still says what was deleted and by whom.</remarks>
    public async Task<DealWriteResult> DeleteAsync(long dealId, int expectedVersion, CancellationToken cancellationToken = default)
    {
        var (deal, refusal) = await LoadAsync(dealId, expectedVersion, cancellationToken);
        if (deal is null)
        {
            return refusal!;
        }
        if (!db.Scope.MayDelete)
        {
            return new(DealWriteStatus.Forbidden, deal.Version);
        }
        var stage = await db.Stages.AsNoTracking().Where(s => s.Id == deal.StageId).Select(s => s.Key).SingleAsync(cancellationToken);
        var pipeline = await db.Pipelines.AsNoTracking().Where(p => p.Id == deal.PipelineId).Select(p => p.Key).SingleAsync(cancellationToken);
        var fields = await EditableFieldsAsync(deal, null, cancellationToken);
        fields["pipeline"] = pipeline;
        fields["stage"] = stage;
        fields["source"] = deal.Source;
        fields["externalId"] = deal.ExternalId;
        var custom = await db.CustomFields.AsNoTracking().ToListAsync(cancellationToken);
        foreach (var (field, value) in DealCustomValues.Snapshot(deal, custom).Where(v => v.Value is not null))
        {
            fields[field] = value;
        }
        Audit(deal, clock.GetUtcNow(), AuditAction.Delete, fields, null, null);
        db.Deals.Remove(deal);
        var result = await SaveAsync(deal, expectedVersion, cancellationToken);
        return result.Status == DealWriteStatus.Done ? new(DealWriteStatus.Done) : result;
    }

    /// <summary>The fields a patch can change, as people name them (logins, names), for the audit entry.</summary>
    /// <param name="accountName">The account's name when the caller knows it; else read, which works while the saved deal links it (and so makes it visible).</param>
    private async Task<Dictionary<string, object?>> EditableFieldsAsync(Deal deal, string? accountName, CancellationToken cancellationToken)
    {
        var tagIds = deal.Tags.Select(t => t.TagId).ToList();
        return new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["name"] = deal.Name,
            ["amount"] = deal.Amount,
            ["currency"] = deal.Currency,
            ["expectedClose"] = deal.ExpectedClose,
            ["probability"] = deal.Probability,
            ["owner"] = await db.Users.Where(u => u.Id == deal.OwnerId).Select(u => u.LoginName).SingleOrDefaultAsync(cancellationToken),
            ["channel"] = await db.Channels.Where(c => c.Id == deal.ChannelId).Select(c => c.Name).SingleOrDefaultAsync(cancellationToken),
            ["account"] = accountName ?? await db.Accounts.Where(a => a.Id == deal.AccountId).Select(a => a.Name).SingleOrDefaultAsync(cancellationToken),
            ["tags"] = (await db.Tags.Where(t => tagIds.Contains(t.Id)).Select(t => t.Name).ToListAsync(cancellationToken)).Order(StringComparer.Ordinal).ToList(),
        };
    }
}
