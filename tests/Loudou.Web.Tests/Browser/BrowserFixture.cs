using System.Diagnostics;
using Loudou.Storage;
using Loudou.Storage.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Loudou.Web.Tests.Browser;

/// <summary>The real host as a process on a small demo workspace, and Debian's Chromium driven by Playwright.</summary>
/// <remarks>
/// Chromium is the system's (LOUDOU_CHROMIUM, else /usr/bin/chromium), never a downloaded one: the
/// machines are offline. If it is missing the tests fail; the test command installs it.
/// </remarks>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const int DemoDeals = 1500;

    private TestDatabase? _database;
    private Process? _host;
    private IPlaywright? _playwright;

    public string Address { get; private set; } = "";

    public IBrowser Browser { get; private set; } = default!;

    public DatabaseTarget Target => _database!.Target;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        _host = HostProcess.Start(_database.Target, "--urls", "http://127.0.0.1:0", "--Loudou:Demo:CreateWhenEmpty=true", $"--Loudou:Demo:Deals={DemoDeals}");
        Address = await HostProcess.WaitForAddressAsync(_host);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Environment.GetEnvironmentVariable("LOUDOU_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    /// <summary>A fresh browser context (no cookies) with one page.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new() { Locale = "zh-CN" });
        return await context.NewPageAsync();
    }

    /// <summary>Saves a screenshot beside the test results when the test command says where they go.</summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        if (Environment.GetEnvironmentVariable("LOUDOU_TEST_RESULTS") is { Length: > 0 } results)
        {
            Directory.CreateDirectory(Path.Combine(results, "screenshots"));
            await page.ScreenshotAsync(new() { Path = Path.Combine(results, "screenshots", name + ".png"), FullPage = true });
        }
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }
        _playwright?.Dispose();
        if (_host is not null)
        {
            await HostProcess.StopAsync(_host);
            _host.Dispose();
        }
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
