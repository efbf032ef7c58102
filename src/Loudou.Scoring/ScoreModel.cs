using Loudou.Core.Scoring;
using Microsoft.ML;

namespace Loudou.Scoring;

/// <summary>A trained scoring model: how rows are encoded, its parts, and the calibration that turns log-odds into probabilities.</summary>
/// <remarks>
/// Trees add to a logistic regression's log-odds (<see cref="TreePart"/>); a logistic model is the regression alone; stage
/// conversion is a rate per stage. Every part is additive on the log-odds scale, so a score splits into per-feature
/// contributions: the regression's exactly, the trees' by ML.NET's path-based calculation.
/// </remarks>
internal sealed class ScoreModel
{
    public required ScoringMethod Method { get; init; }

    public required FeatureEncoding Encoding { get; init; }

    public LinearPart? Linear { get; init; }

    public TreePart? Trees { get; init; }

    public StageConversion? Stages { get; init; }

    /// <summary>The pipeline's stage keys, by index, for reading the stage feature in stage conversion.</summary>
    public IReadOnlyList<string> StageKeys { get; init; } = [];

    public PlattScaling Calibration { get; set; } = PlattScaling.Identity;

    /// <summary>Each row's log-odds before calibration.</summary>
    public double[] Logits(MLContext ml, IReadOnlyList<FeatureRow> rows)
    {
        if (Method == ScoringMethod.StageConversion)
        {
            return [.. rows.Select(r => Logit(Stages!.Rate(StageOf(r))))];
        }
        var logits = new double[rows.Count];
        var linear = Encode(rows, linear: true);
        for (var i = 0; i < rows.Count; i++)
        {
            logits[i] = Linear!.Logit(linear.Row(i));
        }
        if (Trees is not null)
        {
            var trees = Trees.Logits(ml, Encode(rows, linear: false));
            for (var i = 0; i < rows.Count; i++)
            {
                logits[i] += trees[i];
            }
        }
        return logits;
    }

    public double[] Probabilities(MLContext ml, IReadOnlyList<FeatureRow> rows) => [.. Logits(ml, rows).Select(Calibration.Probability)];

    /// <summary>Each row's contribution per feature (indexed like <see cref="FeatureEncoding.Specs"/>), on the log-odds scale.</summary>
    public double[][] Contributions(MLContext ml, IReadOnlyList<FeatureRow> rows)
    {
        var specs = Encoding.Specs.Count;
        var perFeature = rows.Select(_ => new double[specs]).ToArray();
        if (Method == ScoringMethod.StageConversion)
        {
            var stage = Encoding.Specs.Select((s, i) => (s, i)).First(x => x.s.Key == FeatureKeys.Stage).i;
            for (var i = 0; i < rows.Count; i++)
            {
                perFeature[i][stage] = Logit(Stages!.Rate(StageOf(rows[i]))) - Logit(Stages.Overall);
            }
            return perFeature;
        }
        var linear = Encode(rows, linear: true);
        var slots = new double[Encoding.LinearSlots.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            Array.Clear(slots);
            Linear!.Contributions(linear.Row(i), slots);
            for (var j = 0; j < slots.Length; j++)
            {
                perFeature[i][Encoding.LinearSlots[j].Feature] += slots[j];
            }
        }
        if (Trees is not null)
        {
            var treeSlots = rows.Select(_ => new double[Encoding.TreeSlots.Count]).ToArray();
            Trees.Contributions(ml, Encode(rows, linear: false), treeSlots);
            for (var i = 0; i < rows.Count; i++)
            {
                for (var j = 0; j < treeSlots[i].Length; j++)
                {
                    perFeature[i][Encoding.TreeSlots[j].Feature] += treeSlots[i][j];
                }
            }
        }
        return perFeature;
    }

    public FeatureMatrix Encode(IReadOnlyList<FeatureRow> rows, bool linear)
    {
        var matrix = new FeatureMatrix(rows.Count, linear ? Encoding.LinearSlots.Count : Encoding.TreeSlots.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            if (linear)
            {
                Encoding.Linear(rows[i], matrix.Row(i));
            }
            else
            {
                Encoding.Tree(rows[i], matrix.Row(i));
            }
        }
        return matrix;
    }

    private int? StageOf(FeatureRow row)
    {
        for (var f = 0; f < Encoding.Specs.Count; f++)
        {
            if (Encoding.Specs[f].Key == FeatureKeys.Stage && row.Categories[f] is { } key)
            {
                var index = StageKeys.ToList().IndexOf(key);
                return index >= 0 ? index : null;
            }
        }
        return null;
    }

    private static double Logit(double p)
    {
        var clipped = Math.Clamp(p, 1e-6, 1 - 1e-6);
        return Math.Log(clipped / (1 - clipped));
    }
}
