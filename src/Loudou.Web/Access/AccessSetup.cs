using System.Threading.RateLimiting;
using Loudou.Core.Workspace;
using Loudou.Storage.Access;
using Loudou.Web.Api;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Identity;

namespace Loudou.Web.Access;

/// <summary>Sign-in, API tokens, authorization and record scoping for the web host.</summary>
/// <remarks>
/// Everything requires a signed-in user unless it says otherwise (health, OpenAPI, the sign-in
/// page). A request is signed in by the Identity cookie or, when it sends an Authorization header,
/// by an API token; either way its queries run in that user's scope through
/// <see cref="CallerAccessScopeProvider"/>, and an interactive page's through its circuit.
/// </remarks>
public static class AccessSetup
{
    /// <summary>The default scheme: picks the token handler for a bearer token, the cookie otherwise.</summary>
    public const string Scheme = "Loudou";

    public static WebApplicationBuilder AddLoudouAccess(this WebApplicationBuilder builder)
    {
        var settings = SignInSettings.FromConfiguration(builder.Configuration);
        var services = builder.Services;
        services.AddHttpContextAccessor();
        services.AddScoped<CallerAccessScopeProvider>();
        services.AddScoped<IAccessScopeProvider>(sp => sp.GetRequiredService<CallerAccessScopeProvider>());
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, CircuitUserRevalidation>();
        services.AddScoped<CircuitHandler, CircuitCaller>();
        services.AddScoped<CallerWork>();

        services.AddIdentityCore<User>(o =>
            {
                o.Lockout.MaxFailedAccessAttempts = settings.MaxFailedAttempts;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(settings.LockoutMinutes);
                o.Lockout.AllowedForNewUsers = true;
                // Logins are checked by 'loudou user add'; Chinese logins are welcome.
                o.User.AllowedUserNameCharacters = "";
                o.ClaimsIdentity.SecurityStampClaimType = LoudouClaims.SecurityStamp;
            })
            .AddUserStore<LoudouUserStore>()
            .AddSignInManager<LoudouSignInManager>()
            .AddClaimsPrincipalFactory<LoudouClaimsFactory>();

        var secure = settings.SecureCookiesOnly ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
        services.AddScoped<SignInCookieEvents>();
        services.AddAuthentication(o =>
            {
                o.DefaultScheme = Scheme;
                o.DefaultChallengeScheme = Scheme;
                o.DefaultForbidScheme = Scheme;
            })
            .AddPolicyScheme(Scheme, "Cookie or API token", o => o.ForwardDefaultSelector = SchemeFor)
            .AddCookie(IdentityConstants.ApplicationScheme, o =>
            {
                o.Cookie.Name = "loudou.session";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie.SecurePolicy = secure;
                o.ExpireTimeSpan = TimeSpan.FromHours(settings.SessionHours);
                o.SlidingExpiration = true;
                o.LoginPath = "/signin";
                o.LogoutPath = "/account/signout";
                o.ReturnUrlParameter = "returnUrl";
                o.EventsType = typeof(SignInCookieEvents);
            })
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, TokenAuthenticationHandler>(TokenAuthenticationHandler.SchemeName, null);

        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "loudou.antiforgery";
            o.Cookie.SecurePolicy = secure;
        });
        services.AddRateLimiter(o =>
        {
            o.AddPolicy(SignInEndpoints.RateLimitPolicy, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = settings.AttemptsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            o.OnRejected = async (context, cancellationToken) =>
            {
                var http = context.HttpContext;
                AccessTrace.SignInThrottled(http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Loudou.SignIn"), http.Connection.RemoteIpAddress?.ToString());
                http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                http.Response.Headers.RetryAfter = "60";
                http.Response.ContentType = "text/html; charset=utf-8";
                await http.Response.WriteAsync(
                    "<!doctype html><meta charset=\"utf-8\"><title>漏斗 Loudou</title><p>登录尝试过多，请一分钟后再试。</p>"
                    + "<p>Too many sign-in attempts from this address. Wait a minute and <a href=\"/signin\">try again</a>.</p>",
                    cancellationToken);
            };
        });
        return builder;
    }

    /// <summary>A bearer token goes to the token handler, and so does any Authorization header on /api (to be refused clearly).</summary>
    /// <remarks>Pages ignore other Authorization headers, such as a reverse proxy's Basic sign-in.</remarks>
    private static string SchemeFor(HttpContext context)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || (authorization.Length > 0 && ApiProblems.IsApi(context.Request))
            ? TokenAuthenticationHandler.SchemeName
            : IdentityConstants.ApplicationScheme;
    }

    public static WebApplication UseLoudouAccess(this WebApplication app)
    {
        // Behind a reverse proxy on the same machine (the default trusted proxy is loopback only),
        // the client's address and https come from X-Forwarded-*: rate limits and secure cookies need both.
        app.UseForwardedHeaders(new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto });
        app.UseAuthentication();
        app.UseCrossSiteApiGuard();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseAntiforgery();
        return app;
    }
}
