using Loudou.Core.Import;
using Loudou.Import.Tests.Infrastructure;
using Loudou.Storage;
using Loudou.Storage.Tests.Infrastructure;
using Loudou.Testing;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Import.Tests.Presets;

/// <summary>The maven-crm preset on the real four files (../shared/data/maven-crm), against the facts its README gives.</summary>
public class MavenCrmPresetTests
{
    private static readonly string[] Files = ["sales_pipeline.csv", "accounts.csv", "products.csv", "sales_teams.csv"];

    private static IReadOnlyList<string> Paths(params string[] names) => [.. names.Select(n => Path.Combine(DataSets.Path("maven-crm"), n))];

    [DataSetTheory("maven-crm")]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_four_files_import_with_the_readmes_stage_counts_and_revenue(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);

        var result = await ImportRun.RunAsync(database, ImportEntity.Deals, "maven-crm", Paths(Files));

        Assert.True(result.Written, string.Join("\n", result.Issues));
        Assert.Empty(result.Issues);
        Assert.Equal((8800L, 8800L, 23_811L), (result.Rows, result.Created, result.HistoryAdded));
        await using var db = database.NewContext();
        var byStage = await ImportRun.DealsByStageAsync(db, "maven-crm");
        Assert.Equal(4238, byStage["won"]);
        Assert.Equal(2473, byStage["lost"]);
        Assert.Equal(1589, byStage["engaging"]);
        Assert.Equal(500, byStage["prospecting"]);
        var wonStage = await db.Stages.SingleAsync(s => s.Key == "won" && db.Pipelines.Any(p => p.Id == s.PipelineId && p.Key == "maven-crm"));
        var revenue = (await db.Deals.Where(d => d.StageId == wonStage.Id).Select(d => d.Amount).ToListAsync()).Sum();
        Assert.Equal(10_005_534m, revenue);
        Assert.Equal(0, await db.Deals.CountAsync(d => d.Source == "maven-crm" && d.CreatedAt != null));
        Assert.Equal(30, await db.Deals.Where(d => d.OwnerId != null).Select(d => d.OwnerId).Distinct().CountAsync());
        Assert.Equal(1425, await db.Deals.CountAsync(d => d.Source == "maven-crm" && d.AccountId == null));
    }

    [DataSetFact("maven-crm")]
    public async Task The_GTXPro_key_joins_products_as_GTX_Pro_so_no_deal_loses_its_product()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);

        await ImportRun.RunAsync(database, ImportEntity.Deals, "maven-crm", Paths(Files));

        await using var db = database.NewContext();
        var gtxPro = await db.Products.SingleAsync(p => p.Name == "GTX Pro");
        Assert.Equal(("GTX", 4821m), (gtxPro.Series, gtxPro.ListPrice));
        Assert.Equal(1480, await db.DealProducts.CountAsync(p => p.ProductId == gtxPro.Id));
        Assert.Equal(8800, await db.DealProducts.CountAsync());
        Assert.Equal(7, await db.Products.CountAsync());
        Assert.False(await db.Products.AnyAsync(p => p.Name == "GTXPro"));
    }

    [DataSetFact("maven-crm")]
    public async Task Accounts_get_sector_and_office_with_the_readmes_typos_mapped_and_agents_their_regional_team()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);

        await ImportRun.RunAsync(database, ImportEntity.Deals, "maven-crm", Paths(Files));

        await using var db = database.NewContext();
        Assert.Equal(85, await db.Accounts.CountAsync(a => a.Source == "maven-crm"));
        Assert.Equal(12, await db.Accounts.CountAsync(a => a.Industry == "technology"));
        Assert.False(await db.Accounts.AnyAsync(a => a.Industry == "technolgy" || a.Region == "Philipines"));
        Assert.True(await db.Accounts.AnyAsync(a => a.Name == "dambase"));
        var teams = await db.Teams.Select(t => t.Name).OrderBy(n => n).ToListAsync();
        Assert.Equal(["Central", "East", "West"], teams);
        var moses = await db.Users.Include(u => u.Team).SingleAsync(u => u.DisplayName == "Moses Frase");
        Assert.NotNull(moses.Team);
    }

    [DataSetFact("maven-crm")]
    public async Task Files_are_recognised_by_their_header_in_any_order_and_under_any_name()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var folder = Path.GetDirectoryName(ImportRun.TempFile("x", ""))!;
        var renamed = Paths(Files).Reverse().Select((p, i) =>
        {
            var copy = Path.Combine(folder, $"export-{i}.csv");
            File.Copy(p, copy);
            return copy;
        }).ToList();

        var result = await ImportRun.RunAsync(database, ImportEntity.Deals, "maven-crm", renamed);

        Assert.Equal(8800, result.Created);
    }

    [DataSetTheory("maven-crm")]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Importing_the_same_files_twice_leaves_the_database_as_after_once(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await ImportRun.RunAsync(database, ImportEntity.Deals, "maven-crm", Paths(Files));
        var once = await ImportRun.SnapshotAsync(database);

        var again = await ImportRun.RunAsync(database, ImportEntity.Deals, "maven-crm", Paths(Files));

        Assert.Equal((0L, 0L, 8800L, 0L), (again.Created, again.Updated, again.Unchanged, again.HistoryAdded));
        Assert.Equal(once, await ImportRun.SnapshotAsync(database));
    }

    [DataSetFact("maven-crm")]
    public async Task Leaving_out_a_side_file_is_an_error_naming_the_columns_it_needs_and_writes_nothing()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var before = await ImportRun.SnapshotAsync(database);

        var result = await ImportRun.RunAsync(database, ImportEntity.Deals, "maven-crm", Paths("sales_pipeline.csv", "accounts.csv", "products.csv"));

        Assert.False(result.Written);
        var error = Assert.Single(result.Issues);
        Assert.Contains("sales_agent, manager, regional_office", error.Reason);
        Assert.Equal(before, await ImportRun.SnapshotAsync(database));
    }

    [DataSetFact("maven-crm")]
    public async Task One_audit_entry_records_the_import_not_one_per_row()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);

        await ImportRun.RunAsync(database, ImportEntity.Deals, "maven-crm", Paths(Files));

        await using var db = database.NewContext();
        var entry = await db.AuditEntries.SingleAsync();
        Assert.Equal(("import", "maven-crm", Core.Access.AuditAction.Import), (entry.EntityType, entry.EntityId, entry.Action));
        Assert.Contains("\"created\":8800", entry.After);
        Assert.Contains("sales_teams.csv", entry.After);
        Assert.Contains("\"by\":\"test\"", entry.After);
    }
}
