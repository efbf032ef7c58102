using System.Globalization;
using Loudou.Core.Analytics;
using Loudou.Testing;

namespace Loudou.Core.Tests.Analytics;

/// <summary>
/// The Maven CRM data set (../shared/data/maven-crm), read straight from its CSV until the import
/// lands, against the facts its README states.
/// </summary>
public class MavenFunnelTests
{
    [DataSetFact("maven-crm")]
    public void The_funnel_matches_the_facts_in_the_data_sets_readme()
    {
        var builder = new FunnelBuilder("prospecting", "engaging");
        var lines = File.ReadAllLines(Path.Combine(DataSets.Path("maven-crm"), "sales_pipeline.csv")).Skip(1);
        foreach (var line in lines)
        {
            // opportunity_id,sales_agent,product,account,deal_stage,engage_date,close_date,close_value
            var f = line.Split(',');
            var engaged = Day(f[5]);
            var closed = Day(f[6]);
            var path = f[4] switch
            {
                "Prospecting" => "prospecting",
                "Engaging" => $"prospecting engaging@{engaged}",
                "Won" => $"prospecting engaging@{engaged} won@{closed}",
                "Lost" => $"prospecting engaging@{engaged} lost@{closed}",
                _ => throw new InvalidDataException(f[4]),
            };
            builder.Add(1, path, ("owner", f[1]));
        }

        var now = new DateTimeOffset(2026, 11, 26, 0, 0, 0, TimeSpan.Zero);
        var report = FunnelEngine.Compute(builder.Snapshot(), new FunnelQuery(), now);

        Assert.Equal(FunnelBuilder.Day0.AddDays(Day("2017-12-31")), report.AsOf);
        Assert.Equal((8800L, 4238L, 2473L, 2089L), (report.Total.Deals, report.Total.Won, report.Total.Lost, report.Total.Open));
        Assert.Equal(0.6315, report.Total.WinRate!.Value, 4);
        var (prospecting, engaging, won) = (report.Total.Stages[0], report.Total.Stages[1], report.Total.Stages[2]);
        Assert.Equal((8800L, 500L), (prospecting.Entered, prospecting.Open!.Value));
        Assert.Equal((8300L, 1589L, 2473L), (engaging.Entered, engaging.Open!.Value, engaging.Lost!.Value));
        Assert.Equal(4238, won.Entered);
        // The README's median over the 6,711 closed deals is the naive figure; the 1,589 deals still
        // engaging at the end of 2017 are censored stays, so the Kaplan–Meier median is longer.
        Assert.Equal(45, engaging.NaiveMedianDays);
        Assert.Equal(1589, engaging.Survival!.Censored);
        Assert.True(engaging.MedianDays > engaging.NaiveMedianDays + 10, $"KM median {engaging.MedianDays}");
        Assert.Equal(30, builder.Compute(new FunnelQuery { By = "owner" }).Groups!.Count);
    }

    /// <summary>Days after <see cref="FunnelBuilder.Day0"/> (2026-01-01, any fixed origin will do); "" stays unknown.</summary>
    private static int Day(string date) =>
        date.Length == 0 ? 0 : (int)(DateTime.ParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture) - FunnelBuilder.Day0.UtcDateTime).TotalDays;
}
