namespace Loudou.Web;

/// <summary>Web host settings under <c>Loudou</c> in appsettings.json or the environment.</summary>
/// <param name="MigrateOnStartup">Loudou:Database:MigrateOnStartup: migrate a server database at start (opt-in; SQLite always is).</param>
/// <param name="DemoWhenEmpty">Loudou:Demo:CreateWhenEmpty: fill an empty database with the demo workspace. Off by default so a production database stays clean.</param>
public sealed record LoudouWebOptions(bool MigrateOnStartup = false, bool DemoWhenEmpty = false)
{
    public static LoudouWebOptions FromConfiguration(IConfiguration configuration) => new(
        configuration.GetValue("Loudou:Database:MigrateOnStartup", false),
        configuration.GetValue("Loudou:Demo:CreateWhenEmpty", false));
}
