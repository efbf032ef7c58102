using Loudou.Core;
using Loudou.Web.Analytics;
using Loudou.Web.Scheduling;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Quartz;

namespace Loudou.Web.Operations;

/// <summary>Ready when the funnel's snapshot of the default pipeline is in memory, or when there is nothing yet to load.</summary>
/// <remarks>
/// The start-up warm-up loads it in the background; a probe made meanwhile waits two seconds at most and answers
/// "loading". A workspace without deals (before setup) has no snapshot to load, which is ready, not a fault.
/// </remarks>
public sealed class AnalyticsReadyCheck(AnalyticsSnapshots snapshots) : IHealthCheck
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(2);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            // Not cancelled with the probe: a load the probe started goes on, and the next probe finds it done.
            var loaded = await snapshots.GetAsync(null, CancellationToken.None).WaitAsync(Wait, cancellationToken);
            return HealthCheckResult.Healthy($"pipeline {loaded.Columns.Pipeline.Key}: {loaded.Columns.DealCount} deals loaded");
        }
        catch (TimeoutException)
        {
            return HealthCheckResult.Unhealthy("the snapshot is still loading");
        }
        catch (LoudouException e)
        {
            return HealthCheckResult.Healthy("nothing to load yet: " + e.Message);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("the snapshot could not be loaded: " + e.Message);
        }
    }
}

/// <summary>Ready when this host's scheduler runs its jobs, or when it is turned off here (Loudou:Scheduler:Enabled).</summary>
public sealed class SchedulerReadyCheck(SchedulerOptions options, IServiceProvider services) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!options.Enabled)
        {
            return HealthCheckResult.Healthy("off on this host (Loudou:Scheduler:Enabled is false)");
        }
        if (services.GetService<ISchedulerFactory>() is not { } factory)
        {
            return HealthCheckResult.Unhealthy("not set up: the database setting is unusable");
        }
        var scheduler = await factory.GetScheduler(cancellationToken);
        return scheduler.IsStarted && !scheduler.IsShutdown && !scheduler.InStandbyMode
            ? HealthCheckResult.Healthy($"running as {scheduler.SchedulerInstanceId}")
            : HealthCheckResult.Unhealthy(scheduler.IsShutdown ? "shut down" : "not started");
    }
}
