namespace Loudou.Core.Scoring;

/// <summary>A deal's calibrated win probability from one scoring model, with the factors behind it.</summary>
public sealed class DealScore
{
    private DealScore(long dealId, int scoringModelId, double score, DateTimeOffset scoredAt, string factors, string layer, bool final)
    {
        Layer = layer;
        Final = final;
        DealId = dealId;
        ScoringModelId = scoringModelId;
        Score = score;
        ScoredAt = scoredAt;
        Factors = factors;
    }

    public long DealId { get; private set; }

    public int ScoringModelId { get; private set; }

    /// <summary>Calibrated probability 0..1 that the deal is won.</summary>
    public double Score { get; private set; }

    public DateTimeOffset ScoredAt { get; private set; }

    /// <summary>The top factors behind the score as JSON (feature, value, contribution).</summary>
    public string Factors { get; private set; }

    /// <summary>The deal's A/B/C layer by this score and its amount (<see cref="ValueLayers"/>).</summary>
    public string Layer { get; private set; }

    /// <summary>
    /// A score that no longer moves, kept for the layers' funnels: a closed deal's last score while open, or, for a deal
    /// closed when the model was trained, its score at creation from the cross-validation fold that did not learn from it.
    /// Lists, cards and the deal page show current scores only.
    /// </summary>
    public bool Final { get; private set; }

    public static DealScore Create(long dealId, int scoringModelId, double score, DateTimeOffset scoredAt, string factors, string layer) =>
        new(dealId, scoringModelId, Guard.Probability(score, "score"), scoredAt, Guard.Required(factors, "factors", 8000), layer, final: false);

    /// <summary>A closed deal's held-out score from cross-validation: final from the start, without factors.</summary>
    public static DealScore HeldOut(long dealId, int scoringModelId, double score, DateTimeOffset scoredAt, string layer) =>
        new(dealId, scoringModelId, Guard.Probability(score, "score"), scoredAt, "[]", layer, final: true);

    /// <summary>Scores an open deal anew; a final score of a deal that was reopened becomes current again.</summary>
    public void Rescore(double score, DateTimeOffset scoredAt, string factors, string layer)
    {
        Score = Guard.Probability(score, "score");
        ScoredAt = scoredAt;
        Factors = Guard.Required(factors, "factors", 8000);
        Layer = layer;
        Final = false;
    }

    /// <summary>Sets the layer; the same layer again is no change to save (EF compares values).</summary>
    public void Relayer(string layer) => Layer = layer;
}
