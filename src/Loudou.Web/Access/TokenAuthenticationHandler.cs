using System.Text.Encodings.Web;
using Loudou.Storage;
using Loudou.Storage.Access;
using Loudou.Web.Api;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Loudou.Web.Access;

/// <summary>Signs in an API call by its <c>Authorization: Bearer TOKEN</c> header, as the token's user.</summary>
/// <remarks>
/// The user row is read on every call, so disabling a user or revoking a token takes effect at the
/// next call. A failed or missing token is a 401 ProblemDetails, never a redirect.
/// </remarks>
public sealed class TokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    TimeProvider clock)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "LoudouToken";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (header.Length == 0)
        {
            return AuthenticateResult.NoResult();
        }
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.Fail("The Authorization header must be 'Bearer TOKEN'.");
        }
        var db = Context.RequestServices.GetRequiredService<LoudouDbContext>();
        var user = await new ApiTokens(db, clock).AuthenticateAsync(header["Bearer ".Length..].Trim(), Context.RequestAborted);
        if (user is null)
        {
            return AuthenticateResult.Fail("The token is unknown, revoked or expired, or its user is disabled.");
        }
        return AuthenticateResult.Success(new AuthenticationTicket(LoudouClaims.PrincipalFor(user, SchemeName), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        Response.Headers.WWWAuthenticate = result.Failure is null ? "Bearer" : "Bearer error=\"invalid_token\"";
        await ApiProblems.WriteAsync(Context, StatusCodes.Status401Unauthorized, "Not signed in.",
            result.Failure?.Message ?? "Sign in, or send an API token as 'Authorization: Bearer TOKEN' (loudou token create --user LOGIN).");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ApiProblems.WriteAsync(Context, StatusCodes.Status403Forbidden, "Not allowed.", "Your role may not do this.");
}
