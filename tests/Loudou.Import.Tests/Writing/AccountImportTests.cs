using System.Text;
using Loudou.Core.Import;
using Loudou.Import.Reading;
using Loudou.Import.Tests.Infrastructure;
using Loudou.Storage;
using Loudou.Storage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Import.Tests.Writing;

public class AccountImportTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Accounts_upsert_by_external_id_and_a_second_run_changes_nothing(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        TextEncodings.Register();
        var path = ImportRun.TempFile("客户.csv",
            "external_id,name,industry,region,credit_code\nK-1,华为技术有限公司,电信设备,广东,914403001922038216\nK-2,比亚迪股份有限公司,汽车,,\n",
            Encoding.GetEncoding("GB18030"));

        var first = await ImportRun.RunAsync(database, ImportEntity.Accounts, "generic", [path]);
        var once = await ImportRun.SnapshotAsync(database);
        var second = await ImportRun.RunAsync(database, ImportEntity.Accounts, "generic", [path]);

        Assert.Equal((2L, 0L), (first.Created, first.Updated));
        Assert.Equal((0L, 0L, 2L), (second.Created, second.Updated, second.Unchanged));
        Assert.Equal(once, await ImportRun.SnapshotAsync(database));
        await using var db = database.NewContext();
        var huawei = await db.Accounts.SingleAsync(a => a.ExternalId == "K-1");
        Assert.Equal(("华为技术有限公司", "电信设备", "广东", "914403001922038216"), (huawei.Name, huawei.Industry, huawei.Region, huawei.CreditCode));
    }

    [Fact]
    public async Task A_changed_row_updates_the_account_and_a_bad_credit_code_is_a_located_error()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await ImportRun.RunAsync(database, ImportEntity.Accounts, "generic", [ImportRun.TempFile("a.csv", "external_id,name,region\nK-1,Acme,North\n")]);

        var changed = await ImportRun.RunAsync(database, ImportEntity.Accounts, "generic", [ImportRun.TempFile("a.csv", "external_id,name,region\nK-1,Acme Ltd,South\n")]);
        var broken = await ImportRun.RunAsync(database, ImportEntity.Accounts, "generic", [ImportRun.TempFile("b.csv", "external_id,name,credit_code\nK-2,Beta,12345\n")]);

        Assert.Equal(1, changed.Updated);
        var error = Assert.Single(broken.Issues);
        Assert.Equal((2L, "credit_code", "12345"), (error.Row, error.Column, error.Value));
        await using var db = database.NewContext();
        var account = await db.Accounts.SingleAsync();
        Assert.Equal(("Acme Ltd", "South"), (account.Name, account.Region));
    }
}
