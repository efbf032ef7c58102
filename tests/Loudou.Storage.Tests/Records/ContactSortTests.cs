using Loudou.Core.Access;
using Loudou.Storage.Accounts;
using Loudou.Storage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Storage.Tests.Records;

/// <summary>The contact list's orders: by name or by account name, either way, each page disjoint.</summary>
public class ContactSortTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Contacts_sort_by_name_or_by_account_either_way_as_a_plain_order_of_the_rows_does(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await AccessWorld.CreateAsync(database);
        await using var db = LoudouDatabase.CreateContext(database.Target, AccessScope.Everything);
        var store = new ContactStore(db, TimeProvider.System);
        var rows = await db.Contacts.AsNoTracking().Select(c => new { c.Id, c.Name, Account = db.Accounts.Where(a => a.Id == c.AccountId).Select(a => a.Name).FirstOrDefault() }).ToListAsync();
        Assert.True(rows.Count > 2);

        foreach (var (sort, descending) in new[] { (ContactSort.Name, false), (ContactSort.Name, true), (ContactSort.Account, false), (ContactSort.Account, true) })
        {
            var expected = (sort, descending) switch
            {
                (ContactSort.Account, false) => rows.OrderBy(r => r.Account, StringComparer.Ordinal).ThenBy(r => r.Name, StringComparer.Ordinal).ThenBy(r => r.Id),
                (ContactSort.Account, true) => rows.OrderByDescending(r => r.Account, StringComparer.Ordinal).ThenByDescending(r => r.Name, StringComparer.Ordinal).ThenByDescending(r => r.Id),
                (_, true) => rows.OrderByDescending(r => r.Name, StringComparer.Ordinal).ThenByDescending(r => r.Id),
                _ => rows.OrderBy(r => r.Name, StringComparer.Ordinal).ThenBy(r => r.Id),
            };
            // Pages of two, read to the end: together they are the whole order, none repeated.
            var listed = new List<int>();
            for (var page = 1; page <= (rows.Count + 1) / 2; page++)
            {
                listed.AddRange((await store.ListAsync(null, null, sort, descending, page, 2)).Items.Select(c => c.Id));
            }

            Assert.Equal(expected.Select(r => r.Id), listed);
        }
    }
}
