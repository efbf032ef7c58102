using Microsoft.AspNetCore.Components.Authorization;

namespace Loudou.Web.Access;

/// <summary>Runs one unit of a page's work in a DI scope of its own, as the page's signed-in user.</summary>
/// <remarks>
/// A circuit's DI scope lives as long as the browser tab, and a <c>LoudouDbContext</c> in it would
/// grow stale and tracked entities with it (EF Core's Blazor guidance). Each call here gets fresh
/// stores and a fresh context, scoped to the circuit's caller, and disposes them when it returns.
/// A write first checks the user row again (<see cref="CircuitUserRevalidation.IsCurrentAsync"/>),
/// so a user disabled or moved while the tab was open writes nothing and sees the sign-in prompt.
/// </remarks>
public sealed class CallerWork(IServiceScopeFactory scopes, AuthenticationStateProvider authentication)
{
    /// <summary>Reads in the caller's scope.</summary>
    public async Task<T> ReadAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = await OpenAsync();
        return await work(scope.ServiceProvider);
    }

    /// <summary>Writes in the caller's scope, after checking that the caller is still who the page thinks.</summary>
    /// <exception cref="CallerChangedException">The user was disabled, signed out elsewhere, or changed role, team or name.</exception>
    public async Task<T> WriteAsync<T>(Func<IServiceProvider, Task<T>> work, CancellationToken cancellationToken = default)
    {
        await using var scope = await OpenAsync();
        var principal = scope.ServiceProvider.GetRequiredService<CallerAccessScopeProvider>().Principal;
        if (principal is null || !await CircuitUserRevalidation.IsCurrentAsync(scope.ServiceProvider, principal, cancellationToken))
        {
            // Signed out here too: the page's router shows the sign-in prompt instead of the page.
            if (authentication is IHostEnvironmentAuthenticationStateProvider host)
            {
                host.SetAuthenticationState(Task.FromResult(new AuthenticationState(new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity()))));
            }
            throw new CallerChangedException();
        }
        return await work(scope.ServiceProvider);
    }

    private async Task<AsyncServiceScope> OpenAsync()
    {
        var state = await authentication.GetAuthenticationStateAsync();
        var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CallerAccessScopeProvider>().UsePrincipal(state.User);
        return scope;
    }
}

/// <summary>The signed-in user of a page is no longer who they were when it opened: the page asks them to sign in again.</summary>
public sealed class CallerChangedException() : Exception("The signed-in user changed while the page was open; sign in again.");
