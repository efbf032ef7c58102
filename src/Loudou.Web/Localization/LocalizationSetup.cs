using System.Globalization;
using System.Security.Claims;
using Loudou.Core.Workspace;
using Loudou.Web.Access;
using Microsoft.AspNetCore.Localization;

namespace Loudou.Web.Localization;

/// <summary>zh-CN and English pages: which language a request gets, and the endpoint that changes it.</summary>
/// <remarks>
/// The language is, in order: the signed-in user's stored choice, the culture cookie (what the
/// language menu last set in this browser), the browser's Accept-Language, the workspace's
/// language chosen at setup, zh-CN. Demo users store none, so the demo follows the browser. A circuit keeps the culture of
/// the request that opened it, so changing language reloads the page.
/// </remarks>
public static class LocalizationSetup
{
    public static IReadOnlyList<CultureInfo> Cultures { get; } = [.. Languages.All.Select(CultureInfo.GetCultureInfo)];

    /// <summary>A language's name in itself, as a language menu lists it.</summary>
    public static string NameOf(CultureInfo culture) => culture.Name == Languages.Chinese ? "简体中文" : culture.NativeName;

    public static IServiceCollection AddLoudouLocalization(this IServiceCollection services)
    {
        services.AddLocalization(o => o.ResourcesPath = "Resources");
        services.AddSingleton<WorkspaceLanguage>();
        services.Configure<RequestLocalizationOptions>(o =>
        {
            o.DefaultRequestCulture = new RequestCulture(Languages.Chinese);
            o.SupportedCultures = [.. Cultures];
            o.SupportedUICultures = [.. Cultures];
            o.FallBackToParentCultures = true;
            o.FallBackToParentUICultures = true;
            o.RequestCultureProviders =
            [
                new CustomRequestCultureProvider(context => Task.FromResult(
                    context.User.FindFirstValue(LoudouClaims.Language) is { Length: > 0 } language ? new ProviderCultureResult(language) : null)),
                new CookieRequestCultureProvider(),
                new AcceptLanguageHeaderRequestCultureProvider(),
                new CustomRequestCultureProvider(async context =>
                    await context.RequestServices.GetRequiredService<WorkspaceLanguage>().GetAsync() is { } language ? new ProviderCultureResult(language) : null),
            ];
        });
        return services;
    }

    /// <summary>After authentication, so the user's stored language is known.</summary>
    public static IApplicationBuilder UseLoudouLocalization(this IApplicationBuilder app) => app.UseRequestLocalization();

    /// <summary>
    /// <c>GET /account/language?culture=en&amp;returnUrl=/deals</c>: remembers the language in this
    /// browser's cookie and goes back. The language menu stores the user's choice first; this only
    /// sets the cookie, so it is harmless as a GET and works on the sign-in page too.
    /// </summary>
    public static void MapLanguageEndpoint(this IEndpointRouteBuilder app) =>
        app.MapGet("/account/language", (string? culture, string? returnUrl, HttpContext context) =>
        {
            if (Languages.All.FirstOrDefault(l => string.Equals(l, culture, StringComparison.OrdinalIgnoreCase)) is { } language)
            {
                context.Response.Cookies.Append(
                    CookieRequestCultureProvider.DefaultCookieName,
                    CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(language)),
                    new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, HttpOnly = true, SameSite = SameSiteMode.Lax });
            }
            return TypedResults.LocalRedirect(SignInEndpoints.SafeReturnUrl(returnUrl));
        }).AllowAnonymous().ExcludeFromDescription();
}
