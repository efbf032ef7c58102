using Loudou.Storage;
using Loudou.Web.Notifications;

namespace Loudou.Web.Scheduling;

/// <summary>Every 15 seconds: sends the copies of notifications that are due to webhooks and group bots, and retries the failed.</summary>
public sealed class DeliveryJob(DatabaseTarget target, TimeProvider clock, ILogger<DeliveryJob> logger, DeliverySender sender) : RecordedJob(target, clock, logger)
{
    protected override async Task<string> RunAsync(CancellationToken cancellationToken)
    {
        await using var db = Open();
        var result = await sender.RunAsync(db, cancellationToken);
        return $"{result.Sent} sent, {result.Failed} to retry, {result.GivenUp} given up";
    }
}
