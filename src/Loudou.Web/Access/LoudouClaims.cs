using System.Globalization;
using System.Security.Claims;
using Loudou.Core.Access;
using Loudou.Core.Workspace;

namespace Loudou.Web.Access;

/// <summary>What a signed-in principal carries, and how it becomes an <see cref="AccessScope"/>.</summary>
/// <remarks>
/// Cookie and token sign-ins build the same claims from the user row, and the cookie's are
/// refreshed from that row on every request, so a role or team change applies at once.
/// </remarks>
public static class LoudouClaims
{
    public const string Team = "loudou:team";
    public const string DisplayName = "loudou:display-name";

    /// <summary>The language the user chose for the pages; absent when the browser decides.</summary>
    public const string Language = "loudou:language";

    /// <summary>The claim type Identity compares with the stored security stamp.</summary>
    public const string SecurityStamp = "AspNet.Identity.SecurityStamp";

    public static ClaimsPrincipal PrincipalFor(User user, string authenticationType)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, user.Id.ToString(CultureInfo.InvariantCulture)),
            new(ClaimTypes.Name, user.LoginName),
            new(DisplayName, user.DisplayName),
            new(ClaimTypes.Role, RoleName(user.Role)),
            new(SecurityStamp, user.SecurityStamp),
        };
        if (user.TeamId is { } team)
        {
            claims.Add(new(Team, team.ToString(CultureInfo.InvariantCulture)));
        }
        if (user.Language is { } language)
        {
            claims.Add(new(Language, language));
        }
        return new ClaimsPrincipal(new ClaimsIdentity(claims, authenticationType, ClaimTypes.Name, ClaimTypes.Role));
    }

    /// <summary>The lowercase role name used in claims and JSON: "admin", "manager" or "rep".</summary>
    public static string RoleName(UserRole role) => role.ToString().ToLowerInvariant();

    /// <summary>The scope of a principal; <see cref="AccessScope.Nobody"/> when it is not signed in or its claims are incomplete.</summary>
    public static AccessScope ScopeOf(ClaimsPrincipal principal)
    {
        if (principal.Identity?.IsAuthenticated != true || UserIdOf(principal) is not { } userId)
        {
            return AccessScope.Nobody;
        }
        if (!Enum.TryParse<UserRole>(principal.FindFirstValue(ClaimTypes.Role), ignoreCase: true, out var role))
        {
            return AccessScope.Nobody;
        }
        var team = int.TryParse(principal.FindFirstValue(Team), NumberStyles.None, CultureInfo.InvariantCulture, out var teamId) ? teamId : (int?)null;
        return AccessScope.For(userId, role, team);
    }

    public static int? UserIdOf(ClaimsPrincipal principal) =>
        int.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;

    /// <summary>True when the claims that scoping and the pages read no longer match the user row.</summary>
    public static bool IsStale(ClaimsPrincipal principal, User user) =>
        WhoChanged(principal, user) || principal.FindFirstValue(Language) != user.Language;

    /// <summary>True when the user's role, team or name differ from the principal's: who is asking has changed.</summary>
    /// <remarks>A language choice is left out: choosing one in one tab must not sign the user out of another.</remarks>
    public static bool WhoChanged(ClaimsPrincipal principal, User user) =>
        principal.FindFirstValue(ClaimTypes.Role) != RoleName(user.Role)
        || principal.FindFirstValue(Team) != user.TeamId?.ToString(CultureInfo.InvariantCulture)
        || principal.FindFirstValue(DisplayName) != user.DisplayName;
}
