using Loudou.Core.Workspace;

namespace Loudou.Core.Analytics;

/// <summary>A person the team analysis can rank: the user, the login the snapshot's owner dimension holds, and the team.</summary>
/// <param name="UserId">The user's id, which <see cref="FollowUpTask.AssigneeId"/> refers to.</param>
/// <param name="Login">The user's login: the value of the snapshot's "owner" dimension on the deals the user owns.</param>
/// <param name="Team">The name of the user's team (the snapshot's "team" dimension spells teams by name); null for none.</param>
public sealed record TeamMember(int UserId, string Login, string DisplayName, UserRole Role, string? Team);

/// <summary>The people and teams of the workspace, as <see cref="TeamExecution"/> reads them.</summary>
/// <param name="Members">Every user who may own deals or be assigned tasks; only those with <see cref="UserRole.Rep"/> are ranked.</param>
public sealed record TeamRoster(IReadOnlyList<TeamMember> Members)
{
    /// <summary>The names of every team of the workspace, with or without members; a team a member names counts too.</summary>
    /// <remarks>Only used to tell a team without reps (an empty answer) from a team that does not exist (a refusal).</remarks>
    public IReadOnlyList<string> Teams { get; init; } = [];
}

/// <summary>A follow-up task on a deal (the product's "task", <see cref="Activities.DealTask"/>), as the on-time rate reads it.</summary>
/// <param name="AssigneeId">The user the task is assigned to; null for nobody (such a task counts for no one).</param>
/// <param name="Due">When it is due; null for no due moment (it never counts).</param>
/// <param name="DoneAt">When it was done; null while open.</param>
public readonly record struct FollowUpTask(long DealId, int? AssigneeId, DateTimeOffset? Due, DateTimeOffset? DoneAt)
{
    /// <summary>The task's id, which <see cref="TeamExecution.TaskIds"/> lists; 0 when the caller does not drill down.</summary>
    public long Id { get; init; }
}
