using Loudou.Core;
using Loudou.Core.Pipelines;
using Loudou.Core.Targets;
using Loudou.Core.Workspace;
using Loudou.Storage.Pipelines;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Storage.Targets;

/// <summary>Reads and sets conversion and sales targets in the caller's scope (docs/targets-files.md).</summary>
/// <remarks>
/// Targets are reference data without a scope filter; this store decides who sees and sets which.
/// Admins and the operator: all of them. A manager sees the workspace's, their team's and their
/// team's reps' targets and sets only their team's and its reps'. A rep sees the workspace's, their
/// team's and their own, and sets none.
/// </remarks>
public sealed class TargetStore(LoudouDbContext db)
{
    /// <summary>A pipeline's conversion targets and the sales targets, in the caller's view.</summary>
    /// <param name="pipeline">A pipeline key; null for the default pipeline.</param>
    /// <param name="month">The first day of a month: that month's targets and the standing ones; null for all.</param>
    /// <exception cref="DomainRuleException">On <c>pipeline</c> when there is no such pipeline.</exception>
    public async Task<TargetsDocument> ReadAsync(string? pipeline, DateOnly? month, CancellationToken cancellationToken = default)
    {
        var found = await FindPipelineAsync(pipeline, cancellationToken);
        if (found is null)
        {
            Guard.Throw("pipeline", await NoPipelineAsync(pipeline, cancellationToken));
        }
        return await ReadAsync(found, month, cancellationToken);
    }

    /// <summary>Resolves the document's names and checks the caller may set its entries, changing nothing.</summary>
    /// <returns>Every problem, at its entry's path; empty when <see cref="ApplyAsync"/> would succeed.</returns>
    public async Task<IReadOnlyList<TargetsFileError>> CheckAsync(TargetsDocument document, CancellationToken cancellationToken = default) =>
        (await ResolveAsync(document, cancellationToken)).Errors;

