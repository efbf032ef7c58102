using System.Globalization;
using System.Text;

namespace Loudou.Bench.Compare;

/// <summary>The deterministic workload of issue 6: deals.csv and events.csv for a number of deals.</summary>
/// <remarks>
/// 20 channels, 200 owners, creation spread over 18 months from 2025-01-01 (UTC, whole seconds). Every deal
/// enters stage 0 at its creation; from an Open stage it advances (77%), is lost (17%) or stays open (6%);
/// advancing from stage 4 is Won (5), a loss is stage 6. That gives about 4 history rows a deal, each row
/// strictly later than the one before (at least one second), so both engines order a history the same way.
/// </remarks>
public static class Workload
{
    public const int Channels = 20;
    public const int Owners = 200;
    public static readonly DateTime Start = new(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly double[] MeanDays = [6, 12, 18, 10, 8];

    public static (long Deals, long Events) Write(string directory, int deals, int seed = 6)
    {
        Directory.CreateDirectory(directory);
        var random = new Random(seed);
        var span = (long)(Start.AddMonths(18) - Start).TotalSeconds;
        long events = 0;
        using var dealsOut = new StreamWriter(Path.Combine(directory, "deals.csv"), false, new UTF8Encoding(false), 1 << 20);
        using var eventsOut = new StreamWriter(Path.Combine(directory, "events.csv"), false, new UTF8Encoding(false), 1 << 20);
        dealsOut.Write("deal_id,channel,owner,created_at,amount,outcome\n");
        eventsOut.Write("deal_id,stage,entered_at\n");
        for (var id = 1; id <= deals; id++)
        {
            var created = Start.AddSeconds(random.NextInt64(span));
            var at = created;
            var stage = 0;
            var outcome = "open";
            eventsOut.Write(Line(id, stage, at));
            events++;
            while (true)
            {
                var roll = random.NextDouble();
                if (roll >= 0.94)
                {
                    break;
                }
                // Exponential stay, at least a second.
                at = at.AddSeconds(1 + Math.Floor(-Math.Log(1 - random.NextDouble()) * MeanDays[stage] * 86400));
                if (roll < 0.17)
                {
                    (stage, outcome) = (6, "lost");
                }
                else
                {
                    stage++;
                    outcome = stage == 5 ? "won" : outcome;
                }
                eventsOut.Write(Line(id, stage, at));
                events++;
                if (stage >= 5)
                {
                    break;
                }
            }
            var amount = random.Next(100_000, 10_000_000) / 100m;
            dealsOut.Write(string.Create(CultureInfo.InvariantCulture,
                $"{id},ch{random.Next(Channels):00},o{random.Next(Owners):000},{created:yyyy-MM-dd HH:mm:ss},{amount:0.00},{outcome}\n"));
        }
        return (deals, events);
    }

    private static string Line(int id, int stage, DateTime at) => string.Create(CultureInfo.InvariantCulture, $"{id},{stage},{at:yyyy-MM-dd HH:mm:ss}\n");
}
