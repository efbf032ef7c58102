using System.Runtime.CompilerServices;
using Loudou.Core.Access;
using Loudou.Core.Activities;
using Loudou.Core.Alerts;
using Loudou.Core.Deals;
using Loudou.Core.Scoring;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Loudou.Storage.Analytics;

/// <summary>Adds an <see cref="AnalyticsChange"/> row to every save that adds, changes or removes a row the funnel snapshot reads.</summary>
/// <remarks>
/// On every context (<see cref="LoudouDatabase.Configure"/>), so that every writer bumps the sequence: the web
/// host, the command line, another host on the same PostgreSQL. Every table the funnel loaders read counts
/// (deals, their history, tags, products and custom values, activities and action completions, which drivers read,
/// and the names and settings it resolves them with, and a score's A/B/C layer); tasks, tokens, alerts, a rescore that keeps its layer and the audit log do not, except an import's audit entry: an import
/// writes its deals in bulk, outside the change tracker, and saves that entry in the same transaction.
/// </remarks>
public sealed class AnalyticsChangeRecorder : SaveChangesInterceptor
{
    public static AnalyticsChangeRecorder Instance { get; } = new();

    private static readonly HashSet<Type> Ignored =
    [
        typeof(AnalyticsChange), typeof(AuditEntry), typeof(ApiToken), typeof(DealTask),
        typeof(Notification), typeof(AlertRule), typeof(AlertEpisode), typeof(ScoringModel),
        typeof(Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey), typeof(Scheduling.JobRun),
    ];

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Record(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Record(eventData.Context);
        return ValueTask.FromResult(result);
    }

    // The row each context is about to save, so that asking costs one lookup rather than another scan of the change tracker.
    private readonly ConditionalWeakTable<DbContext, AnalyticsChange> _recorded = [];

    /// <summary>Whether this save is recording a change (for the host's own, immediate signal).</summary>
    public bool Records(DbContext context) => _recorded.TryGetValue(context, out var change) && context.Entry(change).State == EntityState.Added;

    private void Record(DbContext? context)
    {
        if (context is null || Records(context))
        {
            return;
        }
        var relevant = context.ChangeTracker.Entries().Where(e =>
            e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted
            && (!Ignored.Contains(e.Metadata.ClrType) || e.Entity is AuditEntry { Action: AuditAction.Import })
            && !(e.Entity is DealScore && e.State == EntityState.Modified && !e.Property(nameof(DealScore.Layer)).IsModified)).ToList();
        if (relevant.Count > 0)
        {
            var deals = DealsOf(relevant, out var created);
            var change = AnalyticsChange.Record(DateTimeOffset.UtcNow, deals, created);
            context.Add(change);
            _recorded.AddOrUpdate(context, change);
        }
    }

    /// <summary>The deals a save changes, so that a host refreshes just those; null when that cannot be said from the save alone.</summary>
    /// <param name="created">Whether the save creates deals: their ids come with the insert, so a reader finds them as the ids above those it holds.</param>
    private static HashSet<long>? DealsOf(List<EntityEntry> entries, out bool created)
    {
        var deals = new HashSet<long>();
        created = false;
        foreach (var entry in entries)
        {
            switch (entry.Entity)
            {
                case Deal deal:
                    if (entry.State == EntityState.Added)
                    {
                        created = true;
                    }
                    else
                    {
                        deals.Add(deal.Id);
                    }
                    break;
                case StageTransition or DealProduct or DealTag or CustomFieldValue or Activity or ActionCompletion or DealScore:
                    // A row of a deal created in the same save has the deal's temporary id: the new deal covers it.
                    var dealId = entry.Property(nameof(StageTransition.DealId));
                    if (!dealId.IsTemporary)
                    {
                        deals.Add((long)dealId.CurrentValue!);
                    }
                    else
                    {
                        created = true;
                    }
                    break;
                default:
                    // A name, a setting, a pipeline, a target or an import.
                    return null;
            }
        }
        return deals;
    }
}
