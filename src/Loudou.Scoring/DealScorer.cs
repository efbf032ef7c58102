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

    private readonly ScoreModel _model;
    private readonly FeatureBuilder _builder;
    private readonly ScoringShape _shape;

    /// <summary>For each of the model's features, its index among the shape's now; null when they are the same list.</summary>
    private readonly int[]? _from;

    /// <summary>The model's index of the activity count, which says whether a first response came; −1 when it has none.</summary>
    private readonly int _touches;

    private DealScorer(ScoreModel model, ScoringShape shape)
    {
        _model = model;
        _shape = shape;
        _builder = new FeatureBuilder(shape);
        var specs = model.Encoding.Specs;
        _touches = specs.Select(s => s.Key).ToList().IndexOf(FeatureKeys.Touches);
        _from = specs.Select(s => s.Key).SequenceEqual(_builder.Specs.Select(s => s.Key)) ? null : [.. specs.Select(s => _builder.Index(s.Key))];
    }

    /// <summary>Reads a stored model for a pipeline of this shape.</summary>
    /// <remarks>A feature the model knows that the shape no longer has (a custom field removed since) reads as missing.</remarks>
    public static DealScorer Load(byte[] model, ScoringShape shape) => new(ModelFile.Read(new MLContext(seed: 1), model), shape);

    internal static DealScorer For(ScoreModel model, ScoringShape shape) => new(model, shape);

    /// <summary>Scores deals as of a moment; open deals are read as they stand then.</summary>
    /// <param name="explain">Also give each deal's top factors, which costs about as much again as the scores.</param>
    /// <remarks>Deals are scored in chunks on every core, each deal's features built, encoded and scored into buffers of its thread.</remarks>
    public IReadOnlyList<ScoredDeal> Score(IReadOnlyList<ScoringDeal> deals, DateTimeOffset asOf, bool explain)
    {
        var scored = new ScoredDeal[deals.Count];
        const int Chunk = 4096;
        Parallel.For(0, (deals.Count + Chunk - 1) / Chunk, chunk =>
        {
            var buffers = new ScoreModel.Buffers(_model);
            var built = new FeatureRow(_builder.Specs.Count);
            var aligned = new FeatureRow(_model.Encoding.Specs.Count);
            for (var i = chunk * Chunk; i < Math.Min(deals.Count, (chunk + 1) * Chunk); i++)
            {
                _builder.Build(deals[i], asOf, built);
                var row = Align(built, aligned);
                var score = _model.Probability(row, buffers);
                scored[i] = new ScoredDeal(deals[i].Id, score, explain ? Factors(row, _model.Contributions(row, buffers)) : []);
            }
        });
        return scored;
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
                var answered = specs[f].Key != FeatureKeys.FirstResponseHours || _touches < 0 || row.Numbers[_touches] > 0;
                var text = FactorText.Describe(specs[f], shown ?? new(value ?? "", value ?? ""), value is null, contributions[f], answered);
                return new ScoreFactor(specs[f].Key, value, Math.Round(contributions[f], 4), text);
            })];
    }

    private Core.LocalizedText? StageName(string key) => _shape.Stages.FirstOrDefault(s => s.Key == key)?.Name;

    /// <summary>The row in the model's feature order, in <paramref name="into"/>: the shape's features may have changed since training.</summary>
    private FeatureRow Align(FeatureRow row, FeatureRow into)
    {
        if (_from is null)
        {
            return row;
        }
        into.Clear();
        into.Tags = row.Tags;
        for (var f = 0; f < _from.Length; f++)
        {
            if (_from[f] >= 0)
            {
                into.Numbers[f] = row.Numbers[_from[f]];
                into.Categories[f] = row.Categories[_from[f]];
            }
        }
        return into;
    }
}
