using Loudou.Core.Deals;
using Loudou.Core.Import;
using Loudou.Core.Pipelines;

namespace Loudou.Import.Writing;

/// <summary>What a row does to a deal, through Core: builds a new one, or tells whether it would change a stored one and changes it.</summary>
/// <remarks>Every change goes through Core's methods, so an import follows the same rules as a change made in the app.</remarks>
internal sealed class DealRowChanges(DealReferences refs)
{
    /// <summary>Builds a new deal in memory through Core, so its stage, close date and probability follow the same rules as everywhere.</summary>
    public Deal Build(DealRow row)
    {
        var first = row.Steps[0];
        var deal = Deal.Create(row.Name!, refs.Pipeline, row.Currency ?? refs.Currency, row.CreatedAt, null, TransitionSource.Import, refs.Stages[first.StageKey], first.At);
        foreach (var step in row.Steps.Skip(1))
        {
            deal.RecordPastEntry(refs.Pipeline, refs.Stages[step.StageKey], step.At, TransitionSource.Import);
        }
        var current = refs.Pipeline.FindStage(deal.StageId)!;
        if (current.Kind == StageKind.Lost && row.Steps.LastOrDefault(s => s.StageKey == current.Key)?.LossReasonKey is { } reason)
        {
            deal.ChangeLossReason(current, refs.LossReasons[reason]);
        }
        return deal;
    }

    /// <summary>Whether a row would change a stored deal; the same tests as <see cref="ApplyFields"/> and <see cref="AddSteps"/>.</summary>
    public bool Differs(ExistingDeal deal, DealRow row, bool historyOnly)
    {
        if (deal.PipelineId != refs.Pipeline.Id)
        {
            return true;
        }
        foreach (var step in row.Steps)
        {
            var stage = refs.Stages[step.StageKey].Id;
            if (!deal.History.Contains((stage, step.At)))
            {
                return true;
            }
        }
        var current = refs.Pipeline.FindStage(deal.StageId);
        if (current?.Kind == StageKind.Lost && row.Steps.LastOrDefault(s => s.StageKey == current.Key)?.LossReasonKey is { } reason && refs.LossReasons[reason].Id != deal.LossReasonId)
        {
            return true;
        }
        if (historyOnly)
        {
            return false;
        }
        return (row.Name is { } name && name != deal.Name)
            || (row.Amount is { } amount && (amount != deal.Amount || (row.Currency ?? deal.Currency) != deal.Currency))
            || (row.Account is { } account && refs.Accounts[account] != deal.AccountId)
            || (row.Channel is { } channel && refs.Channels[channel].Id != deal.ChannelId)
            || (row.Owner is { } owner && (refs.Owners[owner].Id != deal.OwnerId || refs.Owners[owner].TeamId != deal.TeamId))
            || (row.CreatedAt is { } created && created != deal.CreatedAt)
            || (row.ExpectedClose is { } expected && expected != deal.ExpectedClose)
            || (row.Product is { } product && !deal.Products.Contains(refs.Products[product].Id))
            || row.Tags.Any(t => !deal.Tags.Contains(refs.Tags[t].Id))
            || row.Custom.Any(c => !deal.Custom.TryGetValue(refs.Fields[c.Key].Id, out var value) || value != c.Value);
    }

    public void ApplyFields(Deal deal, DealRow row)
    {
        if (row.Name is { } name && name != deal.Name)
        {
            deal.Rename(name);
        }
        if (row.Amount is { } amount && (amount != deal.Amount || (row.Currency ?? deal.Currency) != deal.Currency))
        {
            deal.SetAmount(amount, row.Currency ?? deal.Currency);
        }
        if (row.Account is { } account && refs.Accounts[account] != deal.AccountId)
        {
            deal.LinkAccount(refs.Accounts[account], deal.ContactId);
        }
        if (row.Channel is { } channel && refs.Channels[channel].Id != deal.ChannelId)
        {
            deal.SetChannel(refs.Channels[channel]);
        }
        if (row.Owner is { } owner && (refs.Owners[owner].Id != deal.OwnerId || refs.Owners[owner].TeamId != deal.TeamId))
        {
            deal.AssignTo(refs.Owners[owner]);
        }
        if (row.CreatedAt is { } created && created != deal.CreatedAt)
        {
            deal.SetCreatedAt(created);
        }
        if (row.ExpectedClose is { } expected && expected != deal.ExpectedClose)
        {
            deal.SetExpectedClose(expected);
        }
        if (row.Product is { } product && !deal.Products.Any(p => p.ProductId == refs.Products[product].Id))
        {
            deal.SetProduct(refs.Products[product], 1, null);
        }
        foreach (var tag in row.Tags)
        {
            deal.AddTag(refs.Tags[tag]);
        }
        foreach (var (key, value) in row.Custom)
        {
            var field = refs.Fields[key];
            if (deal.FieldValues.FirstOrDefault(v => v.CustomFieldId == field.Id)?.Value != value)
            {
                deal.SetFieldValue(field, value);
            }
        }
    }

    /// <summary>Adds the steps the deal's history lacks; a step is the same when stage and moment are (both unknown counts as the same).</summary>
    public long AddSteps(Deal deal, IReadOnlyList<HistoryStep> steps)
    {
        var added = 0L;
        foreach (var step in steps)
        {
            var stage = refs.Stages[step.StageKey];
            if (!deal.History.Any(h => h.StageId == stage.Id && h.EnteredAt == step.At))
            {
                deal.RecordPastEntry(refs.Pipeline, stage, step.At, TransitionSource.Import);
                added++;
            }
        }
        var current = refs.Pipeline.FindStage(deal.StageId)!;
        if (current.Kind == StageKind.Lost && steps.LastOrDefault(s => s.StageKey == current.Key)?.LossReasonKey is { } reason && refs.LossReasons[reason].Id != deal.LossReasonId)
        {
            deal.ChangeLossReason(current, refs.LossReasons[reason]);
        }
        return added;
    }
}
