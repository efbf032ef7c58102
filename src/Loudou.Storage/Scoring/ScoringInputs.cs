using Loudou.Core.Catalog;
using Loudou.Core.Deals;
using Loudou.Core.Pipelines;
using Loudou.Core.Scoring;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Storage.Scoring;

/// <summary>A pipeline's deals read for scoring, with the shape they are read against.</summary>
public sealed record ScoringInput(Pipeline Pipeline, ScoringShape Shape, IReadOnlyList<ScoringDeal> Deals);

/// <summary>Reads a pipeline's deals for scoring in bulk: fields, custom values, account, channel, owner and dated histories.</summary>
/// <remarks>
/// One query per table for the whole pipeline (or the chosen deals), never one per deal. Custom values come from
/// <c>custom_field_values</c>: a number field is read as a number, a choice or yes/no field as a category. Free text is not
/// a feature (a name or a note would only teach the model to recognise deals), nor is a date, which may lie after the
/// moment scored (a signing date) and would leak the outcome. Read as the context's scope allows;
/// training and the scheduled refresh use an operator's context.
/// </remarks>
public static class ScoringInputs
{
    /// <param name="only">Just these deals (those of them in the pipeline); null for all.</param>
    /// <param name="openOnly">Just the deals in an open stage: those a refresh scores.</param>
    public static async Task<ScoringInput> LoadAsync(
        LoudouDbContext db, Pipeline pipeline, IReadOnlyCollection<long>? only = null, bool openOnly = false, CancellationToken cancellationToken = default)
    {
        var fields = await db.CustomFields.AsNoTracking()
            .Where(f => f.Type == CustomFieldType.Number || f.Type == CustomFieldType.Choice || f.Type == CustomFieldType.Boolean)
            .OrderBy(f => f.Id).ToListAsync(cancellationToken);
        var stages = pipeline.Stages;
        var stageIndex = stages.Select((s, i) => (s.Id, i)).ToDictionary(x => x.Id, x => x.i);
        var actions = stages.SelectMany((s, i) => s.Actions.Select(a => (Action: a, Stage: i))).ToList();
        var actionIndex = actions.Select((a, i) => (a.Action.Id, i)).ToDictionary(x => x.Id, x => x.i);
        var shape = new ScoringShape(
            [.. stages.Select(s => new ScoringStage(s.Key, s.Name, s.IsOpen))],
            [.. actions.Select(a => new ScoringAction(a.Stage, a.Action.Required))],
            [.. fields.Select(f => new ScoringField(f.Key, f.Name, f.Type == CustomFieldType.Number))]);
        var fieldIndex = fields.Select((f, i) => (f.Id, i)).ToDictionary(x => x.Id, x => x.i);

        var pipelineId = pipeline.Id;
        var chosen = db.Deals.AsNoTracking().Where(d => d.PipelineId == pipelineId);
        if (only is not null)
        {
            var ids = only.ToList();
            chosen = chosen.Where(d => ids.Contains(d.Id));
        }
        if (openOnly)
        {
            var open = stages.Where(s => s.IsOpen).Select(s => s.Id).ToList();
            chosen = chosen.Where(d => open.Contains(d.StageId));
        }
        var rows = await chosen
            .Select(d => new
            {
                d.Id,
                d.CreatedAt,
                d.ClosedAt,
                d.StageId,
                d.Amount,
                Channel = db.Channels.Where(c => c.Id == d.ChannelId).Select(c => c.Name).FirstOrDefault(),
                Owner = db.Users.Where(u => u.Id == d.OwnerId).Select(u => u.DisplayName).FirstOrDefault(),
                Team = db.Teams.Where(t => t.Id == d.TeamId).Select(t => t.Name).FirstOrDefault(),
                Account = db.Accounts.Where(a => a.Id == d.AccountId).Select(a => new { a.Industry, a.SizeBand, a.Region }).FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);
        var inChosen = chosen.Select(d => d.Id);
        var history = (await db.StageTransitions.AsNoTracking().Where(t => inChosen.Contains(t.DealId)).ToListAsync(cancellationToken)).ToLookup(t => t.DealId);
        var tags = (await db.DealTags.AsNoTracking().Where(dt => inChosen.Contains(dt.DealId))
            .Join(db.Tags, dt => dt.TagId, t => t.Id, (dt, t) => new { dt.DealId, t.Name }).ToListAsync(cancellationToken)).ToLookup(x => x.DealId, x => x.Name);
        var custom = (await db.CustomFieldValues.AsNoTracking().Where(v => inChosen.Contains(v.DealId))
            .Select(v => new { v.DealId, v.CustomFieldId, v.Value }).ToListAsync(cancellationToken)).ToLookup(v => v.DealId);
        var touches = (await db.Activities.AsNoTracking().Where(a => inChosen.Contains(a.DealId))
            .Select(a => new { a.DealId, a.At }).ToListAsync(cancellationToken)).ToLookup(a => a.DealId, a => a.At);
        var done = (await db.ActionCompletions.AsNoTracking().Where(c => inChosen.Contains(c.DealId))
            .Select(c => new { c.DealId, c.StageActionId, c.CompletedAt }).ToListAsync(cancellationToken)).ToLookup(c => c.DealId);

        var deals = new List<ScoringDeal>(rows.Count);
        foreach (var d in rows.OrderBy(r => r.Id))
        {
            var steps = StageHistory.Order(history[d.Id], pipeline);
            var values = new string?[fields.Count];
            foreach (var v in custom[d.Id])
            {
                if (fieldIndex.TryGetValue(v.CustomFieldId, out var f))
                {
                    values[f] = v.Value;
                }
            }
            var kind = stages[stageIndex[d.StageId]].Kind;
            deals.Add(new ScoringDeal
            {
                Id = d.Id,
                CreatedAt = d.CreatedAt ?? steps.FirstOrDefault(s => s.EnteredAt is not null)?.EnteredAt,
                Outcome = kind switch { StageKind.Won => DealOutcome.Won, StageKind.Lost => DealOutcome.Lost, _ => DealOutcome.Open },
                ClosedAt = kind == StageKind.Open ? null : d.ClosedAt,
                Amount = d.Amount is { } amount ? (double)amount : null,
                Channel = d.Channel,
                Owner = d.Owner,
                Team = d.Team,
                Industry = d.Account?.Industry,
                SizeBand = d.Account?.SizeBand,
                Region = d.Account?.Region,
                Fields = values,
                Tags = [.. tags[d.Id].Order(StringComparer.Ordinal)],
                Stages = [.. steps.Select(s => new StageVisit(stageIndex[s.StageId], s.EnteredAt))],
                Activities = [.. touches[d.Id].Order()],
                Actions = [.. done[d.Id].Where(c => actionIndex.ContainsKey(c.StageActionId)).Select(c => new ActionDone(actionIndex[c.StageActionId], c.CompletedAt)).OrderBy(c => c.At)],
            });
        }
        return new ScoringInput(pipeline, shape, deals);
    }
}
