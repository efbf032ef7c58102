using Loudou.Core.Analytics;
using Loudou.Core.Pipelines;
using Loudou.Core.Workspace;

namespace Loudou.Core.Tests.Analytics;

/// <summary>
/// Seeded random funnels for comparing the columnar path with the plain one: skipped stages, moves back, re-entries,
/// unknown times, multi-valued and custom dimensions, missing amounts, loss reasons (one blank), targets, activities and completions.
/// </summary>
internal static class RandomFunnel
{
    private static readonly string?[] LossReasons = ["price", "timing", "competitor", null];

    /// <summary>Random deals over lead → qualified → proposal → won/lost, in the order production gives a history.</summary>
    public static FunnelSnapshot Snapshot(int seed, int count, Pipeline? pipeline = null)
    {
        pipeline ??= new FunnelBuilder("lead", "qualified", "proposal").Pipeline;
        var stages = pipeline.Stages;
        var random = new Random(seed);
        // Its own sequence, so that adding loss reasons left every other random value as it was.
        var reasons = new Random(seed + 1000);
        string[] channels = ["web", "fair", "referral", "partner"];
        string[] owners = ["li", "wang", "zhang", ""];
        string[] tags = ["vip", "cold", "repeat"];
        var deals = new List<FunnelDeal>(count);
        for (var id = 1; id <= count; id++)
        {
            var t = random.NextDouble() * 60;
            var created = FunnelBuilder.Day0.AddDays(t);
            var steps = new List<(int StageId, DateTimeOffset? At, int Index)>();
            var stage = random.Next(0, 10) == 0 ? random.Next(0, 3) : 0;
            var length = random.Next(0, 6);
            for (var i = 0; i < length; i++)
            {
                // Coarse times (quarter days) so ties happen; one in twelve unknown.
                DateTimeOffset? at = random.Next(12) == 0 ? null : FunnelBuilder.Day0.AddDays(Math.Round(t * 4) / 4);
                steps.Add((stages[stage].Id, at, i));
                t += random.NextDouble() * 20;
                if (stages[stage].Kind != StageKind.Open && random.Next(4) != 0)
                {
                    break;
                }
                var move = random.Next(10);
                stage = move < 6 ? Math.Min(stage + 1 + random.Next(2), stages.Count - 1) : move < 8 ? stages.Count - 1 : Math.Max(0, stage - 1);
            }
            var history = steps
                .OrderBy(s => s.At.HasValue).ThenBy(s => s.At).ThenBy(s => pipeline.FindStage(s.StageId)!.Position).ThenBy(s => s.Index)
                .Select(s => (s.StageId, s.At)).ToList();
            var dimensions = new Dictionary<string, IReadOnlyList<string>>
            {
                ["channel"] = [channels[random.Next(channels.Length)]],
                ["owner"] = random.Next(5) == 0 ? [] : [owners[random.Next(owners.Length)]],
                ["tag"] = [.. tags.Where(_ => random.Next(3) == 0)],
            };
            // Teams follow owners, as a deal takes its owner's team; one in three deals of li is in no team.
            if (dimensions["owner"] is [var owner] && (owner is "wang" or "zhang" || (owner == "li" && id % 3 != 0)))
            {
                dimensions["team"] = [owner == "zhang" ? "south" : "north"];
            }
            if (random.Next(3) == 0)
            {
                dimensions["custom.budget"] = [random.Next(2) == 0 ? "high" : "low"];
            }
            var lost = history.Count > 0 && pipeline.FindStage(history[^1].StageId)!.Kind == StageKind.Lost;
            deals.Add(new FunnelDeal(id, random.Next(15) == 0 ? null : created, history, dimensions)
            {
                Amount = random.Next(4) == 0 ? null : random.Next(1, 1000) * 100m,
                LossReason = lost ? LossReasons[reasons.Next(LossReasons.Length)] : null,
            });
        }
        // Activities and completions from a sequence of their own too: up to six touches within 40 days of creation,
        // each action of the pipeline done with even odds at a random moment (stays are not consulted: drivers must cope).
        var work = new Random(seed + 2000);
        var actions = stages.SelectMany(st => st.Actions).Select(a => a.Id).ToList();
        for (var i = 0; i < deals.Count; i++)
        {
            var start = deals[i].CreatedAt ?? FunnelBuilder.Day0;
            deals[i] = deals[i] with
            {
                Touches = [.. Enumerable.Range(0, work.Next(7)).Select(_ => start.AddHours(Math.Round(work.NextDouble() * 40 * 24)))],
                Completions = [.. actions.Where(_ => work.Next(2) == 0).Select(a => (a, start.AddDays(Math.Round(work.NextDouble() * 160) / 4)))],
            };
        }
        var open = stages.Where(s => s.Kind == StageKind.Open).ToList();
        return new FunnelSnapshot(pipeline, deals, WorkspaceSettings.Create("Asia/Shanghai", "CNY").Calendar)
        {
            // A stage-wide target and a team's, so bottlenecks test against both.
            Targets = [new StageTarget(open[0].Id, null, null, 0.9), new StageTarget(open[^1].Id, "north", null, 0.8)],
        };
    }
}
