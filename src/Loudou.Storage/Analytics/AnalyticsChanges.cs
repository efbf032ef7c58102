using System.Data.Common;
using System.Runtime.CompilerServices;
using Loudou.Core.Access;
using Loudou.Core.Activities;
using Loudou.Core.Alerts;
using Loudou.Core.Deals;
using Loudou.Core.Scoring;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Loudou.Storage.Analytics;

/// <summary>A counter of the committed saves in this process that change what the funnel reads, so that a snapshot kept in memory knows it is stale.</summary>
/// <remarks>
/// A snapshot remembers the version it was loaded at; a newer version means a reload. The counter moves
/// only after a commit, so a snapshot loaded at the new version always sees the change.
/// </remarks>
public sealed class AnalyticsChanges
{
    private long _version;

    public long Version => Interlocked.Read(ref _version);

    public void Bump() => Interlocked.Increment(ref _version);
}

/// <summary>Moves <see cref="AnalyticsChanges"/> after each committed save that added, changed or removed a row the funnel snapshot reads.</summary>
/// <remarks>
/// Every table FunnelSnapshotLoader reads counts (deals, their history, tags, products and custom values,
/// and the names and settings it resolves them with); activities, tasks, tokens, the audit log and the
/// other tables the funnel does not read do not. A save inside the caller's own transaction moves the
/// counter when that transaction commits, not before, so no reader reloads the old rows as new.
/// </remarks>
public sealed class AnalyticsChangeInterceptor(AnalyticsChanges changes) : SaveChangesInterceptor, IDbTransactionInterceptor
{
    private static readonly HashSet<Type> Ignored =
        [typeof(AuditEntry), typeof(ApiToken), typeof(Activity), typeof(DealTask), typeof(ActionCompletion), typeof(Notification), typeof(AlertRule), typeof(ScoringModel), typeof(DealScore)];

    private readonly ConditionalWeakTable<DbContext, object> _pending = [];

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Note(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Note(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Settle(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Settle(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Commit(eventData.Context);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Commit(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Forget(eventData.Context);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    private void Note(DbContext? context)
    {
        if (context is not null && context.ChangeTracker.Entries().Any(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted && !Ignored.Contains(e.Metadata.ClrType)))
        {
            _pending.AddOrUpdate(context, this);
        }
    }

    // After the save: committed already unless the caller holds a transaction, whose commit then moves the counter.
    private void Settle(DbContext? context)
    {
        if (context is not null && context.Database.CurrentTransaction is null)
        {
            Commit(context);
        }
    }

    private void Commit(DbContext? context)
    {
        if (context is not null && _pending.Remove(context))
        {
            changes.Bump();
        }
    }

    private void Forget(DbContext? context)
    {
        if (context is not null)
        {
            _pending.Remove(context);
        }
    }
}
