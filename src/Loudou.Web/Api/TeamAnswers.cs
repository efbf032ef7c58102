using System.Text.Json.Nodes;
using Loudou.Core;
using Loudou.Core.Access;
using Loudou.Core.Analytics;
using Loudou.Core.Workspace;
using Loudou.Storage;
using Loudou.Storage.Analytics;
using Loudou.Web.Analytics;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Web.Api;

/// <summary>A team report as the caller may see it, with what it was computed from (for the drill-down).</summary>
/// <param name="Own">For a rep: their own login; the report then holds only their row, their rank among their team's reps.</param>
/// <param name="Ranked">How many reps have a rank in the group ranked (for a rep, their team): all a rep learns of the others.</param>
public sealed record TeamView(TeamReport Report, ColumnarSnapshot Columns, TeamRoster Roster, IReadOnlyList<FollowUpTask> Tasks, TeamQuery Query, DateTimeOffset Now, string? Own, int Ranked);

/// <summary>The answer of <c>/api/v1/analytics/team</c> and of the /team page: the ranking, per rep and team, and follow-up efficiency.</summary>
/// <remarks>
/// Who sees what (docs/access.md): an admin any team or all; a manager their team; a rep only their own row and rank,
/// which is computed among their team's reps. That rank needs the teammates' deals and tasks: the deals are masked in
/// Core by the team (<see cref="AnalyticsScope"/>), the tasks read through a context scoped to the team, and neither
/// leaves here except as the rep's own row (the best rep's figures and the team rows are left out for a rep).
/// </remarks>
public sealed class TeamAnswers(AnalyticsSnapshots snapshots, LoudouDbContext db, DatabaseTarget target, TimeProvider clock)
{
    /// <summary>The team JSON of docs/metrics.md, or the refusal naming every bad parameter.</summary>
    public async Task<Results<Ok<JsonObject>, ProblemHttpResult>> ReportAsync(TeamParameters parameters, IQueryCollection? query, CancellationToken cancellationToken)
    {
        var (view, refused) = await ReadAsync(parameters, query, cancellationToken);
        return refused is not null ? refused : TypedResults.Ok(TeamJson.Write(view!.Report, view.Columns.Calendar.Zone, view.Query.Language));
    }

