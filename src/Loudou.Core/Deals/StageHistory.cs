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
        var positions = pipeline.Stages.ToDictionary(s => s.Id, s => s.Position);
        var ordered = rows
            .OrderBy(r => r.EnteredAt.HasValue)
            .ThenBy(r => r.EnteredAt)
            .ThenBy(r => positions.GetValueOrDefault(r.StageId, int.MaxValue))
            .ThenBy(r => r.Id)
            .ToList();
        var steps = new List<StageStep>(ordered.Count);
        int? from = null;
        for (var i = 0; i < ordered.Count; i++)
        {
            var row = ordered[i];
            steps.Add(new StageStep(i, from, row.StageId, row.EnteredAt, row.ByUserId, row.Source));
            from = row.StageId;
        }
        return steps;
    }
}
