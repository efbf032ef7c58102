using Loudou.Core.Scoring;

namespace Loudou.Core.Tests.Scoring;

/// <summary>Seeded random deals with dated histories on <see cref="FeatureBuilderTests.Shape"/>, and their poisoned and cut copies.</summary>
internal static class RandomDeals
{
    private static readonly DateTimeOffset Start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static ScoringDeal One(Random random, long id)
    {
        var created = Start.AddHours(random.Next(0, 24 * 365));
        var stages = new List<StageVisit> { new(0, created) };
        var at = created;
        while (random.NextDouble() < 0.6)
        {
            at = at.AddHours(random.Next(1, 24 * 20));
            stages.Add(new StageVisit(random.Next(0, 4), at));
        }
        if (random.NextDouble() < 0.2)
        {
            stages.Insert(0, new StageVisit(1, null));
        }
        var activities = Enumerable.Range(0, random.Next(0, 8)).Select(_ => created.AddHours(random.Next(0, 24 * 60))).Order().ToArray();
        var actions = Enumerable.Range(0, random.Next(0, 4)).Select(_ => new ActionDone(random.Next(0, 3), created.AddHours(random.Next(0, 24 * 60)))).OrderBy(a => a.At).ToArray();
        var closed = stages[^1].Stage >= 2;
        return new ScoringDeal
        {
            Id = id,
            CreatedAt = created,
            Outcome = !closed ? DealOutcome.Open : stages[^1].Stage == 2 ? DealOutcome.Won : DealOutcome.Lost,
            ClosedAt = closed ? stages[^1].At : null,
            Amount = random.NextDouble() < 0.8 ? random.Next(1, 1_000_000) : null,
            Channel = random.NextDouble() < 0.9 ? $"c{random.Next(0, 5)}" : null,
            Owner = $"o{random.Next(0, 4)}",
            Fields = [random.NextDouble() < 0.7 ? random.Next(0, 100).ToString(System.Globalization.CultureInfo.InvariantCulture) : null, $"s{random.Next(0, 3)}"],
            Tags = random.NextDouble() < 0.3 ? ["vip"] : [],
            Stages = [.. stages],
            Activities = activities,
            Actions = actions,
        };
    }

    public static ScoringDeal Copy(ScoringDeal d, long? id = null, StageVisit[]? stages = null, DateTimeOffset[]? activities = null, ActionDone[]? actions = null,
        DateTimeOffset? closedAt = null, DealOutcome? outcome = null) => new()
        {
            Id = id ?? d.Id,
            CreatedAt = d.CreatedAt,
            Outcome = outcome ?? d.Outcome,
            ClosedAt = closedAt ?? d.ClosedAt,
            Amount = d.Amount,
            Channel = d.Channel,
            Owner = d.Owner,
            Team = d.Team,
            Industry = d.Industry,
            SizeBand = d.SizeBand,
            Region = d.Region,
            Fields = d.Fields,
            Tags = d.Tags,
            Stages = stages ?? d.Stages,
            Activities = activities ?? d.Activities,
            Actions = actions ?? d.Actions,
        };

    /// <summary>The deal with every row dated after <paramref name="at"/> replaced by other rows, all after it too.</summary>
    public static ScoringDeal Poison(ScoringDeal d, DateTimeOffset at, Random random)
    {
        DateTimeOffset Later() => at.AddMinutes(1 + random.Next(0, 60 * 24 * 90));
        var stages = d.Stages.Where(s => s.At is null || s.At <= at).ToList();
        stages.AddRange(Enumerable.Range(0, random.Next(0, 6)).Select(_ => new StageVisit(random.Next(0, 4), Later())).OrderBy(s => s.At));
        var activities = d.Activities.Where(a => a <= at).Concat(Enumerable.Range(0, random.Next(0, 20)).Select(_ => Later())).Order().ToArray();
        var actions = d.Actions.Where(a => a.At <= at).Concat(Enumerable.Range(0, random.Next(0, 5)).Select(_ => new ActionDone(random.Next(0, 3), Later()))).OrderBy(a => a.At).ToArray();
        return Copy(d, stages: [.. stages], activities: activities, actions: actions, closedAt: Later(), outcome: random.NextDouble() < 0.5 ? DealOutcome.Won : DealOutcome.Lost);
    }

    /// <summary>The deal as it stood at <paramref name="at"/>: rows after it removed, still open.</summary>
    public static ScoringDeal Cut(ScoringDeal d, DateTimeOffset at) => Copy(d,
        stages: [.. d.Stages.Where(s => s.At is null || s.At <= at)],
        activities: [.. d.Activities.Where(a => a <= at)],
        actions: [.. d.Actions.Where(a => a.At <= at)],
        outcome: DealOutcome.Open);
}
