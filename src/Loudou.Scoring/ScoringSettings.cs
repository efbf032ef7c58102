namespace Loudou.Scoring;

/// <summary>The settings of training and evaluation, with the defaults docs/scoring.md gives the reasons for.</summary>
/// <param name="Seed">Every random choice (folds, bagging, feature sampling) follows it: the same data and seed give the same report.</param>
/// <param name="Folds">Cross-validation folds.</param>
/// <param name="MinCount">Rows a category needs in training to get a column of its own.</param>
/// <param name="LinearL2">L2 strength of the logistic regression (on scaled features).</param>
/// <param name="Trees">Boosting rounds of LightGBM.</param>
/// <param name="Threads">LightGBM's threads; 0 for one per core. One by default: the same data and seed then give the same trees on every machine, and a shared machine's other work does not stall its threads.</param>
public sealed record ScoringSettings(
    int Seed = 1,
    int Folds = 5,
    int MinCount = 10,
    double LinearL2 = 1,
    int Trees = 300,
    double LearningRate = 0.03,
    int Leaves = 15,
    int MinLeaf = 100,
    double FeatureFraction = 0.7,
    double Subsample = 0.8,
    double TreeL2 = 1,
    int Threads = 1)
{
    public static ScoringSettings Default { get; } = new();

    /// <summary>The settings in words, for the report.</summary>
    public string Describe(bool trees) => trees
        ? $"ML.NET LightGBM ({Trees} rounds, learning rate {Inv(LearningRate)}, {Leaves} leaves, at least {MinLeaf} rows a leaf, feature fraction {Inv(FeatureFraction)}, "
            + $"bagging {Inv(Subsample)}, L2 {Inv(TreeL2)}) boosted from a logistic regression (L2 {Inv(LinearL2)}), Platt-calibrated"
        : $"ML.NET L-BFGS logistic regression (L2 {Inv(LinearL2)}) on scaled features, Platt-calibrated";

    private static string Inv(double value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
