using Loudou.Core.Analytics;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Storage.Analytics;

/// <summary>What the team analysis needs besides the funnel's columns: the people and teams, and the follow-up tasks.</summary>
public static class TeamInputs
{
    /// <summary>Every user (disabled ones too: their deals still count in the periods they handled them) with their team's name, and every team.</summary>
    public static async Task<TeamRoster> RosterAsync(LoudouDbContext db, CancellationToken cancellationToken = default)
    {
        var members = await (from u in db.Users.AsNoTracking()
                             select new TeamMember(u.Id, u.LoginName, u.DisplayName, u.Role, db.Teams.Where(t => t.Id == u.TeamId).Select(t => t.Name).FirstOrDefault()))
            .ToListAsync(cancellationToken);
        var teams = await db.Teams.AsNoTracking().OrderBy(t => t.Name).Select(t => t.Name).ToListAsync(cancellationToken);
        return new TeamRoster(members) { Teams = teams };
    }

    /// <summary>The tasks with an assignee and a due moment, as many as the context sees, due within [<paramref name="dueFrom"/>, <paramref name="dueToExcl"/>) when given.</summary>
    /// <remarks>The window only saves reading: the analysis counts the tasks due in its period whatever it is given.</remarks>
    public static async Task<IReadOnlyList<FollowUpTask>> TasksAsync(LoudouDbContext db, DateTimeOffset? dueFrom, DateTimeOffset? dueToExcl, CancellationToken cancellationToken = default)
    {
        var tasks = db.DealTasks.AsNoTracking().Where(t => t.Due != null && t.AssigneeId != null);
        if (dueFrom is { } from)
        {
            tasks = tasks.Where(t => t.Due >= from);
        }
        if (dueToExcl is { } to)
        {
            tasks = tasks.Where(t => t.Due < to);
        }
        return await tasks.Select(t => new FollowUpTask(t.DealId, t.AssigneeId, t.Due, t.DoneAt) { Id = t.Id }).ToListAsync(cancellationToken);
    }

    /// <summary>The results part's share in the ranking's score, as the workspace sets it.</summary>
    public static async Task<double> ResultsWeightAsync(LoudouDbContext db, CancellationToken cancellationToken = default) =>
        (await db.WorkspaceSettings.AsNoTracking().SingleAsync(cancellationToken)).RankingResultsWeight;

    /// <summary>Sets the results part's share (0..1; the process part has the rest); audited with the workspace's settings.</summary>
    /// <exception cref="Core.DomainRuleException">A weight outside 0..1.</exception>
    public static async Task<double> WeighAsync(LoudouDbContext db, double resultsWeight, CancellationToken cancellationToken = default)
    {
        var settings = await db.WorkspaceSettings.SingleAsync(cancellationToken);
        settings.WeighRanking(resultsWeight);
        await db.SaveChangesAsync(cancellationToken);
        return settings.RankingResultsWeight;
    }
}
