namespace Loudou.Core.Scoring;

/// <summary>Where the A/B/C layers are cut: two score levels, and optionally the amount of a large deal (docs/scoring.md).</summary>
/// <param name="HighScore">A score at or above it is high.</param>
/// <param name="LowScore">A score below it is low; between the two, medium.</param>
/// <param name="LargeAmount">An amount in the base currency at or above it is large; null leaves value out and layers by score alone.</param>
public sealed record LayerThresholds(double HighScore, double LowScore, decimal? LargeAmount)
{
    /// <summary>
    /// 0.2 and 0.08, for funnels where about one lead in ten to fifteen is won: A is then about twice as likely to be won as
    /// the typical lead, C less likely (on the demo's held-out scores: A 24% won, B 13%, C 5%; docs/scoring.md).
    /// </summary>
    public static LayerThresholds Default { get; } = new(0.2, 0.08, null);

    /// <exception cref="DomainRuleException">Scores outside 0..1 or not in order; an amount that is not positive.</exception>
    public static LayerThresholds Check(double highScore, double lowScore, decimal? largeAmount)
    {
        if (!double.IsFinite(highScore) || highScore is <= 0 or > 1)
        {
            Guard.Throw("layerHighScore", $"a high score is a probability above 0 and at most 1; was {highScore}.");
        }
        if (!double.IsFinite(lowScore) || lowScore < 0 || lowScore >= highScore)
        {
            Guard.Throw("layerLowScore", $"the low score must be from 0 up to below the high score ({highScore}); was {lowScore}.");
        }
        if (largeAmount is <= 0)
        {
            Guard.Throw("layerLargeAmount", $"a large deal's amount must be above 0, or empty to layer by score alone; was {largeAmount}.");
        }
        return new(highScore, lowScore, largeAmount);
    }
}

/// <summary>A/B/C layers by score × value, so that reps spend their time where it pays.</summary>
/// <remarks>
/// A score earns 2 points when high, 1 when medium, 0 when low. Without a large-deal amount the points are the layer:
/// A high, B medium, C low. With one, a large deal earns a point more and A takes 3 (high and large), B takes 2 (high and
/// small, or medium and large), C the rest; a deal without an amount counts as small. Fixed cuts, not shares of the
/// pipeline, so a deal's layer is its own and does not move when other deals change.
/// </remarks>
public static class ValueLayers
{
    public const string A = "A";
    public const string B = "B";
    public const string C = "C";

    public static string Of(double score, decimal? amountInBase, LayerThresholds thresholds)
    {
        var points = score >= thresholds.HighScore ? 2 : score >= thresholds.LowScore ? 1 : 0;
        if (thresholds.LargeAmount is not { } large)
        {
            return points switch { 2 => A, 1 => B, _ => C };
        }
        points += amountInBase >= large ? 1 : 0;
        return points switch { >= 3 => A, 2 => B, _ => C };
    }
}
