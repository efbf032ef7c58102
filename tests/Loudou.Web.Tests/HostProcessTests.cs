using System.Net;
using Loudou.Storage;
using Loudou.Storage.Tests.Infrastructure;

namespace Loudou.Web.Tests;

/// <summary>The built host as a real process: its start-up message, --urls, and how it refuses to start.</summary>
public class HostProcessTests
{
    [Fact]
    public async Task The_host_listens_where_urls_says_and_prints_the_address()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite, migrated: false);
        using var host = HostProcess.Start(database.Target, "--urls", "http://127.0.0.1:0");
        try
        {
            var address = await HostProcess.WaitForAddressAsync(host);
            using var client = new HttpClient();

            var health = await client.GetAsync(address + "/healthz");

            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        }
        finally
        {
            host.Kill(entireProcessTree: true);
            await host.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task A_server_database_that_is_behind_stops_the_host_with_the_command_to_run_and_no_trace()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres, migrated: false);
        using var host = HostProcess.Start(database.Target, "--urls", "http://127.0.0.1:0");
        var output = host.StandardOutput.ReadToEndAsync();
        var error = host.StandardError.ReadToEndAsync();

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await host.WaitForExitAsync(timeout.Token);

        var all = await output + await error;
        Assert.Equal(1, host.ExitCode);
        Assert.Contains("loudou db migrate", await error);
        Assert.DoesNotContain("   at ", all);
        Assert.DoesNotContain("Unhandled exception", all);
    }

    [Fact]
    public async Task A_bad_setting_stops_the_host_naming_the_setting()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite, migrated: false);
        using var host = HostProcess.Start(database.Target, "--urls", "http://127.0.0.1:0", "--Loudou:Database:Provider=Oracle");
        var error = host.StandardError.ReadToEndAsync();
        _ = host.StandardOutput.ReadToEndAsync();

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await host.WaitForExitAsync(timeout.Token);

        Assert.Equal(1, host.ExitCode);
        Assert.Contains("Loudou:Database:Provider", await error);
        Assert.DoesNotContain("   at ", await error);
    }
}
