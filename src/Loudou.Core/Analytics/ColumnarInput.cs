namespace Loudou.Core.Analytics;

/// <summary>Deals as columns for a bulk load into a <see cref="ColumnarSnapshot"/>; the snapshot adopts the arrays.</summary>
/// <param name="CreatedUtcTicks">Creation in UTC ticks; <see cref="ColumnarSnapshot.UnknownTime"/> when unknown.</param>
/// <param name="Amounts">Amount in base currency; null when no deal has one.</param>
/// <param name="HasAmount">Which deals have an amount; null: all of them (when <paramref name="Amounts"/> is given).</param>
/// <param name="Dimensions">Single-valued dimensions, already dictionary-encoded by the reader: each value list and a code per deal.</param>
public sealed record DealColumns(
    int Count,
    long[] Ids,
    long[] CreatedUtcTicks,
    decimal[]? Amounts,
    bool[]? HasAmount,
    IReadOnlyDictionary<string, (IReadOnlyList<string> Values, int[] Codes)> Dimensions)
{
    /// <summary>Dimensions where a deal may hold several values (tags, products): (deal index, value) pairs in any order; a deal without a pair is blank.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<(int Deal, string Value)>> SeveralValued { get; init; } = new Dictionary<string, IReadOnlyList<(int Deal, string Value)>>();

    /// <summary>Each deal's loss reason key as a value list and a code per deal (code 0 of a list whose first value is "" is none); null: no deal has one.</summary>
    public (IReadOnlyList<string> Values, int[] Codes)? LossReasons { get; init; }
}

/// <summary>Stage history rows as columns for a bulk load, in any order.</summary>
/// <param name="StageIndexes">Index of the stage in <see cref="Pipelines.Pipeline.Stages"/> (position order), not its id.</param>
/// <param name="UtcTicks">When the stage was entered, in UTC ticks; <see cref="ColumnarSnapshot.UnknownTime"/> when unknown.</param>
public sealed record EventColumns(int Count, long[] DealIds, byte[] StageIndexes, long[] UtcTicks);

/// <summary>Activities and standard-action completions as columns for a bulk load, each in any order.</summary>
/// <param name="TouchDeals">The deal of each activity.</param>
/// <param name="TouchTicks">When each activity happened, in UTC ticks.</param>
/// <param name="CompletionActions">The stage action id of each completion.</param>
public sealed record WorkColumns(
    int TouchCount, long[] TouchDeals, long[] TouchTicks,
    int CompletionCount, long[] CompletionDeals, int[] CompletionActions, long[] CompletionTicks);
