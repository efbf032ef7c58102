using Loudou.Core.Demo;
using Loudou.Core.Pipelines;
using Loudou.Core.Scoring;
using Loudou.Core.Workspace;

namespace Loudou.Scoring.Tests;

/// <summary>The demo workspace's deals in the form scoring reads, made straight from the generator (no database), as ScoringInputs reads them.</summary>
internal static class DemoDeals
{
    public static readonly WorkspaceSettings Settings = WorkspaceSettings.Create("Asia/Shanghai", "CNY");

    public static (ScoringShape Shape, IReadOnlyList<ScoringDeal> Deals, DateTimeOffset AsOf) Create(int deals, int seed, DateOnly asOf)
    {
        var pipeline = BuiltinPipelines.Default;
        var generator = new DemoGenerator(new DemoOptions(deals, seed, asOf), Settings.Calendar, pipeline);
        var accounts = generator.Accounts();
        var actions = pipeline.Stages.SelectMany((s, i) => s.Actions.Select(a => (Stage: i, a.Required))).ToList();
        var actionIndex = pipeline.Stages.SelectMany((s, i) => s.Actions.Select((_, j) => (i, j))).Select((x, k) => (x, k)).ToDictionary(p => p.x, p => p.k);
        var shape = new ScoringShape(
            [.. pipeline.Stages.Select(s => new ScoringStage(s.Key, s.Name, s.Kind == StageKind.Open))],
            [.. actions.Select(a => new ScoringAction(a.Stage, a.Required))],
            []);
        var list = generator.Deals().Select(d =>
        {
            var account = accounts[d.Account - 1];
            var owner = DemoCast.Users[d.Owner];
            var kind = pipeline.Stages[d.Stage].Kind;
            return new ScoringDeal
            {
                Id = d.Number,
                CreatedAt = d.CreatedAt,
                Outcome = kind switch { StageKind.Won => DealOutcome.Won, StageKind.Lost => DealOutcome.Lost, _ => DealOutcome.Open },
                ClosedAt = kind == StageKind.Open ? null : d.ClosedAt,
                Amount = (double)d.Amount,
                Channel = DemoCast.Channels[d.Channel].Name,
                Owner = owner.DisplayName,
                Team = DemoCast.Teams[owner.Team].Name,
                Industry = account.Industry,
                SizeBand = account.SizeBand,
                Region = account.Region,
                Stages = [.. d.Transitions.OrderBy(t => t.At).Select(t => new StageVisit(t.Stage, t.At))],
                Activities = [.. d.Activities.Select(a => a.At).Order()],
                Actions = [.. d.Completions.Select(c => new ActionDone(actionIndex[(c.Stage, c.Action)], c.At)).OrderBy(c => c.At)],
            };
        }).ToList();
        return (shape, list, Settings.Calendar.StartOf(asOf.AddDays(1)).AddTicks(-10));
    }
}
