namespace Loudou.Core.Analytics;

/// <summary>What to ask the funnel engine; every field has the default docs/metrics.md gives.</summary>
public sealed record FunnelQuery
{
    public const int DefaultMinN = 30;

    /// <summary>The moment described; null for the default (now, or the latest event when that is over 30 days old).</summary>
    public DateTimeOffset? AsOf { get; init; }

    /// <summary>Count a stage as entered only when the history shows it, not when a later stage was reached.</summary>
    public bool Strict { get; init; }

    /// <summary>Below this n a rate is flagged too few to say.</summary>
    public int MinN { get; init; } = DefaultMinN;

    /// <summary>A dimension to break the funnel down by, such as "channel" or "custom.budget".</summary>
    public string? By { get; init; }

    /// <summary>Filters: a deal must hold each (dimension, value). "" means blank.</summary>
    public IReadOnlyList<(string Dimension, string Value)> Where { get; init; } = [];

    /// <summary>First local day of the cohort range, inclusive.</summary>
    public DateOnly? From { get; init; }

    /// <summary>Last local day of the cohort range, inclusive.</summary>
    public DateOnly? To { get; init; }

    /// <summary>Cohort by entry into this stage (key) instead of by creation.</summary>
    public string? CohortStage { get; init; }

    /// <summary>The caller's scope: only the deals it sees are counted. Null (the default): every deal, as for an admin or the CLI.</summary>
    public AnalyticsScope? Scope { get; init; }

    /// <summary>
    /// Keep each stage's full Kaplan–Meier curve (and the time-to-close curve) in the answer, for charts. Without it the
    /// engine finds the medians and p90s without building the curves (much faster at scale); their counts remain.
    /// </summary>
    public bool Curves { get; init; }

    /// <summary>
    /// Compute time in stage and time to close (the default). Without them every duration figure is null and the answer
    /// is counts and rates only, several times faster at scale: what a trend by month or a list of values needs.
    /// </summary>
    public bool Times { get; init; } = true;

    /// <summary>"zh-CN" or "en": the language of stage names in the answer.</summary>
    public string Language { get; init; } = "en";
}
