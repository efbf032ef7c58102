using System.Diagnostics;
using Loudou.Storage;
using Loudou.Storage.Tests.Infrastructure;
using Loudou.Testing;
using Microsoft.Playwright;

namespace Loudou.Web.Tests.Browser;

/// <summary>The real host as a process on a small demo workspace, and Debian's Chromium driven by Playwright.</summary>
/// <remarks>
/// Chromium is the system's (LOUDOU_CHROMIUM, else /usr/bin/chromium), never a downloaded one: the
/// machines are offline. If it is missing the tests fail; the test command installs it.
/// </remarks>
public class BrowserFixture : IAsyncLifetime
{
    public const int DemoDeals = 1500;

    private TestDatabase? _database;
    private Process? _host;
    private IPlaywright? _playwright;

    public string Address { get; private set; } = "";

    public IBrowser Browser { get; private set; } = default!;

    public DatabaseTarget Target => _database!.Target;

    /// <summary>What the host printed when it started, from the line naming its address.</summary>
    public List<string> Banner { get; } = [];

    /// <summary>The host's settings: the demo workspace on an empty database unless a subclass says otherwise.</summary>
    protected virtual string[] HostArguments => ["--Loudou:Demo:CreateWhenEmpty=true", $"--Loudou:Demo:Deals={DemoDeals}"];

    /// <summary>The database the host runs on: SQLite unless a subclass says otherwise.</summary>
    protected virtual DatabaseProvider Provider => DatabaseProvider.Sqlite;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(Provider);
        _host = HostProcess.Start(_database.Target, ["--urls", "http://127.0.0.1:0", .. HostArguments]);
        Address = await HostProcess.WaitForAddressAsync(_host, banner: Banner);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Environment.GetEnvironmentVariable("LOUDOU_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    /// <summary>The desktop size the pages are designed for, and a phone's.</summary>
    public static readonly (int Width, int Height) Desktop = (1400, 900), Phone = (390, 844);

    /// <summary>A fresh browser context (no cookies) with one page, in a browser language and window size.</summary>
    /// <remarks>The page records every Content-Security-Policy violation (<see cref="CspViolationsAsync"/>).</remarks>
    public Task<IPage> NewPageAsync(string locale = "zh-CN", (int Width, int Height)? size = null) => NewPageAsync(locale, size, null);

    /// <param name="storageState">A signed-in session's cookies (Playwright's storage state), or null for none.</param>
    private async Task<IPage> NewPageAsync(string locale, (int Width, int Height)? size, string? storageState)
    {
        var (width, height) = size ?? Desktop;
        var context = await Browser.NewContextAsync(new()
        {
            Locale = locale,
            ViewportSize = new() { Width = width, Height = height },
            IsMobile = width < 600,
            HasTouch = width < 600,
            StorageState = storageState,
        });
        await context.AddInitScriptAsync(CspRecorder);
        // Twice Playwright's 30 s: on CI's two cores the browser tests share the machine with the storage tests' databases, and
        // a wait that is met in a second here has run out there. A wait that never holds still fails, only later.
        context.SetDefaultTimeout(60_000);
        return await context.NewPageAsync();
    }

    private readonly Dictionary<string, string> _signedIn = new(StringComparer.Ordinal);

    /// <summary>A fresh page already signed in as <paramref name="login"/>: the first time through the sign-in page, then with that session's cookies.</summary>
    /// <remarks>The host accepts ten sign-in posts a minute from one address; a test that opens many pages as the same users would meet that limit.</remarks>
    public async Task<IPage> NewSignedInPageAsync(string login, string locale = "zh-CN", (int Width, int Height)? size = null)
    {
        if (!_signedIn.TryGetValue(login, out var state))
        {
            var first = await NewPageAsync(locale, size);
            await SignInAsync(first, login);
            _signedIn[login] = state = await first.Context.StorageStateAsync();
            await first.Context.CloseAsync();
        }
        return await NewPageAsync(locale, size, state);
    }

    private const string CspRecorder = """
        window.__csp = [];
        document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));
        """;

    /// <summary>Signs in on the sign-in page and waits for the interactive page it lands on.</summary>
    public async Task SignInAsync(IPage page, string login, string password = Core.Demo.DemoCast.Password)
    {
        await page.GotoAsync(Address + "/signin");
        await page.GetByLabel("登录名", new() { Exact = true }).Or(page.GetByLabel("Login", new() { Exact = true })).FillAsync(login);
        await page.GetByLabel("密码", new() { Exact = true }).Or(page.GetByLabel("Password", new() { Exact = true })).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录", Exact = true }).Or(page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true })).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/signin", StringComparison.Ordinal));
        await WaitForInteractiveAsync(page);
    }

    /// <summary>Opens a page of the app and waits until its circuit answers.</summary>
    public async Task GoToAsync(IPage page, string path)
    {
        await page.GotoAsync(Address + path);
        await WaitForInteractiveAsync(page);
    }

    /// <summary>Waits for the page's heading and for Blazor's circuit to be connected, so clicks reach the server.</summary>
    public static async Task WaitForInteractiveAsync(IPage page)
    {
        await page.Locator("h1").First.WaitForAsync();
        await page.WaitForFunctionAsync("() => document.querySelector('.mud-layout') === null || document.getElementById('circuit-up') !== null");
    }

    /// <summary>Waits until every chart of the page has drawn its latest option (charts.js sets data-drawn to the component's data-want).</summary>
    public static async Task WaitForChartsAsync(IPage page) =>
        await page.WaitForFunctionAsync("() => [...document.querySelectorAll('.loudou-chart')].every(e => e.dataset.drawn === e.dataset.want)");

    /// <summary>GET an API address as the page's signed-in user, which must answer 200; its JSON.</summary>
    public async Task<System.Text.Json.Nodes.JsonObject> ApiAsync(IPage page, string path)
    {
        var response = await page.Context.APIRequest.GetAsync(Address + path);
        Assert.True(response.Ok, $"{path}: {response.Status} {await response.TextAsync()}");
        return System.Text.Json.Nodes.JsonNode.Parse(await response.TextAsync())!.AsObject();
    }

    /// <summary>One value of a plain SQL query on the host's SQLite file: the tests' independent count of what a page shows.</summary>
    public async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection(Target.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    public async Task<long> CountAsync(string sql) => Convert.ToInt64(await ScalarAsync(sql), System.Globalization.CultureInfo.InvariantCulture);

    public async Task<string> TextAsync(string sql) => Convert.ToString(await ScalarAsync(sql), System.Globalization.CultureInfo.InvariantCulture)!;

    /// <summary>The Content-Security-Policy violations the page has seen since it loaded.</summary>
    public static async Task<string[]> CspViolationsAsync(IPage page) => await page.EvaluateAsync<string[]>("() => window.__csp ?? []");

    /// <summary>Saves a screenshot of what the window shows under docs/screenshots, the pictures the README and the issues link.</summary>
    /// <param name="selector">One element to take instead of the viewport: a panel as it reads on its own.</param>
    public static async Task DocsScreenshotAsync(IPage page, string name, string? selector = null)
    {
        var folder = Path.Combine(RepositoryRoot.Path, "docs", "screenshots");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name + ".png");
        if (selector is not null)
        {
            await page.Locator(selector).ScreenshotAsync(new() { Path = path });
        }
        else
        {
            await page.ScreenshotAsync(new() { Path = path });
        }
        await ScreenshotAsync(page, name);
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

    public virtual async Task DisposeAsync()
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

/// <summary>The same host and browser on PostgreSQL.</summary>
public sealed class PostgresBrowserFixture : BrowserFixture
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}
