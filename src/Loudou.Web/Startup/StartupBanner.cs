using Loudou.Core.Demo;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Loudou.Web.Startup;

/// <summary>Tells the person who started the host where to go, once it listens.</summary>
public static class StartupBanner
{
    /// <remarks>A database without users gets the first-run setup's address and its one-time code instead of the sign-in hints.</remarks>
    public static async Task PrintWhereToGoOnStartAsync(this WebApplication app)
    {
        var setup = app.Services.GetRequiredService<FirstRunSetup>();
        var needsSetup = await setup.IsNeededAsync();
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            var first = addresses.FirstOrDefault() ?? "(no address)";
            Console.WriteLine();
            Console.WriteLine($"  Loudou (漏斗) is running at {first}");
            Console.WriteLine($"  Health: {first}/healthz");
            if (needsSetup)
            {
                Console.WriteLine($"  First run: open {first}/setup in a browser on this machine to name the workspace and create its first admin.");
                Console.WriteLine($"  From another computer the setup page asks for this one-time code: {setup.Code}");
                Console.WriteLine("  To look around first, start the demo in a database file of its own: Loudou__Database__ConnectionString=data/demo.db scripts/run.sh");
                Console.WriteLine("  Stop with Ctrl+C.");
                Console.WriteLine();
                return;
            }
            Console.WriteLine($"  Sign in at {first}/signin with a user from 'loudou user add' (list them: loudou user list).");
            Console.WriteLine($"  Demo users (when the demo was created): admin, chen.jing (manager), zhang.wei (rep)… password {DemoCast.Password}; all in docs/demo-data.md.");
            Console.WriteLine($"  API: {first}/api/v1/deals with 'Authorization: Bearer TOKEN' (loudou token create --user LOGIN); OpenAPI at {first}/openapi/v1.json.");
            Console.WriteLine("  Stop with Ctrl+C.");
            Console.WriteLine();
        });
    }
}
