using Loudou.Core;
using Loudou.Core.Scoring;

namespace Loudou.Scoring.Tests;

/// <summary>Seeded deals whose outcome follows a known rule: a "region" field and an "age" number raise or lower the odds.</summary>
internal static class SyntheticDeals
{
    public static readonly ScoringShape Shape = new(
        [new("lead", new("线索", "Lead"), true), new("won", new("赢单", "Won"), false), new("lost", new("输单", "Lost"), false)],
        [],
        [new("region", new LocalizedText("地区", "Region"), Numeric: false), new("age", new LocalizedText("年龄", "Age"), Numeric: true)]);

    /// <summary>Exactly <paramref name="won"/> won and <paramref name="lost"/> lost deals, plus <paramref name="open"/> open ones, dated a day apart.</summary>
    public static List<ScoringDeal> Make(int won, int lost, int open = 0, int seed = 1)
    {
        var random = new Random(seed);
        var start = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var outcomes = Enumerable.Repeat(DealOutcome.Won, won).Concat(Enumerable.Repeat(DealOutcome.Lost, lost)).Concat(Enumerable.Repeat(DealOutcome.Open, open)).ToArray();
        random.Shuffle(outcomes);
        return [.. outcomes.Select((outcome, i) =>
        {
            // The rule the model should find: north and older raise the odds of the deals dealt "won".
            var north = outcome == DealOutcome.Won ? random.NextDouble() < 0.7 : random.NextDouble() < 0.3;
            var age = (outcome == DealOutcome.Won ? 45 : 35) + random.Next(-15, 16);
            var created = start.AddDays(i);
            return new ScoringDeal
            {
                Id = i + 1,
                CreatedAt = created,
                Outcome = outcome,
                ClosedAt = outcome == DealOutcome.Open ? null : created.AddDays(5),
                Channel = random.NextDouble() < 0.5 ? "web" : "phone",
                Fields = [north ? "north" : "south", age.ToString(System.Globalization.CultureInfo.InvariantCulture)],
                Stages = outcome == DealOutcome.Open ? [new(0, created)] : [new(0, created), new(outcome == DealOutcome.Won ? 1 : 2, created.AddDays(5))],
                Activities = [created.AddHours(random.Next(1, 48))],
            };
        })];
    }
}
