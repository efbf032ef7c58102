using Loudou.Core.Pipelines;
using Loudou.Storage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Storage.Tests;

public class WorkspaceSeederTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_empty_database_gets_settings_the_default_pipeline_and_loss_reasons_once(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider, migrated: false);
        await using var db = database.NewContext();
        await LoudouDatabase.MigrateAsync(db, database.Target);

        Assert.True(await WorkspaceSeeder.EnsureAsync(db, new WorkspaceDefaults("Europe/Berlin", "EUR")));
        Assert.False(await WorkspaceSeeder.EnsureAsync(db, new WorkspaceDefaults()));

        var settings = await db.WorkspaceSettings.SingleAsync();
        var pipeline = await db.Pipelines.SingleAsync();
        Assert.Equal(("Europe/Berlin", "EUR"), (settings.TimeZoneId, settings.BaseCurrency));
        Assert.Equal(pipeline.Id, settings.DefaultPipelineId);
        Assert.Equal(BuiltinPipelines.Default.Stages.Select(s => s.Key), pipeline.Stages.Select(s => s.Key));
        Assert.Equal("线索获取", pipeline.Stages[0].Name.ZhCn);
        Assert.Contains(await db.LossReasons.ToListAsync(), r => r.Key == "price");
        Assert.Equal(0, await db.Deals.CountAsync());
        Assert.Equal(0, await db.Users.CountAsync());
    }
}
