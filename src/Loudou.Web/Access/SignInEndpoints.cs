using Loudou.Core.Workspace;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Loudou.Web.Access;

/// <summary>The sign-in and sign-out form posts; the page itself is Components/Pages/SignIn.razor.</summary>
/// <remarks>
/// Form posts, so antiforgery is checked by the framework before these run (a post without the
/// page's token is a 400). Sign-in is rate-limited per address on top of Identity's per-user lockout.
/// </remarks>
public static class SignInEndpoints
{
    public const string RateLimitPolicy = "signin";

    public static void MapSignInEndpoints(this IEndpointRouteBuilder app)
    {
        var account = app.MapGroup("/account").ExcludeFromDescription();
        account.MapPost("/signin", SignInAsync).AllowAnonymous().RequireRateLimiting(RateLimitPolicy);
        account.MapPost("/signout", SignOutAsync);
    }

    private static async Task<RedirectHttpResult> SignInAsync(
        [FromForm] string? login,
        [FromForm] string? password,
        [FromForm] string? returnUrl,
        SignInManager<User> signIn,
        TimeProvider clock,
        HttpContext context,
        ILoggerFactory loggers)
    {
        var back = SafeReturnUrl(returnUrl);
        if (string.IsNullOrWhiteSpace(login) || string.IsNullOrEmpty(password))
        {
            return TypedResults.Redirect(SignInPage("missing", back));
        }
        var logger = loggers.CreateLogger("Loudou.SignIn");
        var address = context.Connection.RemoteIpAddress?.ToString();
        var result = await signIn.PasswordSignInAsync(login.Trim(), password, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            // Shown to admins on the users page; UpdateAsync also keeps Identity's concurrency stamp right.
            if (await signIn.UserManager.FindByNameAsync(login.Trim()) is { } user)
            {
                user.RecordSignIn(clock.GetUtcNow());
                await signIn.UserManager.UpdateAsync(user);
            }
            AccessTrace.SignedIn(logger, login.Trim(), address);
            return TypedResults.Redirect(back);
        }
        var outcome = result.IsLockedOut ? "locked" : "failed";
        AccessTrace.SignInFailed(logger, login.Trim(), address, outcome);
        return TypedResults.Redirect(SignInPage(outcome, back));
    }

    private static async Task<RedirectHttpResult> SignOutAsync(SignInManager<User> signIn)
    {
        await signIn.SignOutAsync();
        return TypedResults.Redirect("/signin?signedOut=1");
    }

    private static string SignInPage(string error, string returnUrl) =>
        $"/signin?error={error}" + (returnUrl == "/" ? "" : "&returnUrl=" + Uri.EscapeDataString(returnUrl));

    /// <summary>Only a path on this site, in printable ASCII as a Location header must be.</summary>
    /// <remarks>An absolute or protocol-relative URL would make the form an open redirect; a control character would split the header.</remarks>
    public static string SafeReturnUrl(string? returnUrl) =>
        returnUrl is { Length: > 0 and <= 2000 } url
        && url[0] == '/'
        && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
        && url.All(c => c is >= '!' and <= '~')
            ? url
            : "/";
}
