using Loudou.Core.Workspace;
using Loudou.Web.Api;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;

namespace Loudou.Web.Access;

/// <summary>The sign-in cookie's checks: fresh user data on every request, and no redirects for the API.</summary>
public sealed class SignInCookieEvents : CookieAuthenticationEvents
{
    /// <summary>
    /// Reads the user row on every request: a disabled user or changed credentials (new security
    /// stamp) end the session at once, and a changed role or team applies to the next query.
    /// </summary>
    /// <remarks>One primary-key read per request; Identity's interval-based validator would leave a disabled rep in for up to 30 minutes.</remarks>
    public override async Task ValidatePrincipal(CookieValidatePrincipalContext context)
    {
        if (context.Principal is not { } principal || LoudouClaims.UserIdOf(principal) is not { } id)
        {
            context.RejectPrincipal();
            return;
        }
        var users = context.HttpContext.RequestServices.GetRequiredService<UserManager<User>>();
        var user = await users.FindByIdAsync(id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (user is null || !user.IsActive || user.SecurityStamp != principal.FindFirst(LoudouClaims.SecurityStamp)?.Value)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
            return;
        }
        if (LoudouClaims.IsStale(principal, user))
        {
            context.ReplacePrincipal(LoudouClaims.PrincipalFor(user, IdentityConstants.ApplicationScheme));
            context.ShouldRenew = true;
        }
    }

    public override Task RedirectToLogin(RedirectContext<CookieAuthenticationOptions> context)
    {
        if (ApiProblems.IsApi(context.Request))
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            return ApiProblems.WriteAsync(context.HttpContext, StatusCodes.Status401Unauthorized, "Not signed in.",
                "Sign in, or send an API token as 'Authorization: Bearer TOKEN' (loudou token create --user LOGIN).");
        }
        return base.RedirectToLogin(context);
    }

    /// <summary>The API answers 403 with ProblemDetails; a page the role may not open sends the browser to a page that says so.</summary>
    public override Task RedirectToAccessDenied(RedirectContext<CookieAuthenticationOptions> context)
    {
        if (ApiProblems.IsApi(context.Request))
        {
            return ApiProblems.WriteAsync(context.HttpContext, StatusCodes.Status403Forbidden, "Not allowed.", "Your role may not do this.");
        }
        context.Response.Redirect("/forbidden");
        return Task.CompletedTask;
    }
}
