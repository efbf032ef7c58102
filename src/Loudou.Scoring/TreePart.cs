using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.LightGbm;

namespace Loudou.Scoring;

/// <summary>LightGBM trees (ML.NET) on the tree view that add to a base log-odds: boosting from a logistic regression.</summary>
/// <remarks>
/// <para>ML.NET's LightGBM trainer cannot start from another model's scores, so the trees are fitted by Newton steps, as
/// LogitBoost does: from the current log-odds F and p = σ(F), a regression on the working response (y − p) / (p(1 − p))
/// with weights p(1 − p) is one Newton step of the log-loss. Each round fits one such regression and adds it to F.</para>
/// <para>Why a linear base at all: trees cannot extrapolate. When the newest deals lie outside anything seen in training (the
/// bank data's economy moved to levels never seen before), trees give them the score of the edge of the known range, while
/// the regression's terms go on; the trees then correct the regression where the data shows interactions and bends.</para>
/// </remarks>
internal sealed class TreePart(IReadOnlyList<ITransformer> rounds, int width)
{
    /// <summary>Probabilities are kept in this range when forming the working response, which otherwise explodes near 0 and 1.</summary>
    private const double Clip = 0.01;

    public IReadOnlyList<ITransformer> Rounds { get; } = rounds;

    public int Width { get; } = width;

    public static TreePart Train(MLContext ml, FeatureMatrix x, bool[] won, double[] baseLogits, ScoringSettings settings, int roundCount)
    {
        var current = (double[])baseLogits.Clone();
        var rounds = new List<ITransformer>();
        for (var r = 0; r < roundCount; r++)
        {
            var rows = new VectorRow[x.Rows];
            for (var i = 0; i < x.Rows; i++)
            {
                var p = Math.Clamp(1 / (1 + Math.Exp(-current[i])), Clip, 1 - Clip);
                var w = p * (1 - p);
                rows[i] = new VectorRow { Features = x.Row(i).ToArray(), Target = (float)(((won[i] ? 1 : 0) - p) / w), Weight = (float)w };
            }
            var trainer = ml.Regression.Trainers.LightGbm(new LightGbmRegressionTrainer.Options
            {
                LabelColumnName = nameof(VectorRow.Target),
                ExampleWeightColumnName = nameof(VectorRow.Weight),
                NumberOfIterations = settings.Trees / roundCount,
                LearningRate = settings.LearningRate,
                NumberOfLeaves = settings.Leaves,
                MinimumExampleCountPerLeaf = settings.MinLeaf,
                Seed = settings.Seed + r,
                Deterministic = true,
                NumberOfThreads = settings.Threads > 0 ? settings.Threads : null,
                Booster = new GradientBooster.Options
                {
                    L2Regularization = settings.TreeL2,
                    FeatureFraction = settings.FeatureFraction,
                    SubsampleFraction = settings.Subsample,
                    SubsampleFrequency = 1,
                },
            });
            var model = trainer.Fit(DataViews.Of(ml, rows, x.Width));
            rounds.Add(model);
            var step = Scores(ml, model, x);
            for (var i = 0; i < x.Rows; i++)
            {
                current[i] += step[i];
            }
        }
        return new TreePart(rounds, x.Width);
    }

    /// <summary>The trees' part of each row's log-odds.</summary>
    public double[] Logits(MLContext ml, FeatureMatrix x)
    {
        var sum = new double[x.Rows];
        foreach (var round in Rounds)
        {
            var step = Scores(ml, round, x);
            for (var i = 0; i < x.Rows; i++)
            {
                sum[i] += step[i];
            }
        }
        return sum;
    }

    /// <summary>Each row's contributions per column (ML.NET's feature contribution calculation over the trees' paths), added to <paramref name="into"/>.</summary>
    public void Contributions(MLContext ml, FeatureMatrix x, double[][] into)
    {
        foreach (var round in Rounds)
        {
            if (round is not ISingleFeaturePredictionTransformer<ICalculateFeatureContribution> predictor)
            {
                continue;
            }
            var calculator = ml.Transforms.CalculateFeatureContribution(predictor, numberOfPositiveContributions: x.Width, numberOfNegativeContributions: x.Width, normalize: false);
            var view = DataViews.Of(ml, x);
            var output = calculator.Fit(view).Transform(view);
            var i = 0;
            foreach (var contributions in output.GetColumn<float[]>("FeatureContributions"))
            {
                for (var j = 0; j < contributions.Length; j++)
                {
                    into[i][j] += contributions[j];
                }
                i++;
            }
        }
    }

    private static float[] Scores(MLContext ml, ITransformer model, FeatureMatrix x) =>
        [.. model.Transform(DataViews.Of(ml, x)).GetColumn<float>("Score")];
}