    /// <summary>Sets every entry of the document, all in one transaction, or none when any is wrong.</summary>
    /// <remarks>Entries are matched to stored targets by their combination, so applying a file again changes nothing.</remarks>
    public async Task<TargetsApplyResult> ApplyAsync(TargetsDocument document, CancellationToken cancellationToken = default)
    {
        var resolved = await ResolveAsync(document, cancellationToken);
        if (resolved.Errors.Count > 0)
        {
            return new TargetsApplyResult(null, resolved.Errors);
        }
        var pipeline = resolved.Pipeline!;
        var counts = new int[3]; // created, changed, removed
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            var conversion = await db.ConversionTargets.Where(t => t.PipelineId == pipeline.Id).ToListAsync(cancellationToken);
            foreach (var (entry, stageId, teamId) in resolved.Conversion)
            {
                var stored = conversion.Find(t => t.StageId == stageId && t.TeamId == teamId && t.Month == entry.Month);
                Count(counts, stored, entry.Rate is null, stored is not null && stored.Rate != entry.Rate);
                if (entry.Rate is not { } rate)
                {
                    db.ConversionTargets.RemoveRange(stored is null ? [] : [stored]);
                }
                else if (stored is null)
                {
                    db.ConversionTargets.Add(ConversionTarget.Create(pipeline.Id, stageId, teamId, entry.Month, rate));
                }
                else
                {
                    stored.ChangeRate(rate);
                }
            }
            var months = resolved.Sales.Select(s => s.Entry.Month).Distinct().ToList();
            var sales = await db.SalesTargets.Where(t => months.Contains(t.Month)).ToListAsync(cancellationToken);
            foreach (var (entry, teamId, userId) in resolved.Sales)
            {
                var stored = sales.Find(t => t.Month == entry.Month && t.TeamId == teamId && t.UserId == userId);
                Count(counts, stored, entry.Remove, stored is not null && (stored.WonAmount != entry.WonAmount || stored.WonCount != entry.WonCount));
                if (entry.Remove)
                {
                    db.SalesTargets.RemoveRange(stored is null ? [] : [stored]);
                }
                else if (stored is null)
                {
                    db.SalesTargets.Add(SalesTarget.Create(entry.Month, teamId, userId, entry.WonAmount, entry.WonCount));
                }
                else
                {
                    stored.Change(entry.WonAmount, entry.WonCount);
                }
            }
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // The unique indexes refuse a target someone else created for the same combination meanwhile.
                db.ChangeTracker.Clear();
                return new TargetsApplyResult(null, [new TargetsFileError("$", "another change to the same targets was saved at the same time; nothing was changed, apply the file again.")]);
            }
            await transaction.CommitAsync(cancellationToken);
        }
        return new TargetsApplyResult(await ReadAsync(pipeline, null, cancellationToken), [], counts[0], counts[1], counts[2]);
    }

    private static void Count(int[] counts, object? stored, bool remove, bool differs)
    {
        var index = (stored, remove) switch
        {
            (null, false) => 0,
            (not null, false) when differs => 1,
            (not null, true) => 2,
            _ => -1,
        };
        if (index >= 0)
        {
            counts[index]++;
        }
    }

    private async Task<TargetsDocument> ReadAsync(Pipeline pipeline, DateOnly? month, CancellationToken cancellationToken)
    {
        var view = await ViewAsync(cancellationToken);
        var teams = await db.Teams.AsNoTracking().ToDictionaryAsync(t => t.Id, t => t.Name, cancellationToken);
        var conversionQuery = db.ConversionTargets.AsNoTracking().Where(t => t.PipelineId == pipeline.Id);
        var salesQuery = db.SalesTargets.AsNoTracking();
        if (month is { } wanted)
        {
            conversionQuery = conversionQuery.Where(t => t.Month == null || t.Month == wanted);
            salesQuery = salesQuery.Where(t => t.Month == wanted);
        }
        var conversion = (await conversionQuery.ToListAsync(cancellationToken))
            .Where(t => view.Sees(t.TeamId, null))
            .Select(t => (Target: t, Stage: pipeline.FindStage(t.StageId)!))
            .OrderBy(t => t.Stage.Position).ThenBy(t => t.Target.TeamId is null ? "" : teams[t.Target.TeamId.Value], StringComparer.Ordinal).ThenBy(t => t.Target.Month)
            .Select((t, i) => new ConversionTargetEntry(t.Stage.Key, t.Target.TeamId is { } team ? teams[team] : null, t.Target.Month, t.Target.Rate, $"$.conversion[{i}]"))
            .ToList();
        var stored = (await salesQuery.ToListAsync(cancellationToken)).Where(t => view.Sees(t.TeamId, t.UserId)).ToList();
        var userIds = stored.Where(t => t.UserId is not null).Select(t => t.UserId!.Value).Distinct().ToList();
        var logins = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.LoginName, cancellationToken);
        var sales = stored
            .Select(t => (Target: t, Team: t.TeamId is { } team ? teams[team] : null, Rep: t.UserId is { } user ? logins[user] : null))
            .OrderBy(t => t.Target.Month).ThenBy(t => t.Rep is not null ? 2 : t.Team is not null ? 1 : 0).ThenBy(t => t.Team ?? t.Rep, StringComparer.Ordinal)
            .Select((t, i) => new SalesTargetEntry(t.Target.Month, t.Team, t.Rep, t.Target.WonAmount, t.Target.WonCount, false, $"$.sales[{i}]"))
            .ToList();
        return new TargetsDocument(pipeline.Key, conversion, sales);
    }

    /// <summary>Which targets the caller sees: by team, and sales targets of which reps.</summary>
    private sealed record View(bool All, int? TeamId, IReadOnlySet<int> Reps)
    {
        public bool Sees(int? teamId, int? userId) =>
            All
            || (teamId is null && userId is null)
            || (teamId is not null && teamId == TeamId)
            || (userId is { } user && Reps.Contains(user));
    }

    private async Task<View> ViewAsync(CancellationToken cancellationToken)
    {
        var scope = db.Scope;
        if (scope.SeesAll)
        {
            return new View(true, null, new HashSet<int>());
        }
        if (scope.Role == UserRole.Manager)
        {
            var reps = scope.TeamId is { } team
                ? await db.Users.Where(u => u.TeamId == team).Select(u => u.Id).ToListAsync(cancellationToken)
                : [];
            return new View(false, scope.TeamId, reps.ToHashSet());
        }
        var ownTeam = scope.UserId is { } me ? await db.Users.Where(u => u.Id == me).Select(u => u.TeamId).SingleOrDefaultAsync(cancellationToken) : null;
        return new View(false, ownTeam, scope.UserId is { } id ? new HashSet<int> { id } : new HashSet<int>());
    }

    private async Task<Pipeline?> FindPipelineAsync(string? key, CancellationToken cancellationToken) =>
        key is null
            ? await DefaultPipeline.FindAsync(db, db.Pipelines.AsNoTracking(), cancellationToken)
            : await db.Pipelines.AsNoTracking().SingleOrDefaultAsync(p => p.Key == key, cancellationToken);

    private async Task<string> NoPipelineAsync(string? key, CancellationToken cancellationToken)
    {
        var keys = await db.Pipelines.OrderBy(p => p.Key).Select(p => p.Key).ToListAsync(cancellationToken);
        return key is null ? "the workspace has no pipeline yet." : $"no pipeline '{key}'; pipelines: {string.Join(", ", keys)}.";
    }

    private sealed record Resolution(
        Pipeline? Pipeline,
        List<(ConversionTargetEntry Entry, int StageId, int? TeamId)> Conversion,
        List<(SalesTargetEntry Entry, int? TeamId, int? UserId)> Sales,
        List<TargetsFileError> Errors);

    /// <summary>Turns names into ids and checks the caller's right to each entry, collecting every problem.</summary>
    private async Task<Resolution> ResolveAsync(TargetsDocument document, CancellationToken cancellationToken)
    {
        var resolution = new Resolution(null, [], [], []);
        var scope = db.Scope;
        var isManager = !scope.SeesAll && scope.Role == UserRole.Manager;
        if (!scope.SeesAll && !isManager)
        {
            resolution.Errors.Add(new("$", "reps may not set targets; a manager sets their team's and an admin everyone's."));
            return resolution;
        }
        var pipeline = await FindPipelineAsync(document.Pipeline, cancellationToken);
        if (pipeline is null)
        {
            resolution.Errors.Add(new("$.pipeline", await NoPipelineAsync(document.Pipeline, cancellationToken)));
        }
        var teams = new Dictionary<string, Team>(StringComparer.Ordinal);
        foreach (var team in await db.Teams.AsNoTracking().OrderBy(t => t.Name).ToListAsync(cancellationToken))
        {
            teams.TryAdd(team.Name, team);
        }
        var ownTeam = isManager && scope.TeamId is { } own ? teams.Values.FirstOrDefault(t => t.Id == own)?.Name : null;
        var refused = $"managers set their own team's targets{(ownTeam is null ? " (you have no team)" : $" ('{ownTeam}')")}";
        foreach (var entry in document.Conversion)
        {
            var stage = pipeline is null ? null : StageOf(pipeline, entry, resolution.Errors);
            var team = TeamOf(entry.Team, entry.Path, teams, resolution.Errors, out var teamKnown);
            if (isManager && teamKnown && (team is null || team.Id != scope.TeamId))
            {
                resolution.Errors.Add(new(entry.Path, $"{refused}; this one is for {(team is null ? "the whole workspace" : $"team '{team.Name}'")}."));
            }
            if (stage is not null && teamKnown)
            {
                resolution.Conversion.Add((entry, stage.Id, team?.Id));
            }
        }
        var logins = document.Sales.Where(s => s.Rep is not null).Select(s => User.Normalize(s.Rep!)).Distinct().ToList();
        var users = await db.Users.AsNoTracking().Where(u => logins.Contains(u.NormalizedLoginName)).ToDictionaryAsync(u => u.NormalizedLoginName, cancellationToken);
        foreach (var entry in document.Sales)
        {
            var team = TeamOf(entry.Team, entry.Path, teams, resolution.Errors, out var known);
            User? rep = null;
            if (entry.Rep is { } login)
            {
                rep = users.GetValueOrDefault(User.Normalize(login));
                if (rep is null || rep.Role != UserRole.Rep)
                {
                    resolution.Errors.Add(new(entry.Path + ".rep", rep is null
                        ? $"no user '{login}'."
                        : $"'{login}' is {(rep.Role == UserRole.Admin ? "an admin" : "a manager")}, not a rep; give a rep's login, a team, or neither for the whole workspace."));
                    known = false;
                }
            }
            var teamOfEntry = rep is not null ? rep.TeamId : team?.Id;
            if (isManager && known && (teamOfEntry is null || teamOfEntry != scope.TeamId))
            {
                var whose = rep is not null ? $"rep '{rep.LoginName}', who is not in your team" : team is null ? "the whole workspace" : $"team '{team.Name}'";
                resolution.Errors.Add(new(entry.Path, $"{refused} and their reps'; this one is for {whose}."));
            }
            if (known)
            {
                resolution.Sales.Add((entry, team?.Id, rep?.Id));
            }
        }
        return resolution with { Pipeline = pipeline };
    }

    private static Stage? StageOf(Pipeline pipeline, ConversionTargetEntry entry, List<TargetsFileError> errors)
    {
        var stage = pipeline.FindStage(entry.Stage);
        var open = string.Join(", ", pipeline.Stages.Where(s => s.Kind == StageKind.Open).Select(s => s.Key));
        if (stage is null)
        {
            errors.Add(new(entry.Path + ".stage", $"no stage '{entry.Stage}' in pipeline '{pipeline.Key}'; stages: {string.Join(", ", pipeline.Stages.Select(s => s.Key))}."));
            return null;
        }
        if (stage.Kind != StageKind.Open)
        {
            errors.Add(new(entry.Path + ".stage", $"'{stage.Key}' is a {stage.Kind.ToString().ToLowerInvariant()} stage, which has no conversion target; open stages: {open}."));
            return null;
        }
        return stage;
    }

    /// <summary>The named team, or null for none; <paramref name="known"/> is false when the name is not a team.</summary>
    private static Team? TeamOf(string? name, string path, Dictionary<string, Team> teams, List<TargetsFileError> errors, out bool known)
    {
        known = true;
        if (name is null)
        {
            return null;
        }
        if (teams.TryGetValue(name, out var team))
        {
            return team;
        }
        known = false;
        errors.Add(new(path + ".team", $"no team '{name}'; teams: {(teams.Count == 0 ? "none yet" : string.Join(", ", teams.Keys))}."));
        return null;
    }
}

/// <summary>What applying a targets document did, or every reason it changed nothing.</summary>
/// <param name="Applied">The caller's view of the pipeline's targets afterwards; null when refused.</param>
/// <param name="Created">Targets that did not exist before.</param>
/// <param name="Changed">Stored targets whose figures changed; ones already as the file says are not counted.</param>
/// <param name="Removed">Targets removed (a null rate, or <c>"remove": true</c>).</param>
public sealed record TargetsApplyResult(TargetsDocument? Applied, IReadOnlyList<TargetsFileError> Errors, int Created = 0, int Changed = 0, int Removed = 0)
{
    public bool Succeeded => Applied is not null;
}
