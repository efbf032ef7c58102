namespace Loudou.Web.Operations;

/// <summary>Every answer names its request in <c>X-Request-Id</c>: the identifier that each log line of the request carries.</summary>
/// <remarks>
/// ASP.NET Core puts the request's <see cref="HttpContext.TraceIdentifier"/> into the logging scope of everything
/// logged while it runs (RequestId, shown with Logging:Console:FormatterOptions:IncludeScopes). Handing it to the
/// client, and through the reverse proxy to its access log, lets a person who reports a failed page be matched with
/// the server's log lines. An incoming X-Request-Id is not taken over: any client could send one, so log lines would
/// no longer name one request each.
/// </remarks>
public static class RequestIds
{
    public const string Header = "X-Request-Id";

    public static IApplicationBuilder UseRequestIds(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            context.Response.Headers[Header] = context.TraceIdentifier;
            return Task.CompletedTask;
        });
        return next(context);
    });
}
