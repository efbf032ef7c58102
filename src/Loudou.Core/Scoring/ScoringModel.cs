namespace Loudou.Core.Scoring;

/// <summary>A trained lead/deal scoring model with its quality report.</summary>
/// <remarks>
/// The model itself is an opaque blob written and read by the scoring engine (ML.NET's zip
/// format); Core only keeps which one is active. The quality report (AUC, calibration on a
/// time-based hold-out) is JSON for the same reason as alert conditions.
/// </remarks>
public sealed class ScoringModel
{
    private ScoringModel(int pipelineId, DateTimeOffset trainedAt, string algorithm, string report, byte[] model)
    {
        PipelineId = pipelineId;
        TrainedAt = trainedAt;
        Algorithm = algorithm;
        Report = report;
        Model = model;
    }

    public int Id { get; private set; }

    public int PipelineId { get; private set; }

    public DateTimeOffset TrainedAt { get; private set; }

    /// <summary>Such as "LightGbm" or "FastTree".</summary>
    public string Algorithm { get; private set; }

    /// <summary>The quality report as JSON.</summary>
    public string Report { get; private set; }

    public byte[] Model { get; private set; }

    /// <summary>The model scores are taken from; at most one per pipeline is active.</summary>
    public bool IsActive { get; private set; }

    public static ScoringModel Create(int pipelineId, DateTimeOffset trainedAt, string algorithm, string report, byte[] model)
    {
        if (model.Length == 0)
        {
            Guard.Throw("model", "a scoring model cannot be empty.");
        }
        return new(pipelineId, trainedAt, Guard.Required(algorithm, "algorithm", 50), Guard.Required(report, "report", 100_000), model);
    }

    public void Activate() => IsActive = true;

    public void Retire() => IsActive = false;
}
