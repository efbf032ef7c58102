namespace Loudou.Core.Analytics;

/// <summary>What to ask <see cref="TeamExecution"/>; defaults as docs/metrics.md ("Team execution") gives them.</summary>
/// <remarks>
/// The period is <see cref="Month"/>, or <see cref="From"/>..<see cref="To"/> (local days, both inclusive, either open),
/// never both; without any of them it is all time up to the as-of moment. Its end never passes the as-of moment.
/// </remarks>
public sealed record TeamQuery
{
    /// <summary>The share of the results part in the score; the process part has the rest. A workspace setting, 0.6 unless changed.</summary>
    public const double DefaultResultsWeight = 0.6;

    /// <summary>The first-response deadline of a deal created in a stage without one of its own (<see cref="Pipelines.Stage.FirstResponseSlaHours"/>).</summary>
    public const int DefaultFirstResponseSlaHours = 24;

    /// <summary>The moment described; null for the funnel's default (now, or the latest event when that is over 30 days old).</summary>
    public DateTimeOffset? AsOf { get; init; }

    /// <summary>A calendar month of the workspace, given by any day in it (usually the first).</summary>
    public DateOnly? Month { get; init; }

    /// <summary>First local day of the period, inclusive; null for no lower bound.</summary>
    public DateOnly? From { get; init; }

    /// <summary>Last local day of the period, inclusive; null for the as-of moment.</summary>
    public DateOnly? To { get; init; }

    /// <summary>Rank the reps of this team (by name) only, against each other; null for every rep of the workspace.</summary>
    public string? Team { get; init; }

    /// <summary>The results part's weight in the score, 0..1; the process part's is 1 minus it.</summary>
    public double ResultsWeight { get; init; } = DefaultResultsWeight;

    /// <summary>Hours a new deal has for its first response when the stage it was created in sets none.</summary>
    public int FirstResponseSlaHours { get; init; } = DefaultFirstResponseSlaHours;

    /// <summary>An efficiency band with fewer stays is flagged too few to say, and not tested for "stops paying".</summary>
    public int MinN { get; init; } = FunnelQuery.DefaultMinN;

    /// <summary>The caller's scope, as on <see cref="FunnelQuery.Scope"/>: only the deals (and their tasks) it sees count.</summary>
    public AnalyticsScope? Scope { get; init; }

    /// <summary>"zh-CN" or "en": the language of stage names and of the note.</summary>
    public string Language { get; init; } = "en";
}
