using System.Diagnostics;
using System.Text.RegularExpressions;
using Loudou.Storage;

namespace Loudou.Web.Tests;

/// <summary>The built web host started as a real process, as the run command starts it.</summary>
public static partial class HostProcess
{
    public static Process Start(DatabaseTarget target, params string[] args)
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

    /// <summary>Waits for the start-up banner and returns the address it names.</summary>
    /// <param name="banner">When given, receives the banner's lines from the address to "Stop with Ctrl+C.".</param>
    public static async Task<string> WaitForAddressAsync(Process host, int timeoutSeconds = 120, List<string>? banner = null)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(timeoutSeconds));
        string? address = null;
        while (await host.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (address is null && RunningAt().Match(line) is { Success: true } match)
            {
                address = match.Groups[1].Value;
            }
            if (address is not null)
            {
                banner?.Add(line);
                if (banner is null || line.Contains("Stop with Ctrl+C.", StringComparison.Ordinal))
                {
                    _ = host.StandardOutput.ReadToEndAsync();
                    _ = host.StandardError.ReadToEndAsync();
                    return address;
                }
            }
        }
        throw new InvalidOperationException("The host exited without printing its address: " + await host.StandardError.ReadToEndAsync());
    }

    public static async Task StopAsync(Process host)
    {
        if (!host.HasExited)
        {
            host.Kill(entireProcessTree: true);
        }
        await host.WaitForExitAsync();
    }

    [GeneratedRegex(@"is running at (http://127\.0\.0\.1:\d+)")]
    private static partial Regex RunningAt();
}
