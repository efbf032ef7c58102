using System.Text;
using Loudou.Core.Import;
using Loudou.Import.Reading;
using Loudou.Import.Tests.Infrastructure;
using Loudou.Storage;
using Loudou.Storage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Import.Tests.Presets;

/// <summary>The generic preset: Loudou's own columns into the default pipeline.</summary>
public class GenericPresetTests
{
    private const string Header = "external_id,name,account,channel,owner,amount,currency,created_at,stage,stage_date,loss_reason,tags";

    private static string Csv(params string[] rows) => Header + "\n" + string.Join("\n", rows) + "\n";

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_gb18030_file_with_chinese_names_imports_into_the_default_pipeline(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        TextEncodings.Register();
        var path = ImportRun.TempFile("商机.csv", Csv(
            "C-1,华为框架采购,华为技术有限公司,展会,韩梅梅,\"¥1,200,000\",CNY,2024年5月3日,线索获取,,,VIP、制造业",
            "C-2,腾讯云迁移,深圳市腾讯计算机系统有限公司,官网表单,李雷,35万,,2024/5/6,won,2024/6/30,,",
            "C-3,比亚迪车队,比亚迪股份有限公司,转介绍,韩梅梅,12.5万,CNY,2024-05-07,lost,2024-07-01 09:30,价格过高,"),
            Encoding.GetEncoding("GB18030"));

        var result = await ImportRun.RunAsync(database, ImportEntity.Deals, "generic", [path]);

        Assert.True(result.Written, string.Join("\n", result.Issues));
        Assert.Empty(result.Issues);
        await using var db = database.NewContext();
        var deals = await db.Deals.AsNoTracking().OrderBy(d => d.ExternalId).ToListAsync();
        Assert.Equal(["华为框架采购", "腾讯云迁移", "比亚迪车队"], deals.Select(d => d.Name));
        Assert.Equal([1_200_000m, 350_000m, 125_000m], deals.Select(d => d.Amount!.Value));
        Assert.Equal(new DateTimeOffset(2024, 5, 3, 0, 0, 0, TimeSpan.FromHours(8)), deals[0].CreatedAt);
        var settings = await db.WorkspaceSettings.SingleAsync();
        Assert.All(deals, d => Assert.Equal(settings.DefaultPipelineId, d.PipelineId));
        Assert.Equal(new DateTimeOffset(2024, 7, 1, 9, 30, 0, TimeSpan.FromHours(8)), deals[2].ClosedAt);
        var price = await db.LossReasons.SingleAsync(r => r.Key == "price");
        Assert.Equal(price.Id, deals[2].LossReasonId);
        Assert.Equal(2, await db.DealTags.CountAsync());
        Assert.True(await db.Accounts.AnyAsync(a => a.Name == "深圳市腾讯计算机系统有限公司"));
        Assert.Equal(["李雷", "韩梅梅"], await db.Users.Select(u => u.DisplayName).OrderBy(n => n).ToListAsync());
        Assert.Equal(2, await db.StageTransitions.CountAsync(t => t.DealId == deals[1].Id));
    }

    [Fact]
    public async Task One_bad_row_means_nothing_is_written_and_every_problem_is_reported_with_its_cell()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var path = ImportRun.TempFile("deals.csv", Csv(
            "A-1,Good deal,,,,100,,2024-05-03,lead,,,",
            "A-2,Bad amount,,,,lots,,2024-05-03,lead,,,",
            "A-3,Bad date,,,,100,,2024-13-45,lead,,,",
            "A-4,Bad stage,,,,100,,2024-05-03,somewhere,,,"));
        var before = await ImportRun.SnapshotAsync(database);

        var result = await ImportRun.RunAsync(database, ImportEntity.Deals, "generic", [path]);

