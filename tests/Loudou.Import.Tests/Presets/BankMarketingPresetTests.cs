using Loudou.Core.Import;
using Loudou.Import.Tests.Infrastructure;
using Loudou.Storage;
using Loudou.Storage.Tests.Infrastructure;
using Loudou.Testing;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Import.Tests.Presets;

/// <summary>The bank-marketing preset on the real files (../shared/data/bank-marketing).</summary>
public class BankMarketingPresetTests
{
    private static string File(string name) => Path.Combine(DataSets.Path("bank-marketing"), name);

    [DataSetTheory("bank-marketing")]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_45211_leads_import_with_5289_subscribed_and_a_second_run_changes_nothing(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);

        var first = await ImportRun.RunAsync(database, ImportEntity.Deals, "bank-marketing", [File("bank-full.csv")]);
        var once = await ImportRun.SnapshotAsync(database);
        var second = await ImportRun.RunAsync(database, ImportEntity.Deals, "bank-marketing", [File("bank-full.csv")]);

        Assert.Equal((45_211L, 45_211L, 90_422L), (first.Rows, first.Created, first.HistoryAdded));
        Assert.Equal((0L, 45_211L), (second.Created, second.Unchanged));
        Assert.Equal(once, await ImportRun.SnapshotAsync(database));
        await using var db = database.NewContext();
        var byStage = await ImportRun.DealsByStageAsync(db, "bank-marketing");
        Assert.Equal((5289, 39_922), (byStage["subscribed"], byStage["declined"]));
        Assert.Equal(0, await db.Deals.CountAsync(d => d.CreatedAt != null || d.ClosedAt != null));
    }

    [DataSetFact("bank-marketing")]
    public async Task The_external_id_is_the_file_name_and_row_number_so_the_sample_does_not_overwrite_the_full_file()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);

        await ImportRun.RunAsync(database, ImportEntity.Deals, "bank-marketing", [File("bank.csv")]);
        await ImportRun.RunAsync(database, ImportEntity.Deals, "bank-marketing", [File("bank-additional.csv")]);

        await using var db = database.NewContext();
        Assert.Equal(4521 + 4119, await db.Deals.CountAsync());
        var first = await db.Deals.SingleAsync(d => d.ExternalId == "bank.csv:2");
        Assert.Equal("unemployed 30", first.Name);
        Assert.True(await db.Deals.AnyAsync(d => d.ExternalId == "bank-additional.csv:4120"));
    }
}
