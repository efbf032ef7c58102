using Loudou.Core;
using Loudou.Core.Access;
using Loudou.Core.Demo;
using Loudou.Storage;
using Loudou.Storage.Demo;
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
            var target = app.Services.GetRequiredService<DatabaseTarget>();
            // Start-up works for the operator, before any request: it must see every row (docs/access.md).
            await using var db = LoudouDatabase.CreateContext(target, AccessScope.Everything, app.Services.GetRequiredService<TimeProvider>());
            var created = await LoudouDatabase.OpenWorkspaceAsync(db, target, options.MigrateOnStartup, WorkspaceDefaults.FromConfiguration(app.Configuration));
            LogDatabaseReady(logger, target.Describe(), created);
            if (options.DemoWhenEmpty && !await db.Deals.AnyAsync() && !await db.Users.AnyAsync())
            {
                var settings = await db.WorkspaceSettings.SingleAsync();
                var demo = new DemoOptions(options.DemoDeals, DemoOptions.DefaultSeed, settings.Calendar.DateOf(TimeProvider.System.GetUtcNow()).AddDays(-1));
                var summary = await LoudouDatabase.TranslateErrors(target, () => DemoWorkspace.CreateAsync(db, demo), "write to");
                LogDemoCreated(logger, summary.Deals, demo.AsOf, summary.Elapsed.TotalSeconds);
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

    [LoggerMessage(Level = LogLevel.Information, Message = "The database was empty: created the demo workspace with {Deals} deals as of {AsOf} in {Seconds:N1} s.")]
    private static partial void LogDemoCreated(ILogger logger, long deals, DateOnly asOf, double seconds);
}
