using Microsoft.AspNetCore.Components.Authorization;

namespace Loudou.Web.Access;

/// <summary>Runs one unit of a page's work in a DI scope of its own, as the page's signed-in user.</summary>
/// <remarks>
/// A circuit's DI scope lives as long as the browser tab, and a <c>LoudouDbContext</c> in it would
/// grow stale and tracked entities with it (EF Core's Blazor guidance). Each call here gets fresh
/// stores and a fresh context, scoped to the circuit's caller, and disposes them when it returns.
/// Each unit first checks the user row again (<see cref="CircuitUserRevalidation.IsCurrentAsync"/>),
/// so a user disabled or moved while the tab was open reads and writes nothing more and sees the
/// sign-in prompt. Reads and writes are told apart so that writes can gain checks of their own.
/// </remarks>
public sealed class CallerWork(IServiceScopeFactory scopes, AuthenticationStateProvider authentication)
{
    /// <summary>Reads in the caller's scope; a caller who changed reads as nobody (no deal at all) while the page turns into the sign-in prompt.</summary>
    /// <remarks>Reads run in page lifecycle methods, where an exception would end the circuit with an error instead of the prompt.</remarks>
    public async Task<T> ReadAsync<T>(Func<IServiceProvider, Task<T>> work, CancellationToken cancellationToken = default)
    {
        await using var scope = await OpenAsync(failIfChanged: false, cancellationToken);
        return await work(scope.ServiceProvider);
    }

    /// <summary>Writes in the caller's scope.</summary>
    /// <exception cref="CallerChangedException">The user was disabled, signed out elsewhere, or changed role, team or name: nothing was written.</exception>
    public async Task<T> WriteAsync<T>(Func<IServiceProvider, Task<T>> work, CancellationToken cancellationToken = default)
    {
        await using var scope = await OpenAsync(failIfChanged: true, cancellationToken);
        return await work(scope.ServiceProvider);
    }

    /// <summary>Writes in the caller's scope; a caller who changed meanwhile gets no result and <c>CallerChanged</c>, for the page to say so rather than fail.</summary>
    public async Task<(T? Result, bool CallerChanged)> TryWriteAsync<T>(Func<IServiceProvider, Task<T>> work, CancellationToken cancellationToken = default)
    {
        try
        {
            return (await WriteAsync(work, cancellationToken), false);
        }
        catch (CallerChangedException)
        {
            return (default, true);
        }
    }

    /// <summary>A fresh DI scope in the caller's scope, once the user row still says who the page thinks.</summary>
    /// <remarks>One primary-key read per unit of work: a user disabled or moved loses access at their next click, not a minute later.</remarks>
    private async Task<AsyncServiceScope> OpenAsync(bool failIfChanged, CancellationToken cancellationToken)
    {
        var principal = (await authentication.GetAuthenticationStateAsync()).User;
        var scope = scopes.CreateAsyncScope();
        var caller = scope.ServiceProvider.GetRequiredService<CallerAccessScopeProvider>();
        caller.UsePrincipal(principal);
        if (principal.Identity?.IsAuthenticated != true || await CircuitUserRevalidation.IsCurrentAsync(scope.ServiceProvider, principal, cancellationToken))
        {
            return scope;
        }
        // Signed out here too: the page's router shows the sign-in prompt instead of the page.
        var nobody = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity());
        if (authentication is IHostEnvironmentAuthenticationStateProvider host)
        {
            host.SetAuthenticationState(Task.FromResult(new AuthenticationState(nobody)));
        }
        if (failIfChanged)
        {
            await scope.DisposeAsync();
            throw new CallerChangedException();
        }
        caller.UsePrincipal(nobody);
        return scope;
    }
}

/// <summary>The signed-in user of a page is no longer who they were when it opened: the page asks them to sign in again.</summary>
public sealed class CallerChangedException() : Exception("The signed-in user changed while the page was open; sign in again.");
