using Loudou.Core.Access;

namespace Loudou.Storage.Access;

/// <summary>Tells a <see cref="LoudouDbContext"/> whose scope its queries run in.</summary>
/// <remarks>
/// Read at every query rather than once, because a web request's context may be created (by
/// sign-in checks) before the request knows who is calling.
/// </remarks>
public interface IAccessScopeProvider
{
    AccessScope Current { get; }
}

/// <summary>A scope that does not change: the command line's, start-up's, a test's.</summary>
public sealed class FixedAccessScope(AccessScope scope) : IAccessScopeProvider
{
    /// <summary>The operator's scope, which sees every row.</summary>
    public static FixedAccessScope Everything { get; } = new(AccessScope.Everything);

    public AccessScope Current { get; } = scope;
}
