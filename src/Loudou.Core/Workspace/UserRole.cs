namespace Loudou.Core.Workspace;

/// <summary>What a user may see and do: a rep works own deals, a manager the team's, an admin all.</summary>
public enum UserRole
{
    Rep,
    Manager,
    Admin,
}
