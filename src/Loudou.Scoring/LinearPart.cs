using Microsoft.ML;
using Microsoft.ML.Trainers;

namespace Loudou.Scoring;

/// <summary>A logistic regression on the linear view, trained by ML.NET (L-BFGS), kept as its weights so that scoring and explaining are plain sums.</summary>
/// <param name="Means">Each column's mean in training: a feature's contribution is its weight times its distance from the average deal.</param>
internal sealed record LinearPart(float[] Weights, float Bias, float[] Means)
{
    public static LinearPart Train(MLContext ml, FeatureMatrix x, bool[] won, double l2)
    {
        var rows = Enumerable.Range(0, x.Rows).Select(i => new VectorRow { Features = x.Row(i).ToArray(), Label = won[i] });
        var trainer = ml.BinaryClassification.Trainers.LbfgsLogisticRegression(new LbfgsLogisticRegressionBinaryTrainer.Options
        {
            L2Regularization = (float)l2,
            L1Regularization = 0,
            // Threads would make the optimiser's sums, and so the report, differ in the last digits between runs.
            NumberOfThreads = 1,
        });
        var model = trainer.Fit(DataViews.Of(ml, rows, x.Width)).Model.SubModel;
        var means = new float[x.Width];
        for (var i = 0; i < x.Rows; i++)
        {
            var row = x.Row(i);
            for (var j = 0; j < row.Length; j++)
            {
                means[j] += row[j];
            }
        }
        for (var j = 0; j < means.Length; j++)
        {
            means[j] /= Math.Max(1, x.Rows);
        }
        return new LinearPart([.. model.Weights], model.Bias, means);
    }

    public double Logit(ReadOnlySpan<float> row)
    {
        double sum = Bias;
        for (var j = 0; j < Weights.Length; j++)
        {
            sum += Weights[j] * row[j];
        }
        return sum;
    }

    /// <summary>Adds each column's contribution, weight × (value − mean), to its slot in <paramref name="into"/>.</summary>
    public void Contributions(ReadOnlySpan<float> row, Span<double> into)
    {
        for (var j = 0; j < Weights.Length; j++)
        {
            into[j] += Weights[j] * (row[j] - Means[j]);
        }
    }
}
