using Loudou.Core.Accounts;
using Loudou.Core.Deals;
using Loudou.Storage.Configurations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Loudou.Storage;

/// <summary>Fills the record-keeping columns and bumps deal versions on every save.</summary>
/// <remarks>
/// Doing this in one interceptor, with the injected <see cref="TimeProvider"/>, keeps the timestamps
/// testable and keeps Core's types free of storage bookkeeping. An account's or contact's version
/// is bumped whenever its row changes. A deal's version is bumped once per
/// save whenever the deal row or one of its parts (history, completions, products, tags, field
/// values) changes, so a writer holding an older version gets a concurrency conflict even when
/// only, say, an action completion differs. A part changed without its deal being tracked is not
/// covered; Core changes parts only through the deal.
/// </remarks>
public sealed class AuditingInterceptor(TimeProvider clock) : SaveChangesInterceptor
{
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Stamp(eventData.Context);
        return base.SavingChanges(eventData, result);
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Stamp(eventData.Context);
        return base.SavingChangesAsync(eventData, result, cancellationToken);
    }

    private void Stamp(DbContext? context)
    {
        if (context is null)
        {
            return;
        }
        var now = clock.GetUtcNow();
        var changedDeals = new HashSet<long>();
        foreach (var entry in context.ChangeTracker.Entries())
        {
            switch (entry.State)
            {
                case EntityState.Added:
                    SetIfPresent(entry, AuditedExtensions.RecordedAt, now);
                    SetIfPresent(entry, AuditedExtensions.UpdatedAt, now);
                    break;
                case EntityState.Modified:
                    SetIfPresent(entry, AuditedExtensions.UpdatedAt, now);
                    BumpVersion(entry);
                    break;
            }
            if (entry.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            {
                switch (entry.Entity)
                {
                    case Deal deal when entry.State == EntityState.Modified:
                        changedDeals.Add(deal.Id);
                        break;
                    case StageTransition or ActionCompletion or DealProduct or DealTag or CustomFieldValue:
                        changedDeals.Add((long)entry.Property(nameof(StageTransition.DealId)).CurrentValue!);
                        break;
                }
            }
        }
        foreach (var entry in context.ChangeTracker.Entries<Deal>())
        {
            if (entry.State is EntityState.Modified or EntityState.Unchanged && changedDeals.Contains(entry.Entity.Id))
            {
                var version = entry.Property(d => d.Version);
                version.CurrentValue = version.OriginalValue + 1;
                SetIfPresent(entry, AuditedExtensions.UpdatedAt, now);
            }
        }
    }

    // Accounts and contacts have no parts: a change to their own row is the only change.
    private static void BumpVersion(EntityEntry entry)
    {
        if (entry.Entity is Account or Contact)
        {
            var version = entry.Property(nameof(Account.Version));
            version.CurrentValue = (int)version.OriginalValue! + 1;
        }
    }

    private static void SetIfPresent(EntityEntry entry, string property, DateTimeOffset value)
    {
        if (entry.Metadata.FindProperty(property) is not null)
        {
            entry.Property(property).CurrentValue = value;
        }
    }
}
