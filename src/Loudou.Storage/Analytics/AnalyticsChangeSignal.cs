using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Loudou.Storage.Analytics;

/// <summary>Moves <see cref="AnalyticsChanges"/> after each committed save that records an <see cref="AnalyticsChange"/>: the host's own, immediate signal.</summary>
/// <remarks>
/// Other writers are seen through the sequence (<see cref="AnalyticsChangeSequence"/>); the host's own saves do
/// not wait for a poll. A save inside the caller's own transaction moves the counter when that transaction
/// commits, not before, so no reader reloads the old rows as new.
/// </remarks>
public sealed class AnalyticsChangeSignal(AnalyticsChanges changes) : SaveChangesInterceptor, IDbTransactionInterceptor
{
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
        if (context is not null && AnalyticsChangeRecorder.Instance.Records(context))
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
