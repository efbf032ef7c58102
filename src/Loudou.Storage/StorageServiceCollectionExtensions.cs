using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Loudou.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>Registers <see cref="LoudouDbContext"/> on the given database, with the auditing interceptor.</summary>
    public static IServiceCollection AddLoudouStorage(this IServiceCollection services, DatabaseTarget target)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(target);
        services.AddSingleton<AuditingInterceptor>();
        services.AddDbContext<LoudouDbContext>((sp, options) =>
            LoudouDatabase.Configure(options, target).AddInterceptors(sp.GetRequiredService<AuditingInterceptor>()));
        services.AddScoped<Pipelines.PipelineStore>();
        return services;
    }
}
