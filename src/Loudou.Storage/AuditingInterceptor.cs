using Loudou.Core.Deals;
using Loudou.Storage.Configurations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Loudou.Storage;

/// <summary>Fills the record-keeping columns and bumps deal versions on every save.</summary>
/// <remarks>
/// Doing this in one interceptor, with the injected <see cref="TimeProvider"/>, keeps the timestamps
/// testable and keeps Core's types free of storage bookkeeping. A deal's version is bumped whenever
/// the deal row itself changes, so a writer holding an older version gets a concurrency conflict.
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
                    if (entry.Entity is Deal)
                    {
                        var version = entry.Property(nameof(Deal.Version));
                        version.CurrentValue = (int)version.OriginalValue! + 1;
                    }
                    break;
            }
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
