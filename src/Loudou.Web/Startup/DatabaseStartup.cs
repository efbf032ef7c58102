using Loudou.Core;
using Loudou.Storage;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Web.Startup;

/// <summary>Readies the database before the host answers: migrate SQLite, check a server, create the workspace.</summary>
public static partial class DatabaseStartup
{
    /// <summary>Runs before <c>app.Run</c>, so /healthz answers 200 only once the workspace is in place.</summary>
    /// <returns>False when the database cannot be used; the reason has been printed, without a trace.</returns>
    public static async Task<bool> PrepareDatabaseAsync(this WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Loudou.Startup");
        try
        {
            var options = LoudouWebOptions.FromConfiguration(app.Configuration);
            await using var scope = app.Services.CreateAsyncScope();
            var target = scope.ServiceProvider.GetRequiredService<DatabaseTarget>();
            var db = scope.ServiceProvider.GetRequiredService<LoudouDbContext>();
            var created = await LoudouDatabase.OpenWorkspaceAsync(db, target, options.MigrateOnStartup, WorkspaceDefaults.FromConfiguration(app.Configuration));
            LogDatabaseReady(logger, target.Describe(), created);
            if (options.DemoWhenEmpty && !await db.Deals.AnyAsync())
            {
                // The demo generator is its own piece of work; until it lands an empty database gets
                // the workspace and the default pipeline only, and says so.
                LogDemoNotAvailable(logger);
            }
            return true;
        }
        catch (LoudouException e)
        {
            // A setting or database the operator must fix: say what, once, and stop.
            LogCannotStart(logger, e.Message);
            await Console.Error.WriteLineAsync("error: " + e.Message);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Critical, Message = "Loudou cannot start: {Reason}")]
    private static partial void LogCannotStart(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Database {Database} is ready (workspace created now: {Created}).")]
    private static partial void LogDatabaseReady(ILogger logger, string database, bool created);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Demo data was asked for, but the demo generator is not part of this build yet; the workspace has the default pipeline and no deals.")]
    private static partial void LogDemoNotAvailable(ILogger logger);
}
