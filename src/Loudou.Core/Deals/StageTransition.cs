namespace Loudou.Core.Deals;

/// <summary>One row of a deal's append-only stage history: the deal entered a stage.</summary>
/// <remarks>
/// There is no "from" column: the stage a deal came from is the previous row in
/// <see cref="StageHistory.Order"/>'s order, so history imported out of order, or completed later
/// from another system, still reads right. Analytics read this table, never the audit log.
/// </remarks>
public sealed class StageTransition
{
    private StageTransition(int stageId, DateTimeOffset? enteredAt, int? byUserId, TransitionSource source)
    {
        StageId = stageId;
        EnteredAt = enteredAt;
        ByUserId = byUserId;
        Source = source;
    }

    public long Id { get; private set; }

    public long DealId { get; private set; }

    public int StageId { get; private set; }

    /// <summary>When the deal entered the stage; null when an imported history does not say.</summary>
    public DateTimeOffset? EnteredAt { get; private set; }

    public int? ByUserId { get; private set; }

    public TransitionSource Source { get; private set; }

    internal static StageTransition Enter(int stageId, DateTimeOffset? enteredAt, int? byUserId, TransitionSource source) =>
        new(stageId, enteredAt, byUserId, source);
}
