using Loudou.Core.Demo;

namespace Loudou.Web;

/// <summary>Web host settings under <c>Loudou</c> in appsettings.json or the environment.</summary>
/// <param name="MigrateOnStartup">Loudou:Database:MigrateOnStartup: migrate a server database at start (opt-in; SQLite always is).</param>
/// <param name="DemoWhenEmpty">Loudou:Demo:CreateWhenEmpty: fill an empty database (no deals, no users) with the demo workspace. Off by default so a production database stays clean.</param>
/// <param name="DemoDeals">Loudou:Demo:Deals: how many deals that demo has.</param>
/// <param name="HttpsOnly">Loudou:Web:HttpsOnly: redirect plain HTTP to HTTPS and send HSTS. Off by default, so http://127.0.0.1 and a LAN address keep working.</param>
public sealed record LoudouWebOptions(bool MigrateOnStartup = false, bool DemoWhenEmpty = false, int DemoDeals = DemoOptions.DefaultDeals, bool HttpsOnly = false)
{
    public static LoudouWebOptions FromConfiguration(IConfiguration configuration) => new(
        configuration.GetValue("Loudou:Database:MigrateOnStartup", false),
        configuration.GetValue("Loudou:Demo:CreateWhenEmpty", false),
        configuration.GetValue("Loudou:Demo:Deals", DemoOptions.DefaultDeals),
        configuration.GetValue("Loudou:Web:HttpsOnly", false));
}
