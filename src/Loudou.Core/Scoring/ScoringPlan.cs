namespace Loudou.Core.Scoring;

/// <summary>How a pipeline's scores are made, chosen by how many closed deals of each outcome it has.</summary>
public enum ScoringMethod
{
    /// <summary>Not enough closed deals to say anything: nothing is trained or scored.</summary>
    TooFew,

    /// <summary>Each deal gets the share of closed deals won among those that reached its current stage.</summary>
    StageConversion,

    /// <summary>A regularised logistic regression on every feature.</summary>
    Logistic,

    /// <summary>Gradient-boosted trees on a logistic regression's base (docs/scoring.md, "The model").</summary>
    Trees,
}

/// <summary>The method chosen for a pipeline, and why, in words.</summary>
public sealed record ScoringPlan(ScoringMethod Method, int Won, int Lost, string Reason)
{
    /// <summary>Below this many closed deals of either outcome, nothing is scored (docs/scoring.md, "Small data").</summary>
    public const int Floor = 10;

    /// <summary>From this many of each, a logistic regression; below it, stage conversion.</summary>
    public const int LogisticFrom = 50;

    /// <summary>From this many of each, trees.</summary>
    public const int TreesFrom = 200;

    /// <summary>Chooses the method for a pipeline's closed deals.</summary>
    public static ScoringPlan Choose(int won, int lost)
    {
        var fewer = Math.Min(won, lost);
        var counts = $"{won} won and {lost} lost closed deals";
        return fewer switch
        {
            < Floor => new(ScoringMethod.TooFew, won, lost,
                $"too few: {counts}; scoring needs at least {Floor} of each outcome."),
            < LogisticFrom => new(ScoringMethod.StageConversion, won, lost,
                $"stage conversion: {counts}, fewer than {LogisticFrom} of each, too few to weigh features; each deal gets the win rate of its stage."),
            < TreesFrom => new(ScoringMethod.Logistic, won, lost,
                $"logistic regression: {counts}, fewer than {TreesFrom} of each, too few for trees to learn interactions without overfitting."),
            _ => new(ScoringMethod.Trees, won, lost, $"trees: {counts}."),
        };
    }
}
