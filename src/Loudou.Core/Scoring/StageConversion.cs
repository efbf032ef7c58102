namespace Loudou.Core.Scoring;

/// <summary>The small-data fallback: a deal's chance is the share won among closed deals that reached its current stage.</summary>
/// <remarks>
/// Smoothed towards the overall win rate by <see cref="Prior"/> deals' worth, so that a stage few deals reached does not give
/// 0% or 100%. A deal whose stage is unknown at the moment scored gets the overall rate.
/// </remarks>
public sealed record StageConversion(IReadOnlyList<double> Rates, double Overall)
{
    /// <summary>How many deals' worth the overall rate weighs in each stage's rate.</summary>
    public const double Prior = 5;

    public static StageConversion Fit(IReadOnlyList<ScoringDeal> closed, int stages)
    {
        var reached = new int[stages];
        var won = new int[stages];
        var wins = 0;
        foreach (var deal in closed)
        {
            var isWon = deal.Outcome == DealOutcome.Won;
            wins += isWon ? 1 : 0;
            foreach (var stage in deal.Stages.Select(v => v.Stage).Distinct())
            {
                reached[stage]++;
                won[stage] += isWon ? 1 : 0;
            }
        }
        var overall = closed.Count == 0 ? 0 : (double)wins / closed.Count;
        return new StageConversion([.. Enumerable.Range(0, stages).Select(s => (won[s] + Prior * overall) / (reached[s] + Prior))], overall);
    }

    /// <summary>The rate of a stage by its index; the overall rate for null.</summary>
    public double Rate(int? stage) => stage is { } s ? Rates[s] : Overall;
}
