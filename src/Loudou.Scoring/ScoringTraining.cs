using System.Diagnostics;
using Loudou.Core.Scoring;
using Microsoft.ML;

namespace Loudou.Scoring;

/// <summary>What training gives: the model and its report, or why nothing was trained.</summary>
/// <param name="Refusal">Why nothing was trained (no closed deals, one outcome only, too few); null when a model was.</param>
/// <param name="TooFew">The refusal is the small-data floor rather than bad input.</param>
/// <param name="HeldOut">Each closed deal's score at creation from the cross-validation fold that did not learn from it (for the layers' funnels).</param>
public sealed record TrainingResult(ScoringReport? Report, byte[]? Model, string? Refusal, bool TooFew = false, IReadOnlyList<(long DealId, double Score)>? HeldOut = null);

/// <summary>Trains a pipeline's model on its closed deals and measures it: on a time split and by cross-validation (docs/scoring.md).</summary>
public static class ScoringTraining
{
    /// <summary>How many training rows the report's average contributions are computed on, at most.</summary>
    private const int ExplainedRows = 2000;

    public static TrainingResult Train(string pipeline, ScoringShape shape, IReadOnlyList<ScoringDeal> deals, ScoringSettings settings, DateTimeOffset now)
    {
        var closed = deals.Where(d => d.IsClosed).ToList();
        var won = closed.Count(d => d.Outcome == DealOutcome.Won);
        var lost = closed.Count - won;
        if (closed.Count == 0)
        {
            return new(null, null, $"pipeline {pipeline} has no closed deals: a model learns from deals won and lost, and none is yet.");
        }
        if (won == 0 || lost == 0)
        {
            return new(null, null, $"pipeline {pipeline} has only {(won == 0 ? "lost" : "won")} closed deals ({closed.Count}): a model needs both outcomes to tell them apart.");
        }
        var plan = ScoringPlan.Choose(won, lost);
        if (plan.Method == ScoringMethod.TooFew)
        {
            return new(null, null, $"pipeline {pipeline}: {plan.Reason}", TooFew: true);
        }
        var ml = new MLContext(seed: settings.Seed);
        var builder = new FeatureBuilder(shape);
        var rows = TrainingRows.Build(builder, closed);

        var evaluation = Stopwatch.StartNew();
        var inTrain = ScoringSplits.TimeSplit(closed, out var byCreation);
        var timeSplit = HoldOut(ml, plan.Method, builder, shape, closed, rows, d => inTrain[d], settings);
        var folds = ScoringSplits.Folds([.. closed.Select(d => d.Outcome == DealOutcome.Won)], settings.Folds, settings.Seed);
        var heldOut = new double[closed.Count];
        Array.Fill(heldOut, double.NaN);
        var foldFigures = Enumerable.Range(0, settings.Folds)
            .Select(k => HoldOut(ml, plan.Method, builder, shape, closed, rows, d => folds[d] != k, settings, heldOut))
            .ToList();
        evaluation.Stop();

        var fit = Stopwatch.StartNew();
        var model = ModelTrainer.Train(ml, plan.Method, builder, shape, closed, rows, settings);
        fit.Stop();

        var report = new ScoringReport(
            pipeline,
            plan.Method switch { ScoringMethod.Trees => "trees", ScoringMethod.Logistic => "logistic", _ => "stageConversion" },
            plan.Method switch
            {
                ScoringMethod.Trees => settings.Describe(trees: true),
                ScoringMethod.Logistic => settings.Describe(trees: false),
                _ => $"stage conversion: the share won among closed deals that reached the stage, smoothed by {StageConversion.Prior} deals' worth of the overall rate",
            },
            plan.Reason,
            now,
            settings.Seed,
            rows.Rows.Count,
            won,
            lost,
            [.. builder.Specs.Where((_, f) => Used(model.Encoding, f)).Select(s => s.Key)],
            new CrossValidationFigures(settings.Folds, Mean(foldFigures.Select(f => f.Auc)), Mean(foldFigures.Select(f => f.Brier)), [.. foldFigures.Select(f => f.Auc)]),
            byCreation ? "creation" : "importOrder",
            timeSplit,
            TopFeatures(model, rows),
            fit.Elapsed.TotalSeconds,
            evaluation.Elapsed.TotalSeconds);
        return new(report, ModelFile.Write(model), null, HeldOut: [.. closed.Select((d, i) => (d.Id, heldOut[i])).Where(x => !double.IsNaN(x.Item2))]);
    }

    /// <summary>Trains on the deals <paramref name="train"/> keeps and tests on the others.</summary>
    /// <param name="firstScores">When given, each tested deal's score at its first moment (creation) is written at its index.</param>
    private static HoldOutFigures HoldOut(
        MLContext ml, ScoringMethod method, FeatureBuilder builder, ScoringShape shape, IReadOnlyList<ScoringDeal> deals, TrainingRows rows, Func<int, bool> train, ScoringSettings settings,
        double[]? firstScores = null)
    {
        var training = rows.Where(train);
        var testing = rows.Where(d => !train(d));
        if (training.Rows.Count == 0 || testing.Rows.Count == 0)
        {
            return new HoldOutFigures(testing.Rows.Count, 0, null, null, null, null, []);
        }
        var model = ModelTrainer.Train(ml, method, builder, shape, deals, training, settings);
        var p = model.Probabilities(testing.Rows);
        var y = testing.Won;
        if (firstScores is not null)
        {
            // A deal's rows come in time order, so its first row tested is its earliest moment.
            for (var i = p.Length - 1; i >= 0; i--)
            {
                firstScores[testing.Deal[i]] = p[i];
            }
        }
        return new HoldOutFigures(
            p.Length,
            testing.Deal.Distinct().Count(),
            ScoreMetrics.Auc(p, y),
            ScoreMetrics.Brier(p, y),
            ScoreMetrics.Lift(p, y, 0.1),
            ScoreMetrics.Lift(p, y, 0.2),
            ScoreMetrics.Calibration(p, y));
    }

    /// <summary>The features that move scores most: mean absolute contribution over (a sample of) the training rows.</summary>
    private static IReadOnlyList<(string Feature, double Weight)> TopFeatures(ScoreModel model, TrainingRows rows)
    {
        var stride = Math.Max(1, rows.Rows.Count / ExplainedRows);
        var sample = rows.Rows.Where((_, i) => i % stride == 0).ToList();
        var buffers = new ScoreModel.Buffers(model);
        var contributions = sample.Select(r => model.Contributions(r, buffers)).ToList();
        var specs = model.Encoding.Specs;
        return [.. Enumerable.Range(0, specs.Count)
            .Select(f => (specs[f].Key, Weight: contributions.Average(c => Math.Abs(c[f]))))
            .Where(x => x.Weight > 1e-9)
            .OrderByDescending(x => x.Weight)
            .Take(10)];
    }

    /// <summary>Whether a feature has a column: a number known in training, or a category with values seen often enough.</summary>
    private static bool Used(FeatureEncoding encoding, int feature) => encoding.TreeSlots.Any(s => s.Feature == feature);

    private static double? Mean(IEnumerable<double?> values)
    {
        var known = values.OfType<double>().ToList();
        return known.Count == 0 ? null : known.Average();
    }
}
