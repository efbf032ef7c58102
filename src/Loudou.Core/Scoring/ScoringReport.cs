namespace Loudou.Core.Scoring;

/// <summary>Figures of a model's predictions on deals it did not learn from.</summary>
/// <param name="N">Rows tested (a deal gives one row per moment it was open, <see cref="TrainingMoments"/>).</param>
/// <param name="Deals">Deals tested.</param>
public sealed record HoldOutFigures(int N, int Deals, double? Auc, double? Brier, double? LiftTop10, double? LiftTop20, IReadOnlyList<CalibrationBin> Calibration);

/// <summary>Cross-validation: the mean of the folds' AUCs and Brier scores, and each fold's AUC.</summary>
public sealed record CrossValidationFigures(int Folds, double? Auc, double? Brier, IReadOnlyList<double?> FoldAucs);

/// <summary>The quality report stored with each model (docs/scoring.md, "The report").</summary>
/// <param name="Model">The method: trees, logistic or stageConversion.</param>
/// <param name="Algorithm">What was trained, with its settings, in words.</param>
/// <param name="Reason">Why this method: the small-data rule's words (<see cref="ScoringPlan"/>).</param>
/// <param name="Rows">Training rows of the final model: closed deals times the moments each was open at.</param>
/// <param name="SplitBy">"creation" or "importOrder": how the time split orders deals.</param>
/// <param name="TopFeatures">The features that move scores most on average, most first, with their mean absolute contribution.</param>
/// <param name="Seconds">Time to train the final model on every closed deal.</param>
/// <param name="EvaluationSeconds">Time to train and test the models of the time split and the folds.</param>
public sealed record ScoringReport(
    string Pipeline,
    string Model,
    string Algorithm,
    string Reason,
    DateTimeOffset TrainedAt,
    int Seed,
    int Rows,
    int Won,
    int Lost,
    IReadOnlyList<string> Features,
    CrossValidationFigures? CrossValidation,
    string SplitBy,
    HoldOutFigures? TimeSplit,
    IReadOnlyList<(string Feature, double Weight)> TopFeatures,
    double Seconds,
    double EvaluationSeconds);
