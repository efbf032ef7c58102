namespace Loudou.Web.Startup;

/// <summary>The headers every answer carries: a Content-Security-Policy and the usual hardening.</summary>
/// <remarks>
/// Scripts come only from this host (<c>script-src 'self'</c>, no inline script, no eval): Blazor,
/// MudBlazor and ECharts are all served as files. Styles allow inline because Blazor and
/// MudBlazor write style attributes and MudBlazor's theme is a style element. The circuit's
/// WebSocket is same-origin, which <c>connect-src 'self'</c> covers. Nothing may frame the pages, except that an
/// answer marked with <see cref="FrameSameOrigin"/> (the printable review) may be framed by this host's own pages.
/// </remarks>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; "
        + "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>The <see cref="HttpContext.Items"/> key that lets this host's own pages frame an answer.</summary>
    public const string FrameSameOrigin = "loudou.frame-same-origin";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            var framed = context.Items.ContainsKey(FrameSameOrigin);
            headers.ContentSecurityPolicy = framed ? ContentSecurityPolicy.Replace("frame-ancestors 'none'", "frame-ancestors 'self'", StringComparison.Ordinal) : ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "same-origin";
            headers.XFrameOptions = framed ? "SAMEORIGIN" : "DENY";
            return Task.CompletedTask;
        });
        return next(context);
    });
}
