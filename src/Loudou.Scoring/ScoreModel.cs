using Loudou.Core.Scoring;

namespace Loudou.Scoring;

/// <summary>A trained scoring model: how rows are encoded, its parts, and the calibration that turns log-odds into probabilities.</summary>
/// <remarks>
/// Trees add to a logistic regression's log-odds (<see cref="TreePart"/>); a logistic model is the regression alone; stage
/// conversion is a rate per stage. Every part is additive on the log-odds scale, so a score splits into per-feature
/// contributions: the regression's exactly, the trees' along each tree's path (<see cref="TreeEnsemble"/>). Rows are scored
/// one at a time into buffers the caller owns, so a million deals need no more memory than one.
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

    /// <summary>Buffers for one row's encodings; one per thread.</summary>
    public sealed class Buffers(ScoreModel model)
    {
        public float[] Tree { get; } = new float[model.Encoding.TreeSlots.Count];

        public float[] Linear { get; } = new float[model.Encoding.LinearSlots.Count];

        public double[] TreeSlots { get; } = new double[model.Encoding.TreeSlots.Count];

        public double[] LinearSlots { get; } = new double[model.Encoding.LinearSlots.Count];
    }

    /// <summary>A row's log-odds before calibration.</summary>
    public double Logit(FeatureRow row, Buffers buffers)
    {
        if (Method == ScoringMethod.StageConversion)
        {
            return Logit(Stages!.Rate(StageOf(row)));
        }
        // One encoding serves both views: the linear one is the tree one with numbers scaled.
        Encoding.Tree(row, buffers.Tree);
        buffers.Tree.CopyTo(buffers.Linear, 0);
        Encoding.LinearFromTree(row, buffers.Linear);
        var logit = Linear!.Logit(buffers.Linear);
        return Trees is null ? logit : logit + Trees.Trees.Score(buffers.Tree);
    }

    public double Probability(FeatureRow row, Buffers buffers) => Calibration.Probability(Logit(row, buffers));

    public double[] Probabilities(IReadOnlyList<FeatureRow> rows)
    {
        var buffers = new Buffers(this);
        return [.. rows.Select(r => Probability(r, buffers))];
    }

    /// <summary>A row's contribution per feature (indexed like <see cref="FeatureEncoding.Specs"/>), on the log-odds scale.</summary>
    public double[] Contributions(FeatureRow row, Buffers buffers)
    {
        var perFeature = new double[Encoding.Specs.Count];
        if (Method == ScoringMethod.StageConversion)
        {
            var stage = Encoding.Specs.Select((s, i) => (s, i)).First(x => x.s.Key == FeatureKeys.Stage).i;
            perFeature[stage] = Logit(Stages!.Rate(StageOf(row))) - Logit(Stages.Overall);
            return perFeature;
        }
        Encoding.Linear(row, buffers.Linear);
        Array.Clear(buffers.LinearSlots);
        Linear!.Contributions(buffers.Linear, buffers.LinearSlots);
        for (var j = 0; j < buffers.LinearSlots.Length; j++)
        {
            perFeature[Encoding.LinearSlots[j].Feature] += buffers.LinearSlots[j];
        }
        if (Trees is not null)
        {
            Encoding.Tree(row, buffers.Tree);
            Array.Clear(buffers.TreeSlots);
            Trees.Trees.Contributions(buffers.Tree, buffers.TreeSlots);
            for (var j = 0; j < buffers.TreeSlots.Length; j++)
            {
                perFeature[Encoding.TreeSlots[j].Feature] += buffers.TreeSlots[j];
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
