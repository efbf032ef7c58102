using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.LightGbm;

namespace Loudou.Scoring;

/// <summary>LightGBM trees (ML.NET) on the tree view that add to a base log-odds: boosting from a logistic regression.</summary>
/// <remarks>
/// <para>ML.NET's LightGBM trainer cannot start from another model's scores, so the trees are fitted by a Newton step, as
/// LogitBoost does: from the base log-odds F and p = σ(F), a regression on the working response (y − p) / (p(1 − p)) with
/// weights p(1 − p) is one Newton step of the log-loss from F; the trees' sum is added to F. (More rounds, refitting the
/// response after each, measured no better on the bank data: docs/scoring.md.)</para>
/// <para>Why a linear base at all: trees cannot extrapolate. When the newest deals lie outside anything seen in training (the
/// bank data's economy moved to levels never seen before), trees give them the score of the edge of the known range, while
/// the regression's terms go on; the trees then correct the regression where the data shows interactions and bends.</para>
/// </remarks>
internal sealed class TreePart(ITransformer model, TreeEnsemble trees, int width)
{
    /// <summary>Probabilities are kept in this range when forming the working response, which otherwise explodes near 0 and 1.</summary>
    private const double Clip = 0.01;

    /// <summary>ML.NET's model, as stored.</summary>
    public ITransformer Model { get; } = model;

    public TreeEnsemble Trees { get; } = trees;

    public int Width { get; } = width;

    public static TreePart Train(MLContext ml, FeatureMatrix x, bool[] won, double[] baseLogits, ScoringSettings settings)
    {
        var rows = new VectorRow[x.Rows];
        for (var i = 0; i < x.Rows; i++)
        {
            var p = Math.Clamp(1 / (1 + Math.Exp(-baseLogits[i])), Clip, 1 - Clip);
            var w = p * (1 - p);
            rows[i] = new VectorRow { Features = x.Row(i).ToArray(), Target = (float)(((won[i] ? 1 : 0) - p) / w), Weight = (float)w };
        }
        var trainer = ml.Regression.Trainers.LightGbm(new LightGbmRegressionTrainer.Options
        {
            LabelColumnName = nameof(VectorRow.Target),
            ExampleWeightColumnName = nameof(VectorRow.Weight),
            NumberOfIterations = settings.Trees,
            LearningRate = settings.LearningRate,
            NumberOfLeaves = settings.Leaves,
            MinimumExampleCountPerLeaf = settings.MinLeaf,
            Seed = settings.Seed,
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
        return new TreePart(model, TreeEnsemble.From(model.Model.TrainedTreeEnsemble, x), x.Width);
    }

    /// <summary>Reads a stored model back, with the node covers saved beside it.</summary>
    public static TreePart Load(ITransformer model, IReadOnlyList<int[]> covers, int width)
    {
        if (model is not RegressionPredictionTransformer<LightGbmRegressionModelParameters> regression)
        {
            throw new InvalidDataException($"the stored trees are a {model.GetType().Name}, not LightGBM regression trees; train the model again.");
        }
        return new TreePart(model, TreeEnsemble.From(regression.Model.TrainedTreeEnsemble, covers), width);
    }

    /// <summary>ML.NET's own scores of the rows, for the test that checks <see cref="TreeEnsemble"/> against them.</summary>
    public float[] ScoresByMlNet(MLContext ml, FeatureMatrix x) => [.. Model.Transform(DataViews.Of(ml, x)).GetColumn<float>("Score")];
}
