using Cronos;
using Loudou.Storage;
using Loudou.Storage.Alerts;
using Loudou.Web.Analytics;

namespace Loudou.Web.Scheduling;

/// <summary>Every 15 minutes: when an alert rule's schedule fell due, evaluates the rules on the host's analytics snapshot and records episodes.</summary>
/// <remarks>
/// A rule is due when its five-field cron, read in the workspace time zone, has an occurrence after its last evaluation (or,
/// for a rule never evaluated, in the last 15 minutes) and by now: a host that was down runs a missed schedule once, not once
/// per missed occurrence. Every enabled rule is evaluated in the run so the Benjamini–Hochberg family does not depend on which
/// rules happen to be due; only the due ones are recorded.
/// </remarks>
public sealed class AlertJob(DatabaseTarget target, AnalyticsSnapshots snapshots, TimeProvider clock, ILogger<AlertJob> logger) : RecordedJob(target, clock, logger)
{
    public static readonly TimeSpan Period = TimeSpan.FromMinutes(15);

    private readonly TimeProvider _clock = clock;

    protected override async Task<string> RunAsync(CancellationToken cancellationToken)
    {
        await using var db = Open();
        var now = _clock.GetUtcNow();
        var rules = await new AlertStore(db).EnabledRulesAsync(cancellationToken);
        var zone = (await WorkspaceProfile.ReadAsync(db, cancellationToken)).Calendar.Zone;
        var due = rules.Where(r => IsDue(r.Schedule, r.LastEvaluatedAt ?? now - Period, now, zone)).Select(r => r.Id).ToHashSet();
        if (due.Count == 0)
        {
            return $"no rule due of {rules.Count}";
        }
        var snapshot = await snapshots.GetAsync(null, cancellationToken);
        var result = await new AlertRun(db).RunAsync(snapshot.Columns, null, now, r => due.Contains(r.Id), cancellationToken);
        var recorded = result.Outcomes.Where(o => o.Recorded).ToList();
        return $"{recorded.Count} rule(s) due of {rules.Count}: {recorded.Count(o => o.Status == "fired")} fired, {recorded.Count(o => o.Status == "cleared")} cleared; "
            + $"{result.Notifications} notification(s)";
    }

    /// <summary>Whether a five-field cron has an occurrence in (after, now] in the zone; an expression Cronos cannot read is never due.</summary>
    public static bool IsDue(string schedule, DateTimeOffset after, DateTimeOffset now, TimeZoneInfo zone)
    {
        if (!CronExpression.TryParse(schedule, CronFormat.Standard, out var cron))
        {
            return false;
        }
        return cron.GetNextOccurrence(after, zone) is { } next && next <= now;
    }
}
