namespace Loudou.Core.Targets;

/// <summary>The step conversion a stage should reach, for the whole workspace or one team, always or in one month.</summary>
/// <remarks>
/// The most specific target applies: team and month, then team, then month, then the stage alone.
/// </remarks>
public sealed class ConversionTarget
{
    private ConversionTarget(int pipelineId, int stageId, int? teamId, DateOnly? month, double rate)
    {
        PipelineId = pipelineId;
        StageId = stageId;
        TeamId = teamId;
        Month = month;
        Rate = rate;
    }

    public int Id { get; private set; }

    public int PipelineId { get; private set; }

    public int StageId { get; private set; }

    public int? TeamId { get; private set; }

    /// <summary>The first day of the month the target is for; null for every month.</summary>
    public DateOnly? Month { get; private set; }

    /// <summary>Target step conversion 0..1.</summary>
    public double Rate { get; private set; }

    public static ConversionTarget Create(int pipelineId, int stageId, int? teamId, DateOnly? month, double rate)
    {
        if (month is { Day: not 1 })
        {
            Guard.Throw("month", $"month must be the first day of a month, was {month:yyyy-MM-dd}.");
        }
        return new(pipelineId, stageId, teamId, month, Guard.Probability(rate, "rate"));
    }

    public void ChangeRate(double rate) => Rate = Guard.Probability(rate, "rate");
}