        Assert.False(result.Written);
        Assert.Equal(
            [("deals.csv", 3L, "amount", "lots"), ("deals.csv", 4L, "created_at", "2024-13-45"), ("deals.csv", 5L, "stage", "somewhere")],
            result.Issues.Select(i => (i.File, i.Row, i.Column, i.Value)));
        Assert.All(result.Issues, i => Assert.Equal(ImportSeverity.Error, i.Severity));
        Assert.Equal(before, await ImportRun.SnapshotAsync(database));
    }

    [Fact]
    public async Task With_skip_invalid_the_valid_rows_are_written_and_the_rest_reported()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var path = ImportRun.TempFile("deals.csv", Csv(
            "A-1,Good deal,,,,100,,2024-05-03,lead,,,",
            "A-2,Bad amount,,,,-5,,2024-05-03,lead,,,",
            "A-3,Another good one,,,,,,,lead,,,"));

        var result = await ImportRun.RunAsync(database, ImportEntity.Deals, "generic", [path], r => r with { SkipInvalid = true });

        Assert.True(result.Written);
        Assert.Equal((3L, 2L, 2L), (result.Rows, result.ValidRows, result.Created));
        Assert.Equal(3, Assert.Single(result.Issues).Row);
        await using var db = database.NewContext();
        Assert.Equal(["A-1", "A-3"], await db.Deals.Select(d => d.ExternalId!).OrderBy(x => x).ToListAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_changed_row_updates_the_deal_and_a_changed_stage_appends_history(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var first = ImportRun.TempFile("deals.csv", Csv(
            "A-1,First name,,,,100,,2024-05-03,lead,,,",
            "A-2,Stays,,,,200,,2024-05-03,lead,,,"));
        var second = ImportRun.TempFile("deals.csv", Csv(
            "A-1,New name,,,,150,,2024-05-03,won,2024-06-01,,",
            "A-2,Stays,,,,200,,2024-05-03,lead,,,"));
        await ImportRun.RunAsync(database, ImportEntity.Deals, "generic", [first]);

        var result = await ImportRun.RunAsync(database, ImportEntity.Deals, "generic", [second]);

        Assert.Equal((0L, 1L, 1L, 1L), (result.Created, result.Updated, result.Unchanged, result.HistoryAdded));
        await using var db = database.NewContext();
        var deal = await db.Deals.Include(d => d.History).SingleAsync(d => d.ExternalId == "A-1");
        var won = await db.Stages.SingleAsync(s => s.Id == deal.StageId);
        Assert.Equal(("New name", 150m, "won", 1), (deal.Name, deal.Amount!.Value, won.Key, deal.Version));
        Assert.Equal(2, deal.History.Count);
        Assert.Equal(new DateTimeOffset(2024, 6, 1, 0, 0, 0, TimeSpan.FromHours(8)), deal.ClosedAt);
        var unchanged = await db.Deals.SingleAsync(d => d.ExternalId == "A-2");
        Assert.Equal(0, unchanged.Version);
    }

    [Fact]
    public async Task A_formula_looking_name_is_stored_as_text()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var path = ImportRun.TempFile("deals.csv", Csv("F-1,\"=cmd|' /C calc'!A0\",\"+SUM(1,2)\",,,,,,lead,,,"));

        var result = await ImportRun.RunAsync(database, ImportEntity.Deals, "generic", [path]);

        Assert.True(result.Written, string.Join("\n", result.Issues));
        await using var db = database.NewContext();
        Assert.Equal("=cmd|' /C calc'!A0", (await db.Deals.SingleAsync()).Name);
        Assert.True(await db.Accounts.AnyAsync(a => a.Name == "+SUM(1,2)"));
    }

    [Fact]
    public async Task Duplicate_external_ids_are_errors_on_the_later_rows_naming_the_first()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var path = ImportRun.TempFile("deals.csv", Csv("D-1,One,,,,,,,lead,,,", "D-2,Two,,,,,,,lead,,,", "D-1,Again,,,,,,,lead,,,"));

        var result = await ImportRun.RunAsync(database, ImportEntity.Deals, "generic", [path]);

        var error = Assert.Single(result.Issues);
        Assert.Equal((4L, "external_id", "D-1"), (error.Row, error.Column, error.Value));
        Assert.Contains("row 2", error.Reason);
        Assert.False(result.Written);
    }

    [Fact]
    public async Task A_named_pipeline_takes_the_deals_and_an_unknown_one_is_refused()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var path = ImportRun.TempFile("deals.csv", Csv("P-1,One,,,,,,,lead,,,"));

        var refused = await Assert.ThrowsAsync<ImportMappingException>(() => ImportRun.RunAsync(database, ImportEntity.Deals, "generic", [path], r => r with { Pipeline = "nope" }));

        Assert.Contains("no pipeline 'nope'", refused.Message);
    }
}
