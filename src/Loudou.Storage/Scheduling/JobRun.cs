namespace Loudou.Storage.Scheduling;

/// <summary>One run of a recurring job, on whichever host ran it: what the admins' job list reads.</summary>
/// <remarks>
/// Written by the host's scheduler, not by a person, so it has no audit trail; <see cref="ScheduledFor"/> with
/// <see cref="Job"/> tells two runs of one firing apart, which the clustering test counts.
/// </remarks>
public sealed class JobRun
{
    public long Id { get; set; }

    /// <summary>The job's key, such as "reminders".</summary>
    public required string Job { get; set; }

    /// <summary>The moment the trigger was due (a late firing after a restart keeps its scheduled moment).</summary>
    public DateTimeOffset ScheduledFor { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>The scheduler instance (host) that ran it.</summary>
    public required string Instance { get; set; }

    /// <summary>What the job reports it did, such as "3 reminders".</summary>
    public string? Outcome { get; set; }

    /// <summary>The error's message when the run failed; null when it succeeded or is still running.</summary>
    public string? Error { get; set; }
}
