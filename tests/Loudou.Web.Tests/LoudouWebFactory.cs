using Loudou.Storage;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Loudou.Web.Tests;

/// <summary>The real web host on a test's own database, with extra settings.</summary>
public sealed class LoudouWebFactory(DatabaseTarget target, params (string Key, string Value)[] settings) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Loudou:Database:Provider", target.Provider.ToString());
        builder.UseSetting("Loudou:Database:ConnectionString", target.ConnectionString);
        // Quartz keeps its schedulers by name in one process-wide registry, so hosts in one test process do not run one;
        // the scheduler's tests start the host as a process of its own.
        builder.UseSetting("Loudou:Scheduler:Enabled", "false");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
    }
}
