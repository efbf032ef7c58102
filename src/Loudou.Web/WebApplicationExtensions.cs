using Loudou.Storage;
using Loudou.Web.Pages;
using Loudou.Web.Startup;
using Microsoft.Extensions.Configuration.Json;

namespace Loudou.Web;

/// <summary>The host's contents page: what it registers and what it maps.</summary>
public static class WebApplicationExtensions
{
    public static WebApplicationBuilder AddLoudouWeb(this WebApplicationBuilder builder)
    {
        // The content root is the working directory (where data/ lives), which need not hold the
        // shipped appsettings.json: read the one beside the program first, so that a file in the
        // working directory, the environment and the command line still override it.
        var shipped = new JsonConfigurationSource { Path = Path.Combine(AppContext.BaseDirectory, "appsettings.json"), Optional = true };
        shipped.ResolveFileProvider();
        builder.Configuration.Sources.Insert(0, shipped);
        builder.Services.AddLoudouStorage(sp => DatabaseTarget.FromConfiguration(sp.GetRequiredService<IConfiguration>()));
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<LoudouExceptionHandler>();
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        return builder;
    }

    public static WebApplication MapLoudouWeb(this WebApplication app)
    {
        // Every environment, Development included, answers errors with ProblemDetails and no trace.
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapHealthChecks("/healthz").AllowAnonymous();
        app.MapHomePage();
        return app;
    }
}
