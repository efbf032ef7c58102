using Loudou.Core.Scoring;
using Microsoft.ML;

namespace Loudou.Scoring;

/// <summary>Training rows: closed deals read at the moments they were open (<see cref="TrainingMoments"/>), each with its outcome.</summary>
/// <param name="Deal">Each row's deal, as an index into the deals it was built from.</param>
internal sealed record TrainingRows(IReadOnlyList<FeatureRow> Rows, bool[] Won, int[] Deal)
{
    public static TrainingRows Build(FeatureBuilder builder, IReadOnlyList<ScoringDeal> deals)
    {
        var rows = new List<FeatureRow>();
        var won = new List<bool>();
        var owner = new List<int>();
        for (var d = 0; d < deals.Count; d++)
        {
            foreach (var moment in TrainingMoments.Of(deals[d]))
            {
                rows.Add(builder.Build(deals[d], moment));
                won.Add(deals[d].Outcome == DealOutcome.Won);
                owner.Add(d);
            }
        }
        return new TrainingRows(rows, [.. won], [.. owner]);
    }

    /// <summary>The rows of the deals <paramref name="keep"/> says yes to.</summary>
    public TrainingRows Where(Func<int, bool> keep)
    {
        var chosen = Enumerable.Range(0, Rows.Count).Where(i => keep(Deal[i])).ToArray();
        return new TrainingRows([.. chosen.Select(i => Rows[i])], [.. chosen.Select(i => Won[i])], [.. chosen.Select(i => Deal[i])]);
    }
}

/// <summary>Trains a model of the chosen method on training rows.</summary>
internal static class ModelTrainer
{
    public static ScoreModel Train(
        MLContext ml, ScoringMethod method, FeatureBuilder builder, ScoringShape shape, IReadOnlyList<ScoringDeal> deals, TrainingRows rows, ScoringSettings settings)
    {
        var encoding = FeatureEncoding.Fit(builder.Specs, rows.Rows, settings.MinCount);
        if (method == ScoringMethod.StageConversion)
        {
            var used = rows.Deal.Distinct().Select(d => deals[d]).ToList();
            return new ScoreModel
            {
                Method = method,
                Encoding = encoding,
                Stages = StageConversion.Fit(used, shape.Stages.Count),
                StageKeys = [.. shape.Stages.Select(s => s.Key)],
            };
        }
        var draft = new ScoreModel { Method = method, Encoding = encoding };
        var linear = LinearPart.Train(ml, draft.Encode(rows.Rows, linear: true), rows.Won, settings.LinearL2);
        var model = new ScoreModel { Method = method, Encoding = encoding, Linear = linear };
        if (method == ScoringMethod.Trees)
        {
            var baseLogits = Logits(model, rows.Rows);
            model = new ScoreModel
            {
                Method = method,
                Encoding = encoding,
                Linear = linear,
                Trees = TreePart.Train(ml, model.Encode(rows.Rows, linear: false), rows.Won, baseLogits, settings),
            };
        }
        // Calibrated on the training rows' own scores, as ML.NET calibrates its trainers; docs/scoring.md says what that costs.
        model.Calibration = PlattScaling.Fit(Logits(model, rows.Rows), rows.Won);
        return model;
    }

    private static double[] Logits(ScoreModel model, IReadOnlyList<FeatureRow> rows)
    {
        var buffers = new ScoreModel.Buffers(model);
        return [.. rows.Select(r => model.Logit(r, buffers))];
    }
}
