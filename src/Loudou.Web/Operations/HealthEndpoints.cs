using System.Text.Json;
using Loudou.Web.Startup;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Loudou.Web.Operations;

/// <summary><c>/healthz</c> (alive: the process answers and its database does) and <c>/healthz/ready</c> (ready to serve: database, analytics, scheduler).</summary>
/// <remarks>
/// Both are anonymous and answer before setup, on a database without users, so that a load balancer or an
/// orchestrator can use them from the first start. Ready answers 200 with each check's state as JSON, or 503 naming
/// the checks that failed; a proxy sends traffic only to a ready host, and restarts one that is no longer alive.
/// </remarks>
public static class HealthEndpoints
{
    private const string Ready = "ready";

    public static IServiceCollection AddLoudouHealth(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: ["live", Ready])
            .AddCheck<AnalyticsReadyCheck>("analytics", tags: [Ready])
            .AddCheck<SchedulerReadyCheck>("scheduler", tags: [Ready]);
        return services;
    }

    public static IEndpointRouteBuilder MapLoudouHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = check => check.Tags.Contains("live") }).AllowAnonymous();
        app.MapHealthChecks("/healthz/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(Ready), ResponseWriter = WriteAsync }).AllowAnonymous();
        return app;
    }

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        var body = new
        {
            status = Name(report.Status),
            failed = report.Entries.Where(e => e.Value.Status == HealthStatus.Unhealthy).Select(e => e.Key).ToList(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = Name(e.Value.Status), detail = e.Value.Description }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, JsonOptions));
    }

    private static string Name(HealthStatus status) => status.ToString().ToLowerInvariant();

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
