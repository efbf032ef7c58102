namespace Loudou.Core.Import;

/// <summary>A deal as one row of a file describes it, checked and ready to write.</summary>
/// <remarks>A null field means the mapping does not fill it or the cell was empty: the deal keeps what it has.</remarks>
public sealed record DealRow
{
    public required long Row { get; init; }

    public required string ExternalId { get; init; }

    public string? Name { get; init; }

    public string? Account { get; init; }

    public string? AccountIndustry { get; init; }

    public string? AccountRegion { get; init; }

    public string? AccountSizeBand { get; init; }

    public string? Channel { get; init; }

    public string? Owner { get; init; }

    public string? Team { get; init; }

    public decimal? Amount { get; init; }

    public string? Currency { get; init; }

    public DateTimeOffset? CreatedAt { get; init; }

    public DateOnly? ExpectedClose { get; init; }

    public string? Product { get; init; }

    public string? ProductSeries { get; init; }

    public decimal? ProductListPrice { get; init; }

    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Custom values by field key, in their canonical text; a field whose cell was empty is left out.</summary>
    public IReadOnlyList<(string Key, string Value)> Custom { get; init; } = [];

    /// <summary>The stage history the row stands for, in funnel order, consecutive repeats removed.</summary>
    public IReadOnlyList<HistoryStep> Steps { get; init; } = [];
}

/// <summary>One stage history entry read from a row.</summary>
/// <param name="At">Null when the file does not say.</param>
public sealed record HistoryStep(string StageKey, DateTimeOffset? At, string? LossReasonKey);
