using Loudou.Core.Access;
using Loudou.Core.Accounts;
using Loudou.Core.Activities;
using Loudou.Core.Alerts;
using Loudou.Core.Catalog;
using Loudou.Core.Deals;
using Loudou.Core.Pipelines;
using Loudou.Core.Reminders;
using Loudou.Core.Scoring;
using Loudou.Core.Targets;
using Loudou.Core.Workspace;
using Loudou.Storage.Access;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Conventions;
using Microsoft.EntityFrameworkCore.Metadata.Conventions.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Loudou.Storage;

/// <summary>The one DbContext of Loudou, for SQLite and PostgreSQL alike.</summary>
/// <remarks>
/// Migrations live in Loudou.Storage.Sqlite and Loudou.Storage.Postgres; the provider and its
/// migrations assembly are chosen by <see cref="DatabaseTarget"/>. To add a migration to both:
/// <code>
/// dotnet ef migrations add NAME --project src/Loudou.Storage.Sqlite
/// dotnet ef migrations add NAME --project src/Loudou.Storage.Postgres
/// </code>
/// Each provider project holds a design-time factory, so no connection is needed to do so.
/// Every query runs in the caller's <see cref="Scope"/> (LoudouDbContext.Scoping.cs).
/// </remarks>
public sealed partial class LoudouDbContext(DbContextOptions<LoudouDbContext> options, IAccessScopeProvider scopeProvider) : DbContext(options), IDataProtectionKeyContext
{
    public DbSet<WorkspaceSettings> WorkspaceSettings => Set<WorkspaceSettings>();
    public DbSet<Team> Teams => Set<Team>();
    public DbSet<User> Users => Set<User>();
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<Pipeline> Pipelines => Set<Pipeline>();
    public DbSet<Stage> Stages => Set<Stage>();
    public DbSet<StageAction> StageActions => Set<StageAction>();
    public DbSet<Account> Accounts => Set<Account>();
    public DbSet<Contact> Contacts => Set<Contact>();
    public DbSet<Channel> Channels => Set<Channel>();
    public DbSet<ChannelCost> ChannelCosts => Set<ChannelCost>();
    public DbSet<Product> Products => Set<Product>();
    public DbSet<LossReason> LossReasons => Set<LossReason>();
    public DbSet<Tag> Tags => Set<Tag>();
    public DbSet<Core.Segments.Segment> Segments => Set<Core.Segments.Segment>();
    public DbSet<CustomField> CustomFields => Set<CustomField>();
    public DbSet<Deal> Deals => Set<Deal>();
    public DbSet<StageTransition> StageTransitions => Set<StageTransition>();
    public DbSet<DealProduct> DealProducts => Set<DealProduct>();
    public DbSet<DealTag> DealTags => Set<DealTag>();
    public DbSet<CustomFieldValue> CustomFieldValues => Set<CustomFieldValue>();
    public DbSet<ActionCompletion> ActionCompletions => Set<ActionCompletion>();
    public DbSet<Activity> Activities => Set<Activity>();
    public DbSet<DealTask> DealTasks => Set<DealTask>();
    public DbSet<ConversionTarget> ConversionTargets => Set<ConversionTarget>();
    public DbSet<SalesTarget> SalesTargets => Set<SalesTarget>();
    public DbSet<ExchangeRate> ExchangeRates => Set<ExchangeRate>();
    public DbSet<AlertRule> AlertRules => Set<AlertRule>();

    public DbSet<AlertEpisode> AlertEpisodes => Set<AlertEpisode>();
    public DbSet<Notification> Notifications => Set<Notification>();
    public DbSet<NotificationTarget> NotificationTargets => Set<NotificationTarget>();
    public DbSet<NotificationDelivery> NotificationDeliveries => Set<NotificationDelivery>();
    public DbSet<ScoringModel> ScoringModels => Set<ScoringModel>();
    public DbSet<DealScore> DealScores => Set<DealScore>();

    /// <summary>The scores of each pipeline's active model, the ones lists, the board and the API show (docs/scoring.md); usable inside queries as a subquery.</summary>
    public IQueryable<DealScore> ActiveDealScores => DealScores.Where(x => !x.Final && ScoringModels.Any(m => m.Id == x.ScoringModelId && m.IsActive));
    public DbSet<Analytics.AnalyticsChange> AnalyticsChanges => Set<Analytics.AnalyticsChange>();
    public DbSet<ReminderSetting> ReminderSettings => Set<ReminderSetting>();
    public DbSet<Core.Alerts.Preferences.ReminderChoice> ReminderChoices => Set<Core.Alerts.Preferences.ReminderChoice>();
    public DbSet<Core.Alerts.Preferences.NotificationPreference> NotificationPreferences => Set<Core.Alerts.Preferences.NotificationPreference>();
    public DbSet<Scheduling.JobRun> JobRuns => Set<Scheduling.JobRun>();

    /// <summary>The web hosts' data-protection keys, which sign the session cookie: in the database, so that a restart or a second host keeps everyone signed in.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(LoudouDbContext).Assembly);
        ApplyScopeFilters(modelBuilder);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Moments are stored as UTC timestamps on both providers: SQLite cannot compare or order
        // DateTimeOffset text with mixed offsets, and PostgreSQL's timestamptz is UTC anyway.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcDateTimeOffsetConverter>();
        // A foreign key's index where it serves a query or a delete, not everywhere (docs/performance.md).
        configurationBuilder.Conventions.Replace<ForeignKeyIndexConvention>(services => new Configurations.SelectiveForeignKeyIndexConvention(services.GetRequiredService<ProviderConventionSetBuilderDependencies>()));
        // Money: 4 decimal places cover every currency's minor unit and exchange-rate conversions.
        configurationBuilder.Properties<decimal>().HavePrecision(19, 4);
        // Enums as their names, so rows read the same in a SQL console and survive reordering.
        configurationBuilder.Properties<StageKind>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<UserRole>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<TransitionSource>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<ActivityKind>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<CustomFieldType>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<AuditAction>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<ReminderRule>().HaveConversion<string>().HaveMaxLength(32);
        // Flags: stored as their number, since a combination has no single name.
        configurationBuilder.Properties<DeliveryChannels>().HaveConversion<int>();
    }
}
