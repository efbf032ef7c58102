namespace Loudou.Core.Segments;

/// <summary>
/// Which deals a segment holds: every condition given must hold (and); a condition left out holds for every deal.
/// Names are as stored (a channel's or team's name, a login, a stage or pipeline key); amounts are in the deal's own
/// currency; scores and layers are the pipeline's active model's (a deal without a score matches no score condition).
/// </summary>
public sealed record SegmentRule
{
    public string? Pipeline { get; init; }

    /// <summary>Stage keys, any of them.</summary>
    public IReadOnlyList<string>? Stages { get; init; }

    /// <summary>Only open deals (true), only closed ones (false), or both (null).</summary>
    public bool? Open { get; init; }

    public string? Owner { get; init; }

    public string? Team { get; init; }

    public string? Channel { get; init; }

    public string? Tag { get; init; }

    public string? Industry { get; init; }

    public string? Region { get; init; }

    public string? SizeBand { get; init; }

    public decimal? MinAmount { get; init; }

    public decimal? MaxAmount { get; init; }

    public double? MinScore { get; init; }

    public double? MaxScore { get; init; }

    /// <summary>A, B or C, any of them.</summary>
    public IReadOnlyList<string>? Layers { get; init; }
}
