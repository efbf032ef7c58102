using System.Text;
using Loudou.Core.Import;
using Loudou.Import.Reading;
using Loudou.Import.Tests.Infrastructure;
using Loudou.Storage;
using Loudou.Storage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Import.Tests.Writing;

public class ContactImportTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Contacts_link_to_their_imported_accounts_upsert_by_external_id_and_a_second_run_changes_nothing(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        TextEncodings.Register();
        await ImportRun.RunAsync(database, ImportEntity.Accounts, "generic", [ImportRun.TempFile("客户.csv", "external_id,name\nK-1,华为技术有限公司\nK-2,比亚迪股份有限公司\n")]);
        var path = ImportRun.TempFile("联系人.csv",
            "external_id,name,account,title,phone,email,wechat\nC-1,王小明,K-1,采购经理,+86 138 0000 0000,wang@example.cn,wxm\nC-2,李华,,,,,\n",
            Encoding.GetEncoding("GB18030"));

        var first = await ImportRun.RunAsync(database, ImportEntity.Contacts, "generic", [path]);
        var second = await ImportRun.RunAsync(database, ImportEntity.Contacts, "generic", [path]);
        var moved = await ImportRun.RunAsync(database, ImportEntity.Contacts, "generic", [ImportRun.TempFile("c.csv", "external_id,name,account\nC-1,王小明,K-2\n")]);

        Assert.Equal((2L, 0L), (first.Created, first.Updated));
        Assert.Equal((0L, 0L, 2L), (second.Created, second.Updated, second.Unchanged));
        Assert.Equal(1L, moved.Updated);
        await using var db = database.NewContext();
        var wang = await db.Contacts.SingleAsync(c => c.ExternalId == "C-1");
        var byd = await db.Accounts.SingleAsync(a => a.ExternalId == "K-2");
        Assert.Equal(("王小明", byd.Id, "采购经理", "+86 138 0000 0000", "wang@example.cn", "wxm"), (wang.Name, wang.AccountId!.Value, wang.Title, wang.Phone, wang.Email, wang.WeChat));
        Assert.Equal(2, await db.Contacts.CountAsync());
    }

    [Fact]
    public async Task An_unknown_account_or_a_bad_email_is_a_located_error_and_nothing_is_written()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var path = ImportRun.TempFile("c.csv", "external_id,name,account,email\nC-1,Ann,K-9,\nC-2,Bob,,bob-at-example\nC-3,Cy,,\n");

        var result = await ImportRun.RunAsync(database, ImportEntity.Contacts, "generic", [path]);

        Assert.Equal([(2L, "account", "K-9"), (3L, "email", "bob-at-example")], result.Issues.Select(i => (i.Row, i.Column, i.Value)));
        Assert.Contains("import the accounts first", result.Issues[0].Reason);
        await using var db = database.NewContext();
        Assert.Equal(0, await db.Contacts.CountAsync());
    }
}
