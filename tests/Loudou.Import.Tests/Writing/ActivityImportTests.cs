using Loudou.Core.Activities;
using Loudou.Core.Import;
using Loudou.Import.Tests.Infrastructure;
using Loudou.Storage;
using Loudou.Storage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Import.Tests.Writing;

public class ActivityImportTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Activities_hang_off_imported_deals_and_a_second_run_adds_nothing(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await ImportRun.RunAsync(database, ImportEntity.Deals, "generic", [ImportRun.TempFile("deals.csv", "external_id,name,stage\nD-1,One,lead\n")]);
        var path = ImportRun.TempFile("activities.csv",
            "external_id,deal_external_id,kind,at,by,outcome,note\nA-1,D-1,电话,2024-05-03 10:00,韩梅梅,接通,\"=cmd|' /C calc'!A0\"\nA-2,D-1,Demo,2024/5/8 15:30,,,\n");

        var first = await ImportRun.RunAsync(database, ImportEntity.Activities, "generic", [path]);
        var once = await ImportRun.SnapshotAsync(database);
        var second = await ImportRun.RunAsync(database, ImportEntity.Activities, "generic", [path]);

        Assert.True(first.Written, string.Join("\n", first.Issues));
        Assert.Equal((2L, 0L, 2L), (first.Created, second.Created, second.Unchanged));
        Assert.Equal(once, await ImportRun.SnapshotAsync(database));
        await using var db = database.NewContext();
        var call = await db.Activities.SingleAsync(a => a.ExternalId == "A-1");
        Assert.Equal((ActivityKind.Call, "接通", "=cmd|' /C calc'!A0"), (call.Kind, call.Outcome, call.Note));
        Assert.Equal(new DateTimeOffset(2024, 5, 3, 10, 0, 0, TimeSpan.FromHours(8)), call.At);
        Assert.Equal("韩梅梅", (await db.Users.SingleAsync(u => u.Id == call.ByUserId)).DisplayName);
        Assert.Equal(2, await db.Activities.CountAsync());
    }

    [Fact]
    public async Task An_unknown_deal_or_kind_is_a_located_error_and_nothing_is_written()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await ImportRun.RunAsync(database, ImportEntity.Deals, "generic", [ImportRun.TempFile("deals.csv", "external_id,name,stage\nD-1,One,lead\n")]);
        var path = ImportRun.TempFile("activities.csv", "external_id,deal_external_id,kind,at\nA-1,D-1,Call,2024-05-03\nA-2,D-9,Call,2024-05-03\nA-3,D-1,Fax,2024-05-03\n");

        var result = await ImportRun.RunAsync(database, ImportEntity.Activities, "generic", [path]);

        Assert.False(result.Written);
        Assert.Equal([(3L, "deal_external_id"), (4L, "kind")], result.Issues.Select(i => (i.Row, i.Column)));
        await using var db = database.NewContext();
        Assert.Equal(0, await db.Activities.CountAsync());
    }
}
