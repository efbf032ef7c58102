using System.Data.Common;
using Loudou.Core.Access;
using Loudou.Storage.Access;
using Loudou.Storage.Accounts;
using Loudou.Storage.Activities;
using Loudou.Storage.Deals;
using Loudou.Storage.Records;
using Loudou.Storage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Loudou.Storage.Tests.Records;

/// <summary>
/// A write that another caller's deletion overtakes (the record, or the deal it belongs to, is deleted
/// after the write read it and before it saves) ends as "not found" or a named field, and writes nothing.
/// </summary>
public class DeletionRaceTests
{
    public static TheoryData<DatabaseProvider, string> Cases()
    {
        var cases = new TheoryData<DatabaseProvider, string>();
        foreach (var provider in new[] { DatabaseProvider.Sqlite, DatabaseProvider.Postgres })
        {
            foreach (var kind in new[] { "account update", "contact delete", "task update", "activity delete", "activity create", "task create", "contact create" })
            {
                cases.Add(provider, kind);
            }
        }
        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_write_overtaken_by_a_deletion_reads_as_gone_and_writes_nothing(DatabaseProvider provider, string kind)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var world = await AccessWorld.CreateAsync(database);
        var target = await TargetAsync(database, world, kind);
        var race = new DeletionRace(() => DeleteAsync(database, world, kind, target));

        WriteResult result;
        await using (var db = Context(database, world.ScopeOf("root"), race))
        {
            result = await WriteAsync(db, kind, target);
        }

        Assert.True(race.Ran, "the deletion did not run between the read and the save");
        if (kind is "task create" or "contact create")
        {
            Assert.Equal(WriteStatus.Invalid, result.Status);
            Assert.Contains("deleted a moment ago", Assert.Single(result.Errors!).Value[0], StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal(WriteStatus.NotFound, result.Status);
        }
        // Nothing of the write is left: only the deletion's own audit entries follow the world's.
        await using var check = LoudouDatabase.CreateContext(database.Target, world.ScopeOf("root"));
        Assert.Equal(race.AuditAfterDeletion, await check.AuditEntries.CountAsync());
        Assert.Equal(race.RowsAfterDeletion, await RowsAsync(check));
    }

    /// <summary>The id the write works on: the record itself, or the deal or account a new record would belong to.</summary>
    private static async Task<long> TargetAsync(TestDatabase database, AccessWorld world, string kind)
    {
        await using var db = LoudouDatabase.CreateContext(database.Target, world.ScopeOf("root"));
        var deal = world.Deals["N1"];
        return kind switch
        {
            "account update" => world.Accounts["NorthOnly"],
            "contact delete" => await db.Contacts.Where(c => c.AccountId == world.Accounts["Orphan"]).Select(c => c.Id).FirstAsync(),
            "task update" => await db.DealTasks.Where(t => t.DealId == deal).Select(t => t.Id).FirstAsync(),
            "activity delete" => await db.Activities.Where(a => a.DealId == deal).Select(a => a.Id).FirstAsync(),
            "contact create" => world.Accounts["Orphan"],
            _ => deal,
        };
    }

    private static async Task<WriteResult> WriteAsync(LoudouDbContext db, string kind, long target)
    {
        var clock = TimeProvider.System;
        return kind switch
        {
            "account update" => await new AccountStore(db, clock).UpdateAsync(target, new AccountFields(new HashSet<string> { "region" }, Region: "华东")),
            "contact delete" => await new ContactStore(db, clock).DeleteAsync(target),
            "task update" => await new TaskStore(db, clock).UpdateAsync(target, new TaskFields(new HashSet<string> { "title" }, Title: "Call back on Monday")),
            "activity delete" => await new ActivityStore(db, clock).DeleteAsync(target),
            "activity create" => await new ActivityStore(db, clock).CreateAsync(target, new ActivityDraft("call")),
            "task create" => await new TaskStore(db, clock).CreateAsync(target, new TaskFields(new HashSet<string> { "title" }, Title: "Send the proposal")),
            "contact create" => await new ContactStore(db, clock).CreateAsync(new ContactFields(new HashSet<string> { "name", "account" }, Name: "Li Lei", AccountId: target)),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
    }

    /// <summary>Another caller's deletion, through a connection of its own, as another host would make it.</summary>
    /// <returns>The audit entries and records the database holds after the deletion.</returns>
    private static async Task<(int Audit, int Rows)> DeleteAsync(TestDatabase database, AccessWorld world, string kind, long target)
    {
        await using var db = LoudouDatabase.CreateContext(database.Target, world.ScopeOf("root"));
        var clock = TimeProvider.System;
        WriteResult? deleted = kind switch
        {
            "account update" => await DeleteDealsOfAccountThenAsync(db, target, () => new AccountStore(db, clock).DeleteAsync(target)),
            "contact delete" => await new ContactStore(db, clock).DeleteAsync(target),
            "task update" => await new TaskStore(db, clock).DeleteAsync(target),
            "activity delete" => await new ActivityStore(db, clock).DeleteAsync(target),
            "contact create" => await new AccountStore(db, clock).DeleteAsync(target),
            _ => null,
        };
        if (deleted is null)
        {
            var version = await db.Deals.Where(d => d.Id == target).Select(d => d.Version).SingleAsync();
            Assert.Equal(DealWriteStatus.Done, (await new DealWrites(db, clock).DeleteAsync(target, version)).Status);
        }
        else
        {
            Assert.Equal(WriteStatus.Done, deleted.Status);
        }
        return (await db.AuditEntries.CountAsync(), await RowsAsync(db));
    }

    // An account is deleted only once no deal uses it.
    private static async Task<WriteResult> DeleteDealsOfAccountThenAsync(LoudouDbContext db, long account, Func<Task<WriteResult>> delete)
    {
        foreach (var (id, version) in await db.Deals.Where(d => d.AccountId == account).Select(d => new ValueTuple<long, int>(d.Id, d.Version)).ToListAsync())
        {
            await new DealWrites(db, TimeProvider.System).DeleteAsync(id, version);
        }
        return await delete();
    }

    private static async Task<int> RowsAsync(LoudouDbContext db) =>
        await db.Deals.CountAsync() + await db.Accounts.CountAsync() + await db.Contacts.CountAsync() + await db.Activities.CountAsync() + await db.DealTasks.CountAsync();

    private static LoudouDbContext Context(TestDatabase database, AccessScope scope, DeletionRace race)
    {
        var options = new DbContextOptionsBuilder<LoudouDbContext>();
        LoudouDatabase.Configure(options, database.Target).AddInterceptors(new AuditingInterceptor(TimeProvider.System), race);
        return new LoudouDbContext(options.Options, new FixedAccessScope(scope));
    }

    /// <summary>
    /// Runs the deletion once, at the last moment before the write touches the database: before its
    /// transaction begins (a create opens one first), else before its save; and keeps the counts
    /// the deletion left, which are exactly what the database must hold once the write is refused.
    /// </summary>
    private sealed class DeletionRace(Func<Task<(int Audit, int Rows)>> delete) : SaveChangesInterceptor, IDbTransactionInterceptor
    {
        public bool Ran { get; private set; }

        public int AuditAfterDeletion { get; private set; }

        public int RowsAfterDeletion { get; private set; }

        public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            await RunOnceAsync();
            return result;
        }

        public async ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(
            DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
        {
            await RunOnceAsync();
            return result;
        }

        private async Task RunOnceAsync()
        {
            if (!Ran)
            {
                Ran = true;
                (AuditAfterDeletion, RowsAfterDeletion) = await delete();
            }
        }
    }
}
