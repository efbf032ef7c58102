using Loudou.Core.Pipelines;

namespace Loudou.Core.Deals;

/// <summary>One entry of a deal's ordered history, with the stage it came from.</summary>
/// <param name="Index">0-based position in the ordered history.</param>
/// <param name="FromStageId">The stage of the previous entry; null for the first.</param>
public sealed record StageStep(int Index, int? FromStageId, int StageId, DateTimeOffset? EnteredAt, int? ByUserId, TransitionSource Source);

/// <summary>Orders a deal's stage history and derives where each step came from.</summary>
public static class StageHistory
{
    /// <summary>Orders one deal's history rows and derives each row's "from" stage.</summary>
    /// <remarks>
    /// Order: by <c>EnteredAt</c>, rows with an unknown time first (an import that does not date the
    /// early stages still knows they came first); ties by the stage's position in the pipeline, then
    /// by row id (insertion order). The rule is the same however the rows were inserted, so history
    /// imported out of order reads the same as history recorded live. The position tie-break is a
    /// guess that suits imports (one date for several stages); moves made in Loudou carry distinct
    /// times, so it rarely decides for them.
    /// </remarks>
    public static IReadOnlyList<StageStep> Order(IEnumerable<StageTransition> rows, Pipeline pipeline)
    {
        // An import builds a million deals through this: one array sort, not a chain of OrderBy.
        // The row's place in the input is the last key, so the sort is stable as OrderBy is.
        var list = rows as IReadOnlyList<StageTransition> ?? [.. rows];
        var ordered = new (StageTransition Row, int Index)[list.Count];
        for (var i = 0; i < ordered.Length; i++)
        {
            ordered[i] = (list[i], i);
        }
        Array.Sort(ordered, (a, b) =>
        {
            var order = a.Row.EnteredAt.HasValue.CompareTo(b.Row.EnteredAt.HasValue);
            if (order == 0)
            {
                order = Nullable.Compare(a.Row.EnteredAt, b.Row.EnteredAt);
            }
            if (order == 0)
            {
                order = Position(pipeline, a.Row.StageId).CompareTo(Position(pipeline, b.Row.StageId));
            }
            if (order == 0)
            {
                order = a.Row.Id.CompareTo(b.Row.Id);
            }
            return order != 0 ? order : a.Index.CompareTo(b.Index);
        });
        var steps = new List<StageStep>(ordered.Length);
        int? from = null;
        for (var i = 0; i < ordered.Length; i++)
        {
            var row = ordered[i].Row;
            steps.Add(new StageStep(i, from, row.StageId, row.EnteredAt, row.ByUserId, row.Source));
            from = row.StageId;
        }
        return steps;
    }

    /// <summary>A stage's position in the pipeline; a stage of another pipeline sorts last.</summary>
    private static int Position(Pipeline pipeline, int stageId)
    {
        foreach (var stage in pipeline.Stages)
        {
            if (stage.Id == stageId)
            {
                return stage.Position;
            }
        }
        return int.MaxValue;
    }
}
