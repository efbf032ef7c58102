namespace Loudou.Core.Analytics;

/// <summary>Which conversion target applies to a stage, a team and a month: one rule for both snapshots.</summary>
public static class StageTargets
{
    /// <summary>The target rate of a stage for a team (null: the whole stage) in a month; the most specific applies: team and month, team, month, stage.</summary>
    public static double? For(IReadOnlyList<StageTarget> targets, int stageId, string? team, DateOnly? month)
    {
        StageTarget? best = null;
        var bestScore = -1;
        foreach (var target in targets)
        {
            if (target.StageId != stageId || (target.Team is not null && target.Team != team) || (target.Month is not null && target.Month != month))
            {
                continue;
            }
            var score = (target.Team is null ? 0 : 2) + (target.Month is null ? 0 : 1);
            if (score > bestScore)
            {
                (best, bestScore) = (target, score);
            }
        }
        return best?.Rate;
    }
}
