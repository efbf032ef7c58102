using Loudou.Core.Access;
using Loudou.Core.Accounts;
using Loudou.Core.Activities;
using Loudou.Core.Alerts;
using Loudou.Core.Deals;
using Loudou.Core.Scoring;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Storage;

/// <summary>Record scoping: the one place that decides which rows a caller's queries can return.</summary>
/// <remarks>
/// Every query of a scoped entity, however it is written (a list, a count, a join, the analytics
/// snapshot), gets these filters from EF Core, so a new query path cannot forget them. The filters
/// read the scope through the context's properties, which EF Core turns into query parameters at
/// each execution. Rows that are not listed here (users, teams, pipelines, catalogue, settings) are
/// workspace reference data that every signed-in user may read. <c>IgnoreQueryFilters</c> and raw
/// SQL bypass the filters; a guard test allows them only in reviewed files (docs/access.md).
/// </remarks>
public sealed partial class LoudouDbContext
{
    /// <summary>The scope this context's queries run in now.</summary>
    public AccessScope Scope => scopeProvider.Current;

    // The filters read these rather than Scope's members: EF Core parameterizes context properties.
    private bool ScopeSeesAll => Scope.SeesAll;

    private int? ScopeUserId => Scope.UserId;

    private int? ScopeTeamId => Scope.TeamId;

    private void ApplyScopeFilters(ModelBuilder modelBuilder)
    {
        // The null checks come first so that a null parameter never matches a null column.
        modelBuilder.Entity<Deal>().HasQueryFilter(d =>
            ScopeSeesAll
            || (ScopeUserId != null && d.OwnerId == ScopeUserId)
            || (ScopeTeamId != null && d.TeamId == ScopeTeamId));

        // A deal's parts are visible with the deal: Set<Deal>() below carries the deal filter.
        modelBuilder.Entity<StageTransition>().HasQueryFilter(x => ScopeSeesAll || Set<Deal>().Any(d => d.Id == x.DealId));
        modelBuilder.Entity<DealProduct>().HasQueryFilter(x => ScopeSeesAll || Set<Deal>().Any(d => d.Id == x.DealId));
        modelBuilder.Entity<DealTag>().HasQueryFilter(x => ScopeSeesAll || Set<Deal>().Any(d => d.Id == x.DealId));
        modelBuilder.Entity<CustomFieldValue>().HasQueryFilter(x => ScopeSeesAll || Set<Deal>().Any(d => d.Id == x.DealId));
        modelBuilder.Entity<ActionCompletion>().HasQueryFilter(x => ScopeSeesAll || Set<Deal>().Any(d => d.Id == x.DealId));
        modelBuilder.Entity<DealScore>().HasQueryFilter(x => ScopeSeesAll || Set<Deal>().Any(d => d.Id == x.DealId));
        modelBuilder.Entity<Activity>().HasQueryFilter(x => ScopeSeesAll || Set<Deal>().Any(d => d.Id == x.DealId));
        modelBuilder.Entity<DealTask>().HasQueryFilter(x =>
            ScopeSeesAll
            || (ScopeUserId != null && x.AssigneeId == ScopeUserId)
            || Set<Deal>().Any(d => d.Id == x.DealId));

        // Accounts and contacts are visible through a visible deal.
        modelBuilder.Entity<Account>().HasQueryFilter(a => ScopeSeesAll || Set<Deal>().Any(d => d.AccountId == a.Id));
        modelBuilder.Entity<Contact>().HasQueryFilter(c =>
            ScopeSeesAll
            || Set<Deal>().Any(d => d.ContactId == c.Id || (c.AccountId != null && d.AccountId == c.AccountId)));

        // Personal rows: one's own, and all of them for an admin.
        modelBuilder.Entity<Notification>().HasQueryFilter(n => ScopeSeesAll || (ScopeUserId != null && n.UserId == ScopeUserId));
        // An alert's figures are its segment's: an episode of a rule on a team's segment is that team's (its manager's), the
        // others (workspace-wide, other dimensions) the admins' only, since their figures mix every team's deals (docs/access.md).
        modelBuilder.Entity<AlertEpisode>().HasQueryFilter(e => ScopeSeesAll || (ScopeTeamId != null && e.TeamId == ScopeTeamId));
        // The delivery log is the admins' (copies of everyone's notifications, with the targets' answers).
        modelBuilder.Entity<NotificationDelivery>().HasQueryFilter(d => ScopeSeesAll);
        // A person's own notification choices; every one's for the jobs that route notifications (as the operator).
        modelBuilder.Entity<Core.Alerts.Preferences.ReminderChoice>().HasQueryFilter(c => ScopeSeesAll || (ScopeUserId != null && c.UserId == ScopeUserId));
        modelBuilder.Entity<Core.Alerts.Preferences.NotificationPreference>().HasQueryFilter(p => ScopeSeesAll || (ScopeUserId != null && p.UserId == ScopeUserId));
        modelBuilder.Entity<ApiToken>().HasQueryFilter(t => ScopeSeesAll || (ScopeUserId != null && t.UserId == ScopeUserId));

        // The audit log: the entries about a visible deal, one's own entries, and all of them for an admin.
        modelBuilder.Entity<AuditEntry>().HasQueryFilter(e =>
            ScopeSeesAll
            || (ScopeUserId != null && e.UserId == ScopeUserId)
            || (e.EntityType == Storage.Records.AuditEntityTypes.Deal && Set<Deal>().Any(d => d.Id.ToString() == e.EntityId)));
    }
}
