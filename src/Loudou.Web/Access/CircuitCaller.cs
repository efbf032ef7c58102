using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace Loudou.Web.Access;

/// <summary>Feeds a circuit's authentication state to its <see cref="CallerAccessScopeProvider"/>, before the first render and on every change.</summary>
/// <remarks>
/// A circuit's handlers are opened before its root components render, so no page of the circuit
/// ever queries without a caller. A revalidation that signs the user out (<see cref="CircuitUserRevalidation"/>)
/// changes the state, and the next query sees nobody.
/// </remarks>
public sealed class CircuitCaller(AuthenticationStateProvider authentication, CallerAccessScopeProvider caller) : CircuitHandler, IDisposable
{
    public override async Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        caller.UsePrincipal((await authentication.GetAuthenticationStateAsync()).User);
        authentication.AuthenticationStateChanged += OnChanged;
    }

    public void Dispose() => authentication.AuthenticationStateChanged -= OnChanged;

    private async void OnChanged(Task<AuthenticationState> state)
    {
        // An async void handler must not throw: a faulted state task means "nobody".
        try
        {
            caller.UsePrincipal((await state).User);
        }
        catch (Exception)
        {
            caller.UsePrincipal(new System.Security.Claims.ClaimsPrincipal());
        }
    }
}
