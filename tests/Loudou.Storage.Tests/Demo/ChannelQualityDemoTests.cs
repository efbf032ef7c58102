using System.Globalization;
using Loudou.Core.Analytics;
using Loudou.Core.Demo;
using Loudou.Storage.Analytics;
using Loudou.Storage.Catalog;

namespace Loudou.Storage.Tests.Demo;

/// <summary>Channel quality on the demo, on the host's columnar snapshot, against plain SQL over the same SQLite file.</summary>
public class ChannelQualityDemoTests(DemoFixture demo) : IClassFixture<DemoFixture>
{
    private static readonly DateOnly From = new(2026, 9, 1);
    private static readonly DateOnly To = new(2026, 11, 1);

    [Fact]
    public void The_demo_has_a_cost_row_per_channel_for_every_month_its_data_touches()
    {
        var rows = demo.Query("SELECT count(*), count(DISTINCT month), min(month), max(month), min(CAST(amount AS REAL)) FROM channel_costs")[0];

        Assert.Equal((19 * 6L, 19L, "2025-05-01", "2026-11-01"), (Convert.ToInt64(rows[0], CultureInfo.InvariantCulture), Convert.ToInt64(rows[1], CultureInfo.InvariantCulture), rows[2], rows[3]));
        Assert.True(Convert.ToDouble(rows[4], CultureInfo.InvariantCulture) > 0);
        var distinct = demo.Query("SELECT count(DISTINCT amount) FROM channel_costs c JOIN channels ch ON ch.id = c.channel_id WHERE ch.name = @name", ("@name", DemoCast.Channels[0].Name));
        Assert.True(Convert.ToInt64(distinct[0][0], CultureInfo.InvariantCulture) > 3, "a channel's cost varies by month");
    }

    [Fact]
    public async Task Leads_won_deals_amounts_and_costs_per_channel_equal_plain_sql()
    {
        await using var db = demo.Database.NewContext();
        var snapshot = await FunnelColumnsLoader.LoadAsync(db, null, 1);
        var costs = await new ChannelCostStore(db).ReadAsync(From, To);
        var asOf = snapshot.Calendar.StartOf(DemoFixture.Options.AsOf.AddDays(1)).AddTicks(-10);
        var query = new ChannelQualityQuery { FromMonth = From, ToMonth = To, BaseCurrency = "CNY", AsOf = asOf };

        var report = ChannelQuality.Compute(snapshot, costs, query, asOf);

        var (start, end) = (DemoFixture.Sql(snapshot.Calendar.StartOf(From)), DemoFixture.Sql(snapshot.Calendar.StartOf(To.AddMonths(1))));
        var sql = demo.Query("""
            SELECT ch.name, count(*), sum(CASE WHEN s.kind = 'Won' THEN 1 ELSE 0 END), sum(CASE WHEN s.kind = 'Won' THEN CAST(d.amount AS REAL) ELSE 0 END),
                   (SELECT sum(CAST(c.amount AS REAL)) FROM channel_costs c WHERE c.channel_id = ch.id AND c.month BETWEEN @from AND @to)
            FROM deals d JOIN channels ch ON ch.id = d.channel_id JOIN stages s ON s.id = d.stage_id
            WHERE d.created_at >= @start AND d.created_at < @end
            GROUP BY ch.id, ch.name ORDER BY ch.name
            """, ("@from", "2026-09-01"), ("@to", "2026-11-01"), ("@start", start), ("@end", end));

        Assert.Equal(6, report.Channels.Count);
        Assert.Equal(sql.Select(r => (string)r[0]!), report.Channels.Select(c => c.Channel));
        foreach (var (row, channel) in sql.Zip(report.Channels))
        {
            var (leads, won, amount, cost) = (Convert.ToInt64(row[1], CultureInfo.InvariantCulture), Convert.ToInt64(row[2], CultureInfo.InvariantCulture),
                Convert.ToDecimal(row[3], CultureInfo.InvariantCulture), Convert.ToDecimal(row[4], CultureInfo.InvariantCulture));
            Assert.Equal((leads, won, amount, cost), (channel.Leads, channel.Won, channel.WonAmount, channel.Cost!.Value));
            Assert.Equal(Math.Round(cost / leads, 2), channel.CostPerLead);
            Assert.Equal(Math.Round(cost / won, 2), channel.CostPerWon);
            Assert.Equal((double)((amount - cost) / cost), channel.ReturnOnCost!.Value, 9);
        }
        // Planted effect 2: the feed ads bring the most leads at the highest cost per won deal.
        var feed = report.Channels.Single(c => c.Channel == DemoCast.Channels[0].Name);
        Assert.Equal(report.Channels.Max(c => c.Leads), feed.Leads);
        Assert.True(feed.Stages[0].CiHigh < report.Total.Stages[0].Conversion);
    }
}
