using Loudou.Core.Analytics;
using Loudou.Core.Pipelines;
using Loudou.Core.Tests.Analytics;

namespace Loudou.Core.Tests.Alerts.Rules;

/// <summary>
/// A seeded workspace with no planted effect: deals created at a steady rate over 18 months, every stage advancing with the
/// same chance after an exponential wait, amounts and segments (channel, owner, a custom field) drawn independently of it all.
/// Any alert that fires on it is a false alarm.
/// </summary>
internal static class StationaryWorkspace
{
    public static readonly string[] Channels = ["web", "fair", "referral", "partner", "ads"];
    public static readonly string[] Owners = ["li", "wang", "zhang", "zhao", "chen", "liu"];
    public static readonly string[] Tiers = ["a", "b", "c"];

    /// <summary>The end of the data: deals are created over the 540 days before it.</summary>
    public static readonly DateTimeOffset AsOf = DemoSnapshot.Settings.Calendar.StartOf(new DateOnly(2026, 11, 26)).AddTicks(-10);

    /// <param name="shift">Added to the chance of advancing from "needs" for channel "web" in the last three full months: a planted effect, for the test that shows the batch can fire.</param>
    public static FunnelSnapshot Create(int seed, int count, double shift = 0)
    {
        var pipeline = Builders.SavedPipeline(BuiltinPipelines.Default);
        var open = pipeline.Stages.Where(s => s.Kind == StageKind.Open).ToList();
        var won = pipeline.Stages.First(s => s.Kind == StageKind.Won);
        var lost = pipeline.Stages.First(s => s.Kind == StageKind.Lost);
        var calendar = DemoSnapshot.Settings.Calendar;
        var (effectFrom, effectTo) = (calendar.StartOf(new DateOnly(2026, 8, 1)), calendar.StartOf(new DateOnly(2026, 11, 1)));
        var random = new Random(seed);
        var deals = new List<FunnelDeal>(count);
        for (var id = 1; id <= count; id++)
        {
            var at = AsOf.AddDays(-540 * random.NextDouble());
            var channel = Channels[random.Next(Channels.Length)];
            var dimensions = new Dictionary<string, IReadOnlyList<string>>
            {
                ["channel"] = [channel],
                ["owner"] = [Owners[random.Next(Owners.Length)]],
                ["custom.tier"] = [Tiers[random.Next(Tiers.Length)]],
            };
            var history = new List<(int, DateTimeOffset?)> { (open[0].Id, at) };
            var created = at;
            foreach (var stage in open)
            {
                at = at.AddDays(-12 * Math.Log(1 - random.NextDouble()));
                if (at > AsOf)
                {
                    break;
                }
                var advance = 0.6 + (shift != 0 && stage.Key == "needs" && channel == "web" && at >= effectFrom && at < effectTo ? shift : 0);
                if (random.NextDouble() >= advance)
                {
                    history.Add((lost.Id, at));
                    break;
                }
                var next = open.IndexOf(stage) + 1;
                history.Add((next < open.Count ? open[next].Id : won.Id, at));
            }
            deals.Add(new FunnelDeal(id, created, history, dimensions) { Amount = Math.Round((decimal)(20_000 * Math.Exp(random.NextDouble() * 2)), 0) });
        }
        return new FunnelSnapshot(pipeline, deals, calendar);
    }
}
