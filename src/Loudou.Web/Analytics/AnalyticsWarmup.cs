using Loudou.Core;

namespace Loudou.Web.Analytics;

/// <summary>Loads the default pipeline's snapshot in the background at start-up, so that the first dashboard does not wait for it.</summary>
/// <remarks>Pages are served meanwhile; an analytics request made during the load waits for it (<see cref="AnalyticsSnapshots"/>).</remarks>
public sealed partial class AnalyticsWarmup(AnalyticsSnapshots snapshots, ILogger<AnalyticsWarmup> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var loaded = await snapshots.GetAsync(null, stoppingToken);
            LogLoaded(logger, loaded.Columns.Pipeline.Key, loaded.Columns.DealCount);
        }
        catch (LoudouException e)
        {
            // A workspace without a pipeline or deals yet: nothing to keep, and nothing wrong.
            LogNothing(logger, e.Message);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Never stop the host over a warm-up: the first analytics request loads (and reports) again.
            LogFailed(logger, e);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Analytics: pipeline {Pipeline} loaded, {Deals} deals.")]
    private static partial void LogLoaded(ILogger logger, string pipeline, int deals);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Analytics: the start-up load failed; the first analytics request tries again.")]
    private static partial void LogFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Analytics: nothing loaded at start ({Reason}).")]
    private static partial void LogNothing(ILogger logger, string reason);
}