    /// <summary>The report the caller may see, or the refusal.</summary>
    /// <param name="known">Every parameter the request may carry; the report's own when left out.</param>
    public async Task<(TeamView? View, ProblemHttpResult? Refused)> ReadAsync(TeamParameters parameters, IQueryCollection? query, CancellationToken cancellationToken, string[]? known = null)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        DateOnly? month = null;
        Storage.Records.RecordWrites.Check(errors, () => month = AnalysisText.Month(parameters.Month));
        var (asked, refused) = await AnalysisReader.ReadAsync(query, snapshots, db, parameters, known ?? TeamParameters.Names, errors, cancellationToken);
        if (refused is not null)
        {
            return (null, refused);
        }
        var (snapshot, shared) = asked!.Value;
        var caller = await CallerAsync(cancellationToken);
        var team = ApiResults.Given(parameters.Team);
        if (!db.Scope.SeesAll)
        {
            if (team is not null && team != caller.Team)
            {
                return (null, ApiResults.Forbidden($"Managers and reps see their own team's ranking; yours is {caller.Team ?? "none"}."));
            }
            team = caller.Team;
        }
        var settings = await db.WorkspaceSettings.AsNoTracking().SingleAsync(cancellationToken);
        var teamQuery = new TeamQuery
        {
            AsOf = shared.AsOf,
            Month = month,
            From = shared.From,
            To = shared.To,
            Team = team,
            ResultsWeight = settings.RankingResultsWeight,
            Scope = caller.Rep ? (team is null ? shared.Scope : new AnalyticsScope(null, team)) : shared.Scope,
            Language = shared.Language,
        };
        var calendar = snapshot.Columns.Calendar;
        var (dueFrom, dueToExcl) = month is { } m ? calendar.MonthWindow(m)
            : (shared.From is { } from ? calendar.StartOf(from) : (DateTimeOffset?)null, shared.To is { } to ? calendar.StartOf(to.AddDays(1)) : (DateTimeOffset?)null);
        var roster = await TeamInputs.RosterAsync(db, cancellationToken);
        IReadOnlyList<FollowUpTask> tasks;
        if (caller.Rep && caller.TeamId is { } teamId)
        {
            await using var teamContext = LoudouDatabase.CreateContext(target, new AccessScope(false, null, teamId), clock);
            tasks = await TeamInputs.TasksAsync(teamContext, dueFrom, dueToExcl, cancellationToken);
        }
        else
        {
            tasks = await TeamInputs.TasksAsync(db, dueFrom, dueToExcl, cancellationToken);
        }
        var now = clock.GetUtcNow();
        try
        {
            var report = TeamExecution.Compute(snapshot.Columns, roster, tasks, teamQuery, now);
            var ranked = report.Reps.Count(r => r.Score.Rank is not null);
            if (caller.Rep)
            {
                // The rep's own row and rank; their efficiency over their own deals; nobody else's figures.
                var own = TeamExecution.Compute(snapshot.Columns, roster, tasks, teamQuery with { Team = null, Scope = shared.Scope }, now);
                report = report with
                {
                    Reps = [.. report.Reps.Where(r => r.Login == caller.Login)],
                    Teams = [],
                    Total = own.Total,
                    Best = new TeamBest(null, null),
                    Efficiency = own.Efficiency,
                };
            }
            return (new TeamView(report, snapshot.Columns, roster, tasks, teamQuery, now, caller.Rep ? caller.Login : null, ranked), null);
        }
        catch (DomainRuleException e)
        {
            return (null, ApiResults.Invalid(e));
        }
    }

    /// <summary>
    /// The deals (or, for <see cref="TeamExecution.TaskFigures"/>, the tasks) behind one number of the report the caller may
    /// see, newest first; or the refusal. A rep drills into their own row and their own efficiency only.
    /// </summary>
    public async Task<(IReadOnlyList<long> Ids, bool Tasks, ProblemHttpResult? Refused)> DrillAsync(
        TeamParameters parameters, TeamDrillParameters drill, IQueryCollection? query, CancellationToken cancellationToken)
    {
        var (view, refused) = await ReadAsync(parameters, query, cancellationToken, [.. TeamParameters.Names, .. TeamDrillParameters.Names]);
        if (refused is not null)
        {
            return ([], false, refused);
        }
        var figure = ApiResults.Given(drill.Figure);
        var tasks = figure is not null && TeamExecution.TaskFigures.Contains(figure);
        if (figure is null || (!tasks && !TeamExecution.DealFigures.Contains(figure)))
        {
            return ([], false, ApiResults.Invalid(new Dictionary<string, string[]>(StringComparer.Ordinal)
            {
                ["figure"] = [$"figure must be one of {string.Join(", ", TeamExecution.DealFigures.Concat(TeamExecution.TaskFigures))}; was '{figure}'."],
            }));
        }
        var (login, stage, band) = (ApiResults.Given(drill.Rep), ApiResults.Given(drill.Stage), ApiResults.Given(drill.Band));
        var query2 = view!.Query;
        if (view.Own is { } own)
        {
            if (login is not null && login != own)
            {
                return ([], false, ApiResults.Forbidden("A rep sees the deals and tasks behind their own figures only."));
            }
            // The rep's own figures: their row of the team's ranking; their efficiency, over their own deals.
            (login, query2) = stage is null ? (own, query2) : (null, query2 with { Team = null, Scope = new AnalyticsScope(own, null) });
        }
        try
        {
            IReadOnlyList<long> ids = tasks
                ? TeamExecution.TaskIds(view.Columns, view.Roster, view.Tasks, query2, view.Now, figure, login)
                : TeamExecution.DealIds(view.Columns, view.Roster, query2, view.Now, figure, login, stage: stage, band: band);
            return ([.. ids.OrderDescending()], tasks, null);
        }
        catch (DomainRuleException e)
        {
            return ([], tasks, ApiResults.Invalid(e));
        }
    }

    private sealed record Caller(string? Login, int? TeamId, string? Team, bool Rep);

    private async Task<Caller> CallerAsync(CancellationToken cancellationToken)
    {
        var scope = db.Scope;
        if (scope.SeesAll || scope.UserId is not { } id)
        {
            return new Caller(null, null, null, false);
        }
        var user = await db.Users.AsNoTracking().Where(u => u.Id == id)
            .Select(u => new { u.LoginName, u.TeamId, u.Role, Team = db.Teams.Where(t => t.Id == u.TeamId).Select(t => t.Name).FirstOrDefault() })
            .SingleAsync(cancellationToken);
        return new Caller(user.LoginName, user.TeamId, user.Team, user.Role == UserRole.Rep);
    }
}
