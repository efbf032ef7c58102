using Microsoft.Playwright;

namespace Loudou.Bench.Page;

/// <summary>Times the funnel dashboard as a browser sees it: first view, and a filter change, until every chart has drawn.</summary>
/// <remarks>
/// Times are the page's own clock (performance.now()), read when the page shows the answer for its address
/// (#funnel-page's data-view) and every chart has drawn its latest option (data-drawn equal to data-want), polled
/// each animation frame.
/// A first view is a new browser context (a new session's first visit: no cached script) signed in with the same
/// cookies, timed from the start of navigation. A filter change is an in-app navigation (Blazor.navigateTo) in one
/// open page, alternating the whole funnel with one channel's, timed from the call.
/// </remarks>
internal sealed class PageMeasure(Uri url, string login, string password, int runs, int changes, Action<string> say)
{
    private const string Shown = """
        () => {
            const view = document.getElementById('funnel-page')?.dataset.view;
            const charts = [...document.querySelectorAll('.loudou-chart')];
            return view && decodeURIComponent(view) === decodeURIComponent(location.pathname + location.search)
                && charts.length > 0 && charts.every(e => e.dataset.drawn === e.dataset.want) ? performance.now() : null;
        }
        """;

    private const string Change = """
        async (target) => {
            const started = performance.now();
            Blazor.navigateTo(target);
            await new Promise(done => {
                const tick = () => {
                    const view = document.getElementById('funnel-page')?.dataset.view;
                    const charts = [...document.querySelectorAll('.loudou-chart')];
                    const ready = view && decodeURIComponent(view) === decodeURIComponent(target)
                        && charts.length > 0 && charts.every(e => e.dataset.drawn === e.dataset.want);
                    ready ? done() : requestAnimationFrame(tick);
                };
                tick();
            });
            return performance.now() - started;
        }
        """;

    public async Task<IReadOnlyList<string>> RunAsync()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await PageMeasure.LaunchAsync(playwright);
        var session = await SignInAsync(browser);

        // First view: a warm-up visit (the host's first circuit, its first answer), then the timed ones.
        var first = new List<double>();
        List<string> channels = [];
        for (var run = -1; run < runs; run++)
        {
            await using var context = await browser.NewContextAsync(Context(session));
            var page = await context.NewPageAsync();
            await page.GotoAsync(new Uri(url, "/funnel").ToString(), new() { WaitUntil = WaitUntilState.Commit, Timeout = 120_000 });
            var at = await (await page.WaitForFunctionAsync(Shown, null, new() { PollingInterval = null, Timeout = 120_000 })).JsonValueAsync<double>();
            if (run >= 0)
            {
                first.Add(at);
            }
            if (channels.Count == 0)
            {
                channels = [.. (await page.Locator("#funnel-groups tr[data-group]").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.group)")).Where(k => k.Length > 0).Take(5)];
            }
        }
        say($"first view: {Summary(first)}");

        // Filter changes in one open page: the whole funnel, then a channel, in turn, so each change has work to do.
        await using var open = await browser.NewContextAsync(Context(session));
        var view = await open.NewPageAsync();
        await view.GotoAsync(new Uri(url, "/funnel").ToString(), new() { Timeout = 120_000 });
        await view.WaitForFunctionAsync(Shown, null, new() { Timeout = 120_000 });
        var changed = new List<double>();
        for (var i = -2; i < changes; i++)
        {
            var target = i % 2 == 0 || channels.Count == 0 ? "/funnel" : "/funnel?where=" + Uri.EscapeDataString("channel=" + channels[(i / 2) % channels.Count]);
            if (target == "/funnel" && view.Url.EndsWith("/funnel", StringComparison.Ordinal))
            {
                target = "/funnel?by=team";
            }
            var ms = await view.EvaluateAsync<double>(Change, target);
            if (i >= 0)
            {
                changed.Add(ms);
            }
        }
        say($"filter change: {Summary(changed)}");
        return
        [
            $"first view (navigation to every chart drawn, new session each): {Summary(first)}",
            $"filter change (in-app navigation to every chart redrawn; whole funnel, by team and one channel in turn): {Summary(changed)}",
            $"channels used: {string.Join(", ", channels)}",
        ];
    }

    /// <summary>Debian's Chromium (LOUDOU_CHROMIUM, else /usr/bin/chromium), headless and quiet.</summary>
    internal static Task<IBrowser> LaunchAsync(IPlaywright playwright) => playwright.Chromium.LaunchAsync(new()
    {
        ExecutablePath = Environment.GetEnvironmentVariable("LOUDOU_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium",
        Headless = true,
        Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });

    internal async Task<string> SignInAsync(IBrowser browser)
    {
        await using var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1400, Height = 900 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(url, "/signin").ToString());
        await page.FillAsync("input[name=login]", login);
        await page.FillAsync("input[name=password]", password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(u => !u.Contains("/signin", StringComparison.Ordinal), new() { Timeout = 120_000 });
        return await context.StorageStateAsync();
    }

    internal static BrowserNewContextOptions Context(string session) => new()
    {
        ViewportSize = new() { Width = 1400, Height = 900 },
        Locale = "zh-CN",
        StorageState = session,
    };

    internal static string Summary(List<double> ms)
    {
        var sorted = ms.Order().ToList();
        double At(double q) => sorted[(int)Math.Round(q * (sorted.Count - 1))];
        return $"median {At(0.5):F0} ms, p90 {At(0.9):F0} ms, min {sorted[0]:F0}, max {sorted[^1]:F0} over {sorted.Count} runs";
    }
}
