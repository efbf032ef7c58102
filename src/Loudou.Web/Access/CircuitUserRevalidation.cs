using System.Security.Claims;
using Loudou.Storage;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Web.Access;

/// <summary>Checks an open circuit's user against the user row every minute: disabled, signed out elsewhere, or moved means signed out here.</summary>
/// <remarks>
/// The cookie is checked on every HTTP request (<see cref="SignInCookieEvents"/>), but a circuit
/// lives on one WebSocket for hours. A changed role, team or name also ends the circuit's sign-in
/// rather than quietly widening or narrowing its scope: the sign-in prompt that follows reloads the
/// page with fresh claims. Every read and write of a page checks the same thing first (<see cref="CallerWork"/>).
/// </remarks>
public sealed class CircuitUserRevalidation(ILoggerFactory loggers, IServiceScopeFactory scopes)
    : RevalidatingServerAuthenticationStateProvider(loggers)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromMinutes(1);

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await IsCurrentAsync(scope.ServiceProvider, authenticationState.User, cancellationToken);
    }

    /// <summary>True when the principal's user still exists, is active, and has the stamp, role, team and name the principal carries.</summary>
    public static async Task<bool> IsCurrentAsync(IServiceProvider services, ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        if (LoudouClaims.UserIdOf(principal) is not { } id)
        {
            return false;
        }
        // Users are workspace reference data, which record scoping leaves visible to every context.
        var db = services.GetRequiredService<LoudouDbContext>();
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == id, cancellationToken);
        return user is { IsActive: true }
            && user.SecurityStamp == principal.FindFirst(LoudouClaims.SecurityStamp)?.Value
            && !LoudouClaims.WhoChanged(principal, user);
    }
}
