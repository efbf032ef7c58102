using Loudou.Core.Access;
using Loudou.Storage.Access;
using Loudou.Storage.Accounts;
using Loudou.Storage.Activities;
using Loudou.Storage.Records;
using Loudou.Storage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Loudou.Storage.Tests.Records;

/// <summary>Creating an account, contact, activity, task or API token saves it with its audit entry, or saves nothing.</summary>
public class AuditedCreateTests
{
    public static TheoryData<DatabaseProvider, string> Cases()
    {
        var cases = new TheoryData<DatabaseProvider, string>();
        foreach (var provider in new[] { DatabaseProvider.Sqlite, DatabaseProvider.Postgres })
        {
            foreach (var kind in new[] { "account", "contact", "activity", "task", "token" })
            {
                cases.Add(provider, kind);
            }
        }
        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_failure_between_the_record_and_its_audit_entry_leaves_neither(DatabaseProvider provider, string kind)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var world = await AccessWorld.CreateAsync(database);
        var before = await CountsAsync(database);

        await using (var db = ContextFailingAtTheAuditEntry(database, world.ScopeOf("root")))
        {
            await Assert.ThrowsAsync<InjectedFailure>(() => CreateAsync(db, world, kind));
        }

        Assert.Equal(before, await CountsAsync(database));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Without_a_failure_the_record_and_its_entry_are_both_saved(DatabaseProvider provider, string kind)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var world = await AccessWorld.CreateAsync(database);
        var before = await CountsAsync(database);

        await using (var db = LoudouDatabase.CreateContext(database.Target, world.ScopeOf("root")))
        {
            await CreateAsync(db, world, kind);
        }
        var after = await CountsAsync(database);

        Assert.Equal(before.Audit + 1, after.Audit);
        Assert.Equal(before.Records + 1, after.Records);
    }

    private static async Task CreateAsync(LoudouDbContext db, AccessWorld world, string kind)
    {
        var clock = TimeProvider.System;
        var deal = world.Deals["N1"];
        var result = kind switch
        {
            "account" => await new AccountStore(db, clock).CreateAsync(new AccountFields(new HashSet<string> { "name" }, Name: "Injected Co.")),
            "contact" => await new ContactStore(db, clock).CreateAsync(new ContactFields(new HashSet<string> { "name" }, Name: "Injected Person")),
            "activity" => await new ActivityStore(db, clock).CreateAsync(deal, new ActivityDraft("call")),
            "task" => await new TaskStore(db, clock).CreateAsync(deal, new TaskFields(new HashSet<string> { "title" }, Title: "Injected task")),
            _ => null,
        };
        if (kind == "token")
        {
            await new ApiTokens(db, clock).CreateAsync("ann", 30, "injected");
        }
        else
        {
            Assert.True(result!.Status == WriteStatus.Done, $"{kind}: {result.Status}");
        }
    }

    /// <summary>Every row the five kinds can add, and the audit log's.</summary>
    private static async Task<(int Records, int Audit)> CountsAsync(TestDatabase database)
    {
        await using var db = database.NewContext();
        var records = await db.Accounts.CountAsync() + await db.Contacts.CountAsync() + await db.Activities.CountAsync()
            + await db.DealTasks.CountAsync() + await db.ApiTokens.CountAsync();
        return (records, await db.AuditEntries.CountAsync());
    }

    private static LoudouDbContext ContextFailingAtTheAuditEntry(TestDatabase database, AccessScope scope)
    {
        var options = new DbContextOptionsBuilder<LoudouDbContext>();
        LoudouDatabase.Configure(options, database.Target).AddInterceptors(new AuditingInterceptor(TimeProvider.System), new FailAtAuditEntry());
        return new LoudouDbContext(options.Options, new FixedAccessScope(scope));
    }

    /// <summary>Throws when a save would add an audit entry: the moment between a record and its entry.</summary>
    private sealed class FailAtAuditEntry : SaveChangesInterceptor
    {
        public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default) =>
            eventData.Context!.ChangeTracker.Entries<AuditEntry>().Any(e => e.State == EntityState.Added)
                ? throw new InjectedFailure()
                : base.SavingChangesAsync(eventData, result, cancellationToken);
    }

    private sealed class InjectedFailure() : Exception("injected between the record and its audit entry");
}
