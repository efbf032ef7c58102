namespace Loudou.Core.Targets;

/// <summary>What should be won in one month: an amount in the base currency, a number of deals, or both.</summary>
/// <remarks>For the whole workspace when <see cref="TeamId"/> and <see cref="UserId"/> are both null, else for one team or one rep, never both.</remarks>
public sealed class SalesTarget
{
    private SalesTarget(DateOnly month, int? teamId, int? userId)
    {
        Month = month;
        TeamId = teamId;
        UserId = userId;
    }

    public int Id { get; private set; }

    /// <summary>The first day of the month the target is for.</summary>
    public DateOnly Month { get; private set; }

    public int? TeamId { get; private set; }

    /// <summary>The rep the target is for; null for a team's or the workspace's.</summary>
    public int? UserId { get; private set; }

    /// <summary>Won amount in the workspace's base currency; null when only a count is set.</summary>
    public decimal? WonAmount { get; private set; }

    /// <summary>Number of won deals; null when only an amount is set.</summary>
    public int? WonCount { get; private set; }

    public static SalesTarget Create(DateOnly month, int? teamId, int? userId, decimal? wonAmount, int? wonCount)
    {
        if (month.Day != 1)
        {
            Guard.Throw("month", $"{new FieldName("month")} must be the first day of a month, was {month:yyyy-MM-dd}.");
        }
        if (teamId is not null && userId is not null)
        {
            Guard.Throw("team", $"a sales target is for a {new FieldName("team")} or a {new FieldName("rep")}, not both.");
        }
        var target = new SalesTarget(month, teamId, userId);
        target.Change(wonAmount, wonCount);
        return target;
    }

    /// <summary>Sets both figures; a null one is no longer a target.</summary>
    public void Change(decimal? wonAmount, int? wonCount)
    {
        if (wonAmount is null && wonCount is null)
        {
            Guard.Throw("wonAmount", $"a sales target needs a {new FieldName("wonAmount")}, a {new FieldName("wonCount")} or both.");
        }
        if (wonCount < 0)
        {
            Guard.Throw("wonCount", $"{new FieldName("wonCount")} must not be negative, was {wonCount}.");
        }
        WonAmount = Guard.NonNegative(wonAmount, "wonAmount");
        WonCount = wonCount;
    }
}
