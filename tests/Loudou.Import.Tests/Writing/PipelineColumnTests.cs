using Loudou.Core.Import;
using Loudou.Core.Pipelines;
using Loudou.Import.Tests.Infrastructure;
using Loudou.Storage;
using Loudou.Storage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Import.Tests.Writing;

/// <summary>The generic preset's pipeline column: a row's own pipeline unless --pipeline names one for all (docs/import.md).</summary>
public class PipelineColumnTests
{
    private static async Task<TestDatabase> WithTwoPipelinesAsync()
    {
        var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var db = database.NewContext();
        db.Pipelines.Add(Pipeline.Create(BuiltinPipelines.Template("b2b-software")!));
        await db.SaveChangesAsync();
        return database;
    }

    [Fact]
    public async Task An_unknown_pipeline_is_an_error_naming_row_and_column_and_nothing_is_written()
    {
        await using var database = await WithTwoPipelinesAsync();
        var before = await ImportRun.SnapshotAsync(database);
        var file = ImportRun.TempFile("deals.csv", "external_id,name,pipeline,stage\nU-1,One,default,lead\nU-2,Two,nope,lead\nU-3,Three,,lead\n");

        var result = await ImportRun.RunAsync(database, ImportEntity.Deals, "generic", [file]);

        Assert.False(result.Written);
        var error = Assert.Single(result.Issues);
        Assert.Equal((3L, "pipeline", "nope"), (error.Row, error.Column, error.Value));
        Assert.Contains("b2b-software, default", error.Reason, StringComparison.Ordinal);
        Assert.Equal(3, result.Rows);
        Assert.Equal(before, await ImportRun.SnapshotAsync(database));
    }

    [Fact]
    public async Task With_skip_invalid_the_rows_go_to_their_pipelines_and_an_empty_cell_to_the_default_one()
    {
        await using var database = await WithTwoPipelinesAsync();
        var file = ImportRun.TempFile("deals.csv", "external_id,name,pipeline,stage\nU-1,One,b2b-software,demo\nU-2,Two,nope,lead\nU-3,Three,,proposal\n");

        var result = await ImportRun.RunAsync(database, ImportEntity.Deals, "generic", [file], r => r with { SkipInvalid = true });

        Assert.True(result.Written);
        Assert.Equal((3L, 2L, 2L), (result.Rows, result.ValidRows, result.Created));
        Assert.Equal(new() { ["U-1"] = "b2b-software", ["U-3"] = "default" }, await PipelinesAsync(database));
    }

    [Fact]
    public async Task The_pipeline_option_wins_over_the_column()
    {
        await using var database = await WithTwoPipelinesAsync();
        var file = ImportRun.TempFile("deals.csv", "external_id,name,pipeline,stage\nO-1,One,b2b-software,lead\nO-2,Two,nope,lead\n");

        var result = await ImportRun.RunAsync(database, ImportEntity.Deals, "generic", [file], r => r with { Pipeline = "default" });

        Assert.True(result.Written, string.Join("\n", result.Issues));
        Assert.Equal(new() { ["O-1"] = "default", ["O-2"] = "default" }, await PipelinesAsync(database));
    }

    [Fact]
    public async Task One_external_id_in_two_pipelines_is_an_error_on_its_second_row()
    {
        await using var database = await WithTwoPipelinesAsync();
        var file = ImportRun.TempFile("deals.csv", "external_id,name,pipeline,stage\nD-1,One,default,lead\nD-1,One again,b2b-software,lead\n");

        var result = await ImportRun.RunAsync(database, ImportEntity.Deals, "generic", [file]);

        Assert.False(result.Written);
        var error = Assert.Single(result.Issues);
        Assert.Equal((3L, "external_id", "D-1"), (error.Row, error.Column, error.Value));
        Assert.Contains("row 2", error.Reason, StringComparison.Ordinal);
    }

    private static async Task<Dictionary<string, string>> PipelinesAsync(TestDatabase database)
    {
        await using var db = database.NewContext();
        var keys = await db.Pipelines.AsNoTracking().ToDictionaryAsync(p => p.Id, p => p.Key);
        return (await db.Deals.AsNoTracking().Select(d => new { d.ExternalId, d.PipelineId }).ToListAsync()).ToDictionary(d => d.ExternalId!, d => keys[d.PipelineId]);
    }
}
