using Loudou.Core.Scoring;
using Microsoft.ML;

namespace Loudou.Scoring;

/// <summary>A deal's score: its calibrated chance of being won, and the top factors behind it.</summary>
public sealed record ScoredDeal(long DealId, double Score, IReadOnlyList<ScoreFactor> Factors);

/// <summary>Scores deals with a stored model: features as of a moment, the calibrated probability and, when asked, the top factors in words.</summary>
public sealed class DealScorer
{
    /// <summary>Factors shown per deal, at most.</summary>
    public const int TopFactors = 5;

    /// <summary>A factor that moves the log-odds by less than this says nothing a rep could act on, and is left out.</summary>
    public const double SmallestFactor = 0.02;

    private readonly MLContext _ml;
    private readonly ScoreModel _model;
    private readonly FeatureBuilder _builder;
    private readonly ScoringShape _shape;

    private DealScorer(MLContext ml, ScoreModel model, ScoringShape shape)
    {
        _ml = ml;
        _model = model;
        _shape = shape;
        _builder = new FeatureBuilder(shape);
    }

    /// <summary>Reads a stored model for a pipeline of this shape.</summary>
    /// <remarks>A feature the model knows that the shape no longer has (a custom field removed since) reads as missing.</remarks>
    public static DealScorer Load(byte[] model, ScoringShape shape)
    {
        var ml = new MLContext(seed: 1);
        return new DealScorer(ml, ModelFile.Read(ml, model), shape);
    }

    /// <summary>Scores deals as of a moment; open deals are read as they stand then.</summary>
    /// <param name="explain">Also give each deal's top factors, which costs more than the scores.</param>
    public IReadOnlyList<ScoredDeal> Score(IReadOnlyList<ScoringDeal> deals, DateTimeOffset asOf, bool explain)
    {
        var rows = deals.Select(d => Align(_builder.Build(d, asOf))).ToList();
        var scores = _model.Probabilities(_ml, rows);
        if (!explain)
        {
            return [.. deals.Select((d, i) => new ScoredDeal(d.Id, scores[i], []))];
        }
        var contributions = _model.Contributions(_ml, rows);
        return [.. deals.Select((d, i) => new ScoredDeal(d.Id, scores[i], Factors(rows[i], contributions[i])))];
    }

    private IReadOnlyList<ScoreFactor> Factors(FeatureRow row, double[] contributions)
    {
        var specs = _model.Encoding.Specs;
        return [.. Enumerable.Range(0, specs.Count)
            .Where(f => Math.Abs(contributions[f]) >= SmallestFactor)
            .OrderByDescending(f => Math.Abs(contributions[f]))
            .Take(TopFactors)
            .Select(f =>
            {
                var value = FactorText.Value(specs[f], row, f);
                var shown = specs[f].Key == FeatureKeys.Stage && value is not null ? StageName(value) : null;
                return new ScoreFactor(specs[f].Key, value, Math.Round(contributions[f], 4), FactorText.Describe(specs[f], shown ?? new(value ?? "", value ?? ""), value is null, contributions[f]));
            })];
    }

    private Core.LocalizedText? StageName(string key) => _shape.Stages.FirstOrDefault(s => s.Key == key)?.Name;

    /// <summary>The row rebuilt in the model's feature order: the shape's features may have changed since training.</summary>
    private FeatureRow Align(FeatureRow row)
    {
        var specs = _model.Encoding.Specs;
        if (specs.Count == _builder.Specs.Count && specs.Select(s => s.Key).SequenceEqual(_builder.Specs.Select(s => s.Key)))
        {
            return row;
        }
        var aligned = new FeatureRow(specs.Count) { Tags = row.Tags };
        for (var f = 0; f < specs.Count; f++)
        {
            var from = _builder.Index(specs[f].Key);
            if (from >= 0)
            {
                aligned.Numbers[f] = row.Numbers[from];
                aligned.Categories[f] = row.Categories[from];
            }
        }
        return aligned;
    }
}
