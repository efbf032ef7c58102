using Loudou.Core.Access;
using Loudou.Storage.Access;

namespace Loudou.Web.Access;

/// <summary>The web host's scope: the signed-in caller of the current request, else nobody.</summary>
/// <remarks>
/// Outside a request (start-up, background work) there is no caller, so nothing is visible; such
/// work opens its own context in the operator's scope, in reviewed places only (docs/access.md).
/// </remarks>
public sealed class HttpAccessScopeProvider(IHttpContextAccessor accessor) : IAccessScopeProvider
{
    public AccessScope Current => accessor.HttpContext?.User is { } user ? LoudouClaims.ScopeOf(user) : AccessScope.Nobody;
}
