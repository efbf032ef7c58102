using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Loudou.Storage;
using Loudou.Storage.Tests.Infrastructure;

namespace Loudou.Web.Tests;

/// <summary>The built host as a real process: its start-up message, --urls, and how it refuses to start.</summary>
public partial class HostProcessTests
{
    [Fact]
    public async Task The_host_listens_where_urls_says_and_prints_the_address()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite, migrated: false);
        using var host = Start(database.Target, "--urls", "http://127.0.0.1:0");
        try
        {
            var address = await WaitForAddressAsync(host);
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
        using var host = Start(database.Target, "--urls", "http://127.0.0.1:0");
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
        using var host = Start(database.Target, "--urls", "http://127.0.0.1:0", "--Loudou:Database:Provider=Oracle");
        var error = host.StandardError.ReadToEndAsync();
        _ = host.StandardOutput.ReadToEndAsync();

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await host.WaitForExitAsync(timeout.Token);

        Assert.Equal(1, host.ExitCode);
        Assert.Contains("Loudou:Database:Provider", await error);
        Assert.DoesNotContain("   at ", await error);
    }

    private static Process Start(DatabaseTarget target, params string[] args)
    {
        // The host's own build output, of the same configuration as this test assembly.
        var webDll = Path.Combine(AppContext.BaseDirectory.Replace("Loudou.Web.Tests", "Loudou.Web", StringComparison.Ordinal), "Loudou.Web.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        start.ArgumentList.Add(webDll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["Loudou__Database__Provider"] = target.Provider.ToString();
        start.Environment["Loudou__Database__ConnectionString"] = target.ConnectionString;
        return Process.Start(start)!;
    }

    private static async Task<string> WaitForAddressAsync(Process host)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (await host.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (RunningAt().Match(line) is { Success: true } match)
            {
                _ = host.StandardOutput.ReadToEndAsync();
                return match.Groups[1].Value;
            }
        }
        throw new InvalidOperationException("The host exited without printing its address: " + await host.StandardError.ReadToEndAsync());
    }

    [GeneratedRegex(@"is running at (http://127\.0\.0\.1:\d+)")]
    private static partial Regex RunningAt();
}
