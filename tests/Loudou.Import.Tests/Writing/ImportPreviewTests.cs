using Loudou.Core.Import;
using Loudou.Import.Tests.Infrastructure;
using Loudou.Storage;
using Loudou.Storage.Tests.Infrastructure;

namespace Loudou.Import.Tests.Writing;

/// <summary>A preview is the checking pass stopped after a few rows: values read as the import reads them, problems beside their row, nothing written.</summary>
public class ImportPreviewTests
{
    private const string Header = "external_id,name,account,channel,owner,amount,currency,created_at,stage,stage_date,loss_reason,tags";

    [Fact]
    public async Task The_first_rows_come_back_resolved_or_with_their_errors_and_the_rest_is_not_read()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var path = ImportRun.TempFile("deals.csv", Header + "\n" + string.Join("\n",
            "P-1,Good deal,,,,3.5万,,2024年5月3日,won,2024-06-01,,",
            "P-2,Bad amount,,,,lots,,2024-05-03,lead,,,",
            "P-3,Third,,,,1,,2024-05-03,lead,,,",
            "P-4,Bad date never read,,,,1,,2024-13-45,lead,,,") + "\n");
        var before = await ImportRun.SnapshotAsync(database);

        var result = await ImportRun.RunAsync(database, ImportEntity.Deals, "generic", [path], r => r with { PreviewRows = 3 });

        Assert.False(result.Written);
        Assert.Equal(3, result.Preview.Count);
        var first = Assert.IsType<DealRow>(result.Preview[0].Record);
        Assert.Equal((35_000m, new DateTimeOffset(2024, 5, 3, 0, 0, 0, TimeSpan.FromHours(8))), (first.Amount, first.CreatedAt));
        Assert.Equal("won", first.Steps[^1].StageKey);
        Assert.Null(result.Preview[1].Record);
        var error = Assert.Single(result.Preview[1].Issues);
        Assert.Equal((3L, "amount", "lots"), (error.Row, error.Column, error.Value));
        Assert.DoesNotContain(result.Issues, i => i.Row == 5);
        Assert.Equal(before, await ImportRun.SnapshotAsync(database));
    }

    [Fact]
    public async Task Accounts_preview_through_the_same_pass()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var path = ImportRun.TempFile("accounts.csv", "external_id,name,industry\nA-1,华为,制造\nA-2,,制造\nA-3,腾讯,互联网\n");

        var result = await ImportRun.RunAsync(database, ImportEntity.Accounts, "generic", [path], r => r with { PreviewRows = 2 });

        Assert.Equal(2, result.Preview.Count);
        Assert.Equal("华为", Assert.IsType<AccountRow>(result.Preview[0].Record).Name);
        Assert.NotEmpty(result.Preview[1].Issues);
        Assert.Equal(2, result.Rows);
    }
}
