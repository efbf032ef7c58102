using Loudou.Core;
using Loudou.Core.Access;
using Loudou.Core.Pipelines;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Storage.Deals;

/// <summary>A stage a deal list can be filtered by: its key in its pipeline and what people see.</summary>
public sealed record StageChoice(string Pipeline, string Key, LocalizedText Name, StageKind Kind, int Position, string? Color);

/// <summary>A person a deal list can be filtered by.</summary>
public sealed record OwnerChoice(string Login, string DisplayName);

/// <summary>The values a deal list's filters offer, in the caller's scope.</summary>
/// <param name="Stages">Every stage of every pipeline, the default pipeline first, in position order.</param>
/// <param name="Owners">The caller alone for a rep, the team for a manager, everyone for an admin.</param>
public sealed record DealListChoices(IReadOnlyList<StageChoice> Stages, IReadOnlyList<OwnerChoice> Owners, IReadOnlyList<string> Channels, IReadOnlyList<string> Tags)
{
    /// <summary>Reads the choices a caller's deal filters offer.</summary>
    public static async Task<DealListChoices> ReadAsync(LoudouDbContext db, CancellationToken cancellationToken = default)
    {
        var defaultPipeline = await db.WorkspaceSettings.AsNoTracking().Select(s => s.DefaultPipelineId).FirstOrDefaultAsync(cancellationToken);
        var stages = await (from s in db.Stages.AsNoTracking()
                            join p in db.Pipelines on s.PipelineId equals p.Id
                            orderby p.Id == defaultPipeline descending, p.Key, s.Position
                            select new StageChoice(p.Key, s.Key, s.Name, s.Kind, s.Position, s.Color)).ToListAsync(cancellationToken);
        var owners = await Visible(db.Users.AsNoTracking(), db.Scope)
            .OrderBy(u => u.LoginName)
            .Select(u => new OwnerChoice(u.LoginName, u.DisplayName))
            .ToListAsync(cancellationToken);
        var channels = await db.Channels.AsNoTracking().OrderBy(c => c.Name).Select(c => c.Name).ToListAsync(cancellationToken);
        var tags = await db.Tags.AsNoTracking().OrderBy(t => t.Name).Select(t => t.Name).ToListAsync(cancellationToken);
        return new DealListChoices(stages, owners, channels, tags);
    }

    /// <summary>Users are workspace reference data, so the context does not scope them: the owner filter does it here.</summary>
    private static IQueryable<Core.Workspace.User> Visible(IQueryable<Core.Workspace.User> users, AccessScope scope) =>
        scope.SeesAll ? users
        : scope.TeamId is { } team ? users.Where(u => u.TeamId == team || u.Id == scope.UserId)
        : users.Where(u => u.Id == scope.UserId);
}
