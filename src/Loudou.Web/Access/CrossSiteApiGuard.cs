using Loudou.Web.Api;
using Microsoft.AspNetCore.Identity;

namespace Loudou.Web.Access;

/// <summary>Refuses an API write signed in by the cookie when the browser says it comes from another site.</summary>
/// <remarks>
/// A bearer token cannot be sent by another site, but a cookie can: this closes cross-site request
/// forgery on the API, beside SameSite=Lax. Browsers mark every POST, PATCH and DELETE with
/// <c>Origin</c> and (current ones) <c>Sec-Fetch-Site</c>, so a write whose Origin is another host, or
/// that the browser calls cross-site or same-site (a sibling subdomain), is refused with 403.
/// A request without either header comes from a program, not a page another site controls.
/// The pages' own forms carry antiforgery tokens instead (UseAntiforgery).
/// </remarks>
public static class CrossSiteApiGuard
{
    public static IApplicationBuilder UseCrossSiteApiGuard(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var request = context.Request;
        if (ApiProblems.IsApi(request) && !HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method) && !HttpMethods.IsOptions(request.Method)
            && context.User.Identity is { IsAuthenticated: true, AuthenticationType: var type } && type == IdentityConstants.ApplicationScheme
            && IsCrossSite(request))
        {
            await ApiProblems.WriteAsync(context, StatusCodes.Status403Forbidden, "A write from another site is refused.",
                "This API write carries the sign-in cookie but comes from another site's page. Call the API from Loudou's own pages, or with an API token.");
            return;
        }
        await next(context);
    });

    private static bool IsCrossSite(HttpRequest request)
    {
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        if (site is "cross-site" or "same-site")
        {
            return true;
        }
        var origin = request.Headers.Origin.ToString();
        return origin.Length > 0
            && !(Uri.TryCreate(origin, UriKind.Absolute, out var uri)
                 && string.Equals(uri.Scheme, request.Scheme, StringComparison.OrdinalIgnoreCase)
                 && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase));
    }
}
