using Microsoft.Playwright;

namespace Loudou.Bench.Page;

/// <summary>Times the pipeline board as a browser sees it: first paint of the cards, and a completed drag.</summary>
/// <remarks>
/// First paint: a new browser context (a new session's first visit) signed in with the same cookies, timed by the
/// page's own clock from the start of navigation to the first card of every non-empty column painted (the
/// prerendered page), and to interactive (the circuit up: a drag or a click now reaches the server).
/// Completed drag: in one open board, the largest card of the third open stage is dragged back to the second (a
/// backward move, which no gate stops), timed from the drag start to the card shown in its new column with the
/// board read again (no card pending). The drag is the browser's drag events as the page receives them.
/// </remarks>
internal sealed class BoardMeasure(Uri url, PageMeasure session, int runs, Action<string> say)
{
    private const string Painted = """
        () => {
            const columns = [...document.querySelectorAll('section.loudou-board-col')];
            return columns.length > 0 && columns.every(c => c.querySelector('[data-count]')?.dataset.count === '0' || c.querySelector('li[data-deal]'))
                ? performance.now() : null;
        }
        """;

    private const string Usable = """
        () => document.getElementById('circuit-up') && [...document.querySelectorAll('section.loudou-board-col')].length > 0 ? performance.now() : null
        """;

    private const string Drag = """
        async ([from, to]) => {
            const until = test => new Promise(done => { const tick = () => test() ? done() : requestAnimationFrame(tick); tick(); });
            const card = document.querySelector(`section.loudou-board-col[data-stage='${from}'] li[data-deal]`);
            const id = card.dataset.deal;
            const transfer = new DataTransfer();
            const started = performance.now();
            card.dispatchEvent(new DragEvent('dragstart', { bubbles: true, dataTransfer: transfer }));
            await until(() => document.getElementById('board')?.dataset.dragging === id);
            const target = document.querySelector(`section.loudou-board-col[data-stage='${to}']`);
            target.dispatchEvent(new DragEvent('dragover', { bubbles: true, cancelable: true, dataTransfer: transfer }));
            target.dispatchEvent(new DragEvent('drop', { bubbles: true, dataTransfer: transfer }));
            await until(() => target.querySelector(`li[data-deal='${id}']`) && !document.querySelector('li.pending')
                && !document.querySelector(`section.loudou-board-col[data-stage='${from}'] li[data-deal='${id}']`));
            return performance.now() - started;
        }
        """;

    public async Task<IReadOnlyList<string>> RunAsync()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await PageMeasure.LaunchAsync(playwright);
        var cookies = await session.SignInAsync(browser);

        var first = new List<double>();
        var usable = new List<double>();
        string open = "";
        string[] stages = [];
        for (var run = -1; run < runs; run++)
        {
            await using var context = await browser.NewContextAsync(PageMeasure.Context(cookies));
            var page = await context.NewPageAsync();
            await page.GotoAsync(new Uri(url, "/board").ToString(), new() { WaitUntil = WaitUntilState.Commit, Timeout = 120_000 });
            var at = await (await page.WaitForFunctionAsync(Painted, null, new() { PollingInterval = null, Timeout = 120_000 })).JsonValueAsync<double>();
            var live = await (await page.WaitForFunctionAsync(Usable, null, new() { PollingInterval = null, Timeout = 120_000 })).JsonValueAsync<double>();
            if (run >= 0)
            {
                first.Add(at);
                usable.Add(live);
            }
            open = (await page.Locator("#board-total").InnerTextAsync()).Trim();
            stages = await page.Locator("section.loudou-board-col").EvaluateAllAsync<string[]>("cs => cs.map(c => c.dataset.stage)");
        }
        say($"first paint: {PageMeasure.Summary(first)} ({open})");

        await using var work = await browser.NewContextAsync(PageMeasure.Context(cookies));
        var board = await work.NewPageAsync();
        await board.GotoAsync(new Uri(url, "/board").ToString(), new() { Timeout = 120_000 });
        await board.WaitForFunctionAsync(Painted, null, new() { Timeout = 120_000 });
        await board.WaitForFunctionAsync(Usable, null, new() { Timeout = 120_000 });
        var dragged = new List<double>();
        for (var i = -1; i < runs; i++)
        {
            var ms = await board.EvaluateAsync<double>(Drag, new[] { stages[2], stages[1] });
            if (i >= 0)
            {
                dragged.Add(ms);
            }
        }
        say($"completed drag: {PageMeasure.Summary(dragged)}");
        return
        [
            $"open deals on the board: {open}",
            $"first paint (navigation to every non-empty column's cards painted, new session each): {PageMeasure.Summary(first)}",
            $"interactive (navigation to the circuit up, so that a drag or a click reaches the server): {PageMeasure.Summary(usable)}",
            $"completed drag ({stages[2]} → {stages[1]}, drag start to the card in its new column with the board read again): {PageMeasure.Summary(dragged)}",
        ];
    }
}
