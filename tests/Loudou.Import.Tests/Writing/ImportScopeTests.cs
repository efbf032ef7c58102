using Loudou.Core;
using Loudou.Core.Access;
using Loudou.Core.Import;
using Loudou.Storage;
using Loudou.Storage.Tests.Infrastructure;
using Loudou.Testing;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Import.Tests.Writing;

public class ImportScopeTests
{
    [DataSetFact("maven-crm")]
    public async Task An_import_in_a_scope_narrower_than_the_whole_workspace_is_refused_before_reading_a_file()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var world = await AccessWorld.CreateAsync(database);
        var request = new ImportRequest(ImportEntity.Deals, [Path.Combine(DataSets.Path("maven-crm"), "sales_pipeline.csv")], ImportPresets.Load("maven-crm", ImportEntity.Deals), "preset maven-crm", By: "ann");
        await using var db = LoudouDatabase.CreateContext(database.Target, world.ScopeOf("max"));

        var refusal = await Assert.ThrowsAsync<DomainRuleException>(() => new ImportEngine(db).RunAsync(request));

        Assert.Contains("whole workspace", refusal.Message);
        await using var all = database.NewContext();
        Assert.Equal(8, await all.Deals.CountAsync());
        Assert.True(world.ScopeOf("root").SeesAll && !AccessScope.Nobody.SeesAll);
    }
}
