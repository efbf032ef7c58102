using System.Security.Claims;
using Loudou.Core.Access;
using Loudou.Storage.Access;

namespace Loudou.Web.Access;

/// <summary>The caller whose scope a DI scope's queries run in: a circuit's user, else the request's.</summary>
/// <remarks>
/// An interactive circuit has no <see cref="HttpContext"/> after it starts, so <see cref="CircuitCaller"/>
/// hands the circuit's authentication state to this provider and keeps it current; an API or
/// statically rendered request has no circuit and is read from its own <see cref="HttpContext.User"/>.
/// Outside both (start-up, background work) there is no caller and nothing is visible; such work
/// opens its own context in the operator's scope, in reviewed places only (docs/access.md).
/// </remarks>
public sealed class CallerAccessScopeProvider(IHttpContextAccessor accessor) : IAccessScopeProvider
{
    private ClaimsPrincipal? _circuitUser;

    /// <summary>The signed-in principal, or null when nobody is.</summary>
    public ClaimsPrincipal? Principal => _circuitUser ?? accessor.HttpContext?.User;

    public AccessScope Current => Principal is { } user ? LoudouClaims.ScopeOf(user) : AccessScope.Nobody;

    /// <summary>Makes this DI scope answer for a circuit's (or a unit of work's) user from now on.</summary>
    public void UsePrincipal(ClaimsPrincipal principal) => _circuitUser = principal;
}
