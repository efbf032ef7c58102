using Loudou.Storage.Access;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Loudou.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>Registers all of Storage: <see cref="LoudouDbContext"/> with the auditing interceptor on the database a factory names, and its stores and queries.</summary>
    /// <remarks>
    /// The target is resolved from the service provider on first use, so configuration added late (tests) counts.
    /// The host must register an <see cref="IAccessScopeProvider"/>: there is deliberately no default,
    /// so that a host cannot forget to say whose scope its queries run in.
    /// </remarks>
    public static IServiceCollection AddLoudouStorage(this IServiceCollection services, Func<IServiceProvider, DatabaseTarget> target)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(target);
        services.AddSingleton<AuditingInterceptor>();
        services.AddSingleton<Analytics.AnalyticsChanges>();
        services.AddSingleton<Analytics.AnalyticsChangeSignal>();
        // Contexts come from IDbContextFactory, which EF Core also uses to resolve LoudouDbContext in
        // a scope. The factory is scoped, not a singleton, so that each context gets the scope's
        // IAccessScopeProvider: whose rows it may see is part of the unit of work.
        services.AddDbContextFactory<LoudouDbContext>(
            (sp, options) => LoudouDatabase.Configure(options, sp.GetRequiredService<DatabaseTarget>())
                .AddInterceptors(sp.GetRequiredService<AuditingInterceptor>(), sp.GetRequiredService<Analytics.AnalyticsChangeSignal>()),
            ServiceLifetime.Scoped);
        services.AddScoped<Pipelines.PipelineStore>();
        services.AddScoped<Targets.TargetStore>();
        services.AddScoped<Catalog.ChannelCostStore>();
        services.AddScoped<Catalog.CustomFieldStore>();
        services.AddScoped<Catalog.ExchangeRateStore>();
        services.AddScoped<WorkspaceSettingsStore>();
        services.AddScoped<Segments.SegmentStore>();
        services.AddScoped<Catalog.CatalogStore>();
        services.AddScoped<Alerts.AlertStore>();
        services.AddScoped<Deals.DealQueries>();
        services.AddScoped<Deals.BoardQueries>();
        services.AddScoped<Deals.MyDayQueries>();
        services.AddScoped<Deals.DealChecklistQueries>();
        services.AddScoped<Deals.DealWrites>();
        services.AddScoped<Deals.DealCreation>();
        services.AddScoped<Deals.AuditQueries>();
        services.AddScoped<Accounts.AccountStore>();
        services.AddScoped<Accounts.AccountSummaries>();
        services.AddScoped<Accounts.ContactStore>();
        services.AddScoped<Activities.ActivityStore>();
        services.AddScoped<Activities.TaskStore>();
        services.AddScoped<ApiTokens>();
        services.AddScoped<UserAdmin>();
        services.AddScoped<Reminders.ReminderRun>();
        services.AddScoped<Reminders.NotificationQueries>();
        services.AddScoped<Reminders.ReminderSettingsStore>();
        services.AddScoped<Reminders.NotificationTargetStore>();
        services.AddScoped<Reminders.NotificationSettingsStore>();
        services.AddScoped<Privacy.PersonalDataExport>();
        services.AddScoped<Privacy.ContactErasure>();
        return services;
    }
}
