using Loudou.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Loudou.Web.Startup;

/// <summary>Healthy when the database answers a query.</summary>
public sealed class DatabaseHealthCheck(LoudouDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await db.Database.CanConnectAsync(cancellationToken)
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("The database does not answer.");
}
