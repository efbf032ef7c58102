namespace Loudou.Core.Scoring;

/// <summary>A deal's calibrated win probability from one scoring model, with the factors behind it.</summary>
public sealed class DealScore
{
    private DealScore(long dealId, int scoringModelId, double score, DateTimeOffset scoredAt, string factors)
    {
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

    public static DealScore Create(long dealId, int scoringModelId, double score, DateTimeOffset scoredAt, string factors) =>
        new(dealId, scoringModelId, Guard.Probability(score, "score"), scoredAt, Guard.Required(factors, "factors", 8000));

    public void Rescore(double score, DateTimeOffset scoredAt, string factors)
    {
        Score = Guard.Probability(score, "score");
        ScoredAt = scoredAt;
        Factors = Guard.Required(factors, "factors", 8000);
    }
}
