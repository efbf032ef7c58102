namespace Loudou.Core.Scoring;

/// <summary>Where a deal stands: still open, or closed won or lost.</summary>
public enum DealOutcome
{
    Open,
    Won,
    Lost,
}

/// <summary>A stage a deal entered, by its index in <see cref="ScoringShape.Stages"/>, and when (null when the history does not say).</summary>
public readonly record struct StageVisit(int Stage, DateTimeOffset? At);

/// <summary>A standard action done, by its index in <see cref="ScoringShape.Actions"/>, and when.</summary>
public readonly record struct ActionDone(int Action, DateTimeOffset At);

/// <summary>One deal's facts as the scoring model reads them: its fields now, and its dated history.</summary>
/// <remarks>
/// The id and the import order are kept to name the deal and to split by time, never as features (docs/scoring.md): a file's
/// row number follows time and would leak it. Histories are in time order; <see cref="FeatureBuilder"/> reads them only up to
/// the moment a deal is scored at.
/// </remarks>
public sealed class ScoringDeal
{
    public required long Id { get; init; }

    /// <summary>When the deal was created: its own creation time, else its first dated stage entry; null when neither is known.</summary>
    public DateTimeOffset? CreatedAt { get; init; }

    public DealOutcome Outcome { get; init; }

    /// <summary>When it closed; null while open or when unknown.</summary>
    public DateTimeOffset? ClosedAt { get; init; }

    public double? Amount { get; init; }

    public string? Channel { get; init; }

    /// <summary>The owner's display name.</summary>
    public string? Owner { get; init; }

    public string? Team { get; init; }

    public string? Industry { get; init; }

    public string? SizeBand { get; init; }

    public string? Region { get; init; }

    /// <summary>The custom field values in <see cref="ScoringShape.Fields"/>' order; null where the deal has none.</summary>
    public string?[] Fields { get; init; } = [];

    public string[] Tags { get; init; } = [];

    /// <summary>Stage entries in history order (docs/metrics.md, "Which deals").</summary>
    public StageVisit[] Stages { get; init; } = [];

    /// <summary>When each activity happened, earliest first.</summary>
    public DateTimeOffset[] Activities { get; init; } = [];

    /// <summary>Actions done, earliest first.</summary>
    public ActionDone[] Actions { get; init; } = [];

    /// <summary>Whether the deal is closed with a known outcome, so it can teach the model.</summary>
    public bool IsClosed => Outcome != DealOutcome.Open;
}
