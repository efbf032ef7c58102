using System.Globalization;
using Loudou.Core.Import;
using Loudou.Core.Pipelines;
using Loudou.Import.Tests.Infrastructure;
using Loudou.Storage;
using Loudou.Storage.Tests.Infrastructure;
using Loudou.Testing;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Import.Tests.Presets;

/// <summary>The olist preset on the real files (../shared/data/olist-funnel), against the facts its README gives.</summary>
public class OlistPresetTests
{
    private static IReadOnlyList<string> Paths() =>
    [
        Path.Combine(DataSets.Path("olist-funnel"), "olist_marketing_qualified_leads_dataset.csv"),
        Path.Combine(DataSets.Path("olist-funnel"), "olist_closed_deals_dataset.csv"),
    ];

    [DataSetTheory("olist-funnel")]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Every_mql_is_a_deal_and_842_of_8000_are_won_a_win_rate_of_10_53_percent(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);

        var result = await ImportRun.RunAsync(database, ImportEntity.Deals, "olist", Paths());

        Assert.True(result.Written, string.Join("\n", result.Issues));
        await using var db = database.NewContext();
        var byStage = await ImportRun.DealsByStageAsync(db, "olist");
        Assert.Equal((842, 7158), (byStage["won"], byStage["lost"]));
        var winRate = (double)byStage["won"] / (byStage["won"] + byStage["lost"]);
        Assert.Equal("10.53%", winRate.ToString("0.00%", CultureInfo.InvariantCulture));
        Assert.Equal(8000, await db.Deals.CountAsync(d => d.Source == "olist" && d.CreatedAt != null));
    }

    [DataSetFact("olist-funnel")]
    public async Task A_never_closed_mql_is_lost_as_not_converted_at_the_end_of_the_data_set()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);

        await ImportRun.RunAsync(database, ImportEntity.Deals, "olist", Paths());

        await using var db = database.NewContext();
        var reason = await db.LossReasons.SingleAsync(r => r.Key == "not-converted");
        var lost = await db.Deals.Where(d => d.LossReasonId == reason.Id).Select(d => d.ClosedAt).ToListAsync();
        Assert.Equal(7158, lost.Count);
        // The latest won_date, 2018-11-14 18:04:19, read in the workspace's time zone (Asia/Shanghai).
        var end = new DateTimeOffset(2018, 11, 14, 18, 4, 19, TimeSpan.FromHours(8));
        Assert.All(lost, at => Assert.Equal(end, at));
    }

    [DataSetFact("olist-funnel")]
    public async Task The_win_dated_before_its_first_contact_is_a_located_warning_and_stays_a_win()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);

        var result = await ImportRun.RunAsync(database, ImportEntity.Deals, "olist", Paths());

        var warning = Assert.Single(result.Issues);
        Assert.Equal(ImportSeverity.Warning, warning.Severity);
        Assert.Equal(("olist_closed_deals_dataset.csv", "won_date"), (warning.File, warning.Column));
        Assert.True(warning.Row > 1);
        Assert.Equal(842, result.Created - 7158);
        await using var db = database.NewContext();
        var pipeline = await db.Pipelines.AsNoTracking().SingleAsync(p => p.Key == "olist");
        var won = pipeline.FindStage("won")!;
        Assert.Equal(842, await db.Deals.CountAsync(d => d.StageId == won.Id && d.ClosedAt != null));
        Assert.Equal(StageKind.Won, won.Kind);
    }

    [DataSetFact("olist-funnel")]
    public async Task Origins_become_channels_with_blank_apart_from_the_literal_unknown()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);

        await ImportRun.RunAsync(database, ImportEntity.Deals, "olist", Paths());

        await using var db = database.NewContext();
        Assert.Equal(60, await db.Deals.CountAsync(d => d.Source == "olist" && d.ChannelId == null));
        var unknown = await db.Channels.SingleAsync(c => c.Name == "unknown");
        Assert.Equal(1099, await db.Deals.CountAsync(d => d.ChannelId == unknown.Id));
        Assert.Equal(22, await db.Users.CountAsync());
    }
}
