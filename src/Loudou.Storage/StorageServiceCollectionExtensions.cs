using Loudou.Storage.Access;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Loudou.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>Registers <see cref="LoudouDbContext"/>, with the auditing interceptor, on the database a factory names.</summary>
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
        services.AddDbContext<LoudouDbContext>((sp, options) =>
            LoudouDatabase.Configure(options, sp.GetRequiredService<DatabaseTarget>()).AddInterceptors(sp.GetRequiredService<AuditingInterceptor>()));
        services.AddScoped<Pipelines.PipelineStore>();
        return services;
    }
}
