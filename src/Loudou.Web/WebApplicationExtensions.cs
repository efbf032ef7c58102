using Loudou.Storage;
using Loudou.Web.Access;
using Loudou.Web.Analytics;
using Loudou.Web.Api;
using Loudou.Web.Api.OpenApi;
using Loudou.Web.Components;
using Loudou.Web.Localization;
using Loudou.Web.Operations;
using Loudou.Web.Scheduling;
using Loudou.Web.Startup;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Configuration.Json;
using MudBlazor.Services;

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
        builder.AddLoudouAccess();
        builder.Services.AddProblemDetails();
        builder.Services.AddSingleton<IProblemDetailsWriter, ApiProblemDetailsWriter>();
        builder.Services.AddExceptionHandler<LoudouExceptionHandler>();
        // Binding failures (page=abc) reach LoudouExceptionHandler, which names the parameter.
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.Configure<JsonOptions>(o => o.SerializerOptions.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping);
        builder.Services.AddSingleton(sp => AnalyticsOptions.FromConfiguration(sp.GetRequiredService<IConfiguration>()));
        builder.Services.AddSingleton<AnalyticsSnapshots>();
        builder.Services.AddScoped<Api.FunnelAnswers>();
        builder.Services.AddScoped<Api.AnalysisAnswers>();
        builder.Services.AddScoped<Api.TeamAnswers>();
        builder.Services.AddScoped<Api.ReviewAnswers>();
        builder.Services.AddScoped<Api.ChannelAnswers>();
        builder.Services.AddScoped<Loudou.Scoring.ScoringService>();
        builder.Services.AddScoped<Components.Layout.BellSignal>();
        builder.Services.AddHostedService<AnalyticsWarmup>();
        builder.AddLoudouScheduler();
        builder.Services.AddSingleton<FirstRunSetup>();
        builder.Services.AddSingleton(sp => Imports.ImportOptions.FromConfiguration(sp.GetRequiredService<IConfiguration>(), builder.Environment.ContentRootPath));
        builder.Services.AddSingleton<Imports.ImportUpload>();
        builder.Services.AddSingleton<Imports.ImportRuns>();
        builder.Services.AddLoudouHealth();
        builder.Services.AddLoudouDataProtection();
        builder.Services.AddLoudouOpenApi();
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices();
        builder.Services.AddLoudouLocalization();
        // The host runs from its build output too (scripts/run.sh), where package assets such as
        // MudBlazor's are found through the static web assets manifest; a published host has none and this does nothing.
        builder.WebHost.UseStaticWebAssets();
        // Pages are mostly Chinese: write it as text, not as &#x...; entities (the encoder still escapes markup).
        builder.Services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
            o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        return builder;
    }

    public static WebApplication MapLoudouWeb(this WebApplication app)
    {
        app.UseRequestIds();
        app.UseSecurityHeaders();
        if (LoudouWebOptions.FromConfiguration(app.Configuration).HttpsOnly)
        {
            app.UseHsts();
            app.UseHttpsRedirection();
        }
        // Every environment, Development included, answers errors with ProblemDetails and no trace.
        app.UseExceptionHandler();
        // A browser's page address that leads nowhere shows the app's own "not found" page; the API,
        // and programs that do not ask for HTML, keep getting ProblemDetails.
        app.UseWhen(IsPageRead, pages => pages.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true));
        app.UseWhen(context => !IsPageRead(context), other => other.UseStatusCodePages());
        app.UseFirstRunSetup(IsPageRead);
        // Routing after the status code pages, so that the re-executed "/not-found" is routed again.
        app.UseRouting();
        app.UseLoudouAccess();
        app.UseLoudouLocalization();
        app.MapStaticAssets().AllowAnonymous();
        app.MapLoudouHealth();
        app.MapOpenApi().AllowAnonymous();
        app.MapSignInEndpoints();
        app.MapLanguageEndpoint();
        app.MapDealsApi();
        app.MapAccountsApi();
        app.MapBoardApi();
        app.MapActivitiesApi();
        app.MapPipelinesApi();
        app.MapAuditApi();
        app.MapTokensApi();
        app.MapAnalyticsApi();
        app.MapNotificationsApi();
        app.MapNotificationSettingsApi();
        app.MapRankingApi();
        app.MapJobsApi();
        app.MapRemindersApi();
        app.MapNotificationTargetsApi();
        app.MapTargetsApi();
        app.MapReviewPage();
        app.MapChannelsApi();
        app.MapAlertsApi();
        app.MapPrivacyApi();
        app.MapFieldsApi();
        app.MapWorkspaceApi();
        app.MapSegmentsApi();
        app.MapCatalogApi();
        app.MapScoringApi();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }

    private static bool IsPageRead(HttpContext context) =>
        HttpMethods.IsGet(context.Request.Method) && !ApiProblems.IsApi(context.Request)
        && context.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);
}
