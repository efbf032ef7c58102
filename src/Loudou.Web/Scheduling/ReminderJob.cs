using Loudou.Storage;
using Loudou.Storage.Reminders;

namespace Loudou.Web.Scheduling;

/// <summary>Every minute: finds the reminders that fell due and raises a notification for each new one.</summary>
public sealed class ReminderJob(DatabaseTarget target, TimeProvider clock, ILogger<ReminderJob> logger) : RecordedJob(target, clock, logger)
{
    private readonly TimeProvider _clock = clock;

    protected override async Task<string> RunAsync(CancellationToken cancellationToken)
    {
        await using var db = Open();
        var result = await new ReminderRun(db, _clock).RunAsync(cancellationToken);
        return $"{result.Raised} new of {result.Due} due, over {result.OpenDeals} open deals";
    }
}
