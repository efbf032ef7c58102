using Loudou.Core.Workspace;

namespace Loudou.Core.Access;

/// <summary>Which deals a caller may see, and through them which accounts, contacts, activities and tasks.</summary>
/// <remarks>
/// A rep sees the deals they own; a manager the deals of their team (<see cref="Deals.Deal.TeamId"/>,
/// the owner's team when the deal was assigned) and their own; an admin everything. Everything else
/// a caller sees follows from the deals: an account or contact through a visible deal, a deal's
/// history, parts, activities and scores with the deal, a task with its deal or when assigned to the
/// caller. Storage applies this scope to every query (see docs/access.md), so a new screen, export
/// or report inherits it without doing anything.
/// </remarks>
/// <param name="SeesAll">Admins and the operator's own tools (CLI, start-up, migrations).</param>
/// <param name="UserId">The caller, whose own deals, tasks and tokens are in scope; null for nobody.</param>
/// <param name="TeamId">A manager's team, whose deals are in scope; null for reps.</param>
/// <param name="Role">The signed-in user's role; null for the operator and for nobody.</param>
public sealed record AccessScope(bool SeesAll, int? UserId, int? TeamId, UserRole? Role = null)
{
    /// <summary>The operator of the installation: the command line, start-up and maintenance jobs.</summary>
    public static AccessScope Everything { get; } = new(true, null, null);

    /// <summary>No deal at all: what a request that has not signed in sees.</summary>
    public static AccessScope Nobody { get; } = new(false, null, null);

    /// <summary>The scope of a signed-in user with this role and team.</summary>
    /// <remarks>A manager without a team sees only their own deals, as a rep does.</remarks>
    public static AccessScope For(int userId, UserRole role, int? teamId) => role switch
    {
        UserRole.Admin => new(true, userId, null, role),
        UserRole.Manager => new(false, userId, teamId, role),
        _ => new(false, userId, null, role),
    };

    /// <summary>Managers, admins and the operator may move a deal past a stage gate that is not met, giving a reason.</summary>
    public bool MayOverrideGates => SeesAll || Role is UserRole.Manager or UserRole.Admin;

    /// <summary>
    /// Managers, admins and the operator may delete deals (in their scope) and contacts; reps may not,
    /// so a lead cannot disappear from the funnel without a manager knowing.
    /// </summary>
    public bool MayDelete => SeesAll || Role is UserRole.Manager or UserRole.Admin;

    public static AccessScope For(User user) => For(user.Id, user.Role, user.TeamId);
}
