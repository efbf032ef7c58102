using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Loudou.Core.Analytics;
using Loudou.Core.Pipelines;
using Loudou.Storage;
using Loudou.Storage.Access;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Bench.Web;

/// <summary>What <c>loudou-bench-web measure</c> is asked: the host, its database, and the size of each part.</summary>
/// <param name="Runs">Sequential requests of the overhead part, and engine calls beside them.</param>
/// <param name="LoadRuns">Timed snapshot loads in this process.</param>
/// <param name="Clients">Concurrent clients of the concurrency part, each pausing <paramref name="PauseMs"/> between requests.</param>
/// <param name="Moves">Stage moves of the freshness part.</param>
/// <param name="HostPid">The host's process, for its memory; null when not known.</param>
internal sealed record MeasureOptions(
    Uri Url, DatabaseTarget Target, int Threads, int Runs = 21, int LoadRuns = 3, int Clients = 20, int Seconds = 60, int PauseMs = 100, int Moves = 100, int? HostPid = null);

/// <summary>Drives a running host over HTTP as a client would, and times the engine and the loader in this process for comparison.</summary>
/// <remarks>
/// Order: wait for the host's snapshot; time the loader here (the host idle); time the engine on that snapshot; then the
/// host's own answers, one client, then many; freshness last, since it moves deals. Every figure is from all samples.
/// </remarks>
internal sealed class WebMeasure(MeasureOptions options, Action<string> say)
{
    private const string Funnel = "/api/v1/analytics/funnel";

    /// <summary>Moves made before the counted ones: the first runs the write and refresh paths' code for the first time.</summary>
    private const int WarmUpMoves = 2;

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue, PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5) };
        using var http = new HttpClient(handler) { BaseAddress = options.Url, Timeout = TimeSpan.FromMinutes(10) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(cancellationToken));

        var started = TimeProvider.System.GetTimestamp();
        await WaitForSnapshotAsync(http, cancellationToken);
        say($"host: first funnel answer {TimeProvider.System.GetElapsedTime(started).TotalSeconds:F1} s after this client started (start-up and the whole snapshot load){HostMemory()}");

        var snapshot = await LoadAsync(cancellationToken);
        say($"workload: {snapshot.DealCount} deals, {snapshot.EventCount} stage events");

        // 1. Overhead: the dashboard's query from one client, and the engine's call for it on the same data here, in turn,
        // so that both meet the same background load; warm-up runs of each first.
        var engine = new Samples();
        var web = new Samples();
        var query = new FunnelQuery { By = "channel" };
        var collections = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
        var allocated = GC.GetTotalAllocatedBytes();
        for (var run = -3; run < options.Runs; run++)
        {
            (run >= 0 ? engine : new Samples()).Time(() => FunnelEngine.Compute(snapshot, query, DateTimeOffset.UtcNow, options.Threads));
            await (run >= 0 ? web : new Samples()).TimeAsync(() => GetAsync(http, Funnel + "?by=channel", cancellationToken));
        }
        say($"engine, FunnelEngine.Compute(by channel, {options.Threads} threads) here: median {engine.Median:F1} ms over {engine.Count} runs (after 3 warm-up), min {engine.Quantile(0):F1}, max {engine.Max:F1}; "
            + $"this process meanwhile (engine and client): {(GC.GetTotalAllocatedBytes() - allocated) / 1048576.0 / (options.Runs + 3):F1} MiB allocated a run, "
            + $"collections gen0/1/2 {GC.CollectionCount(0) - collections.Item1}/{GC.CollectionCount(1) - collections.Item2}/{GC.CollectionCount(2) - collections.Item3}, GC {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")}");
        say($"one client, GET {Funnel}?by=channel: median {web.Median:F1} ms over {web.Count} requests (after 3 warm-up, in turn with the engine's runs), min {web.Quantile(0):F1}, max {web.Max:F1}");
        say($"web overhead: {web.Median:F1} / {engine.Median:F1} = {web.Median / engine.Median:F2} (goal ≤ 1.5)");

        // What a request of the concurrency part costs the engine alone: the bound on requests per second is about the
        // cores over it, since one answer is one pass on one core (the counting passes aside).
        var filtered = new Samples();
        for (var n = 0; n < 12; n++)
        {
            var where = Filter(n);
            var filter = where.StartsWith("where=", StringComparison.Ordinal)
                ? new FunnelQuery { Where = [(where[6..where.IndexOf('=', 6)], where[(where.IndexOf('=', 6) + 1)..])] }
                : new FunnelQuery { From = DateOnly.Parse(where[5..15], CultureInfo.InvariantCulture), To = DateOnly.Parse(where[^10..], CultureInfo.InvariantCulture) };
            filtered.Time(() => FunnelEngine.Compute(snapshot, filter, DateTimeOffset.UtcNow, options.Threads));
        }
        say($"engine for the concurrency part's filters (12, three of each kind) here: median {filtered.Median:F1} ms, max {filtered.Max:F1}");
        snapshot = null;
        GC.Collect();

        // 2. Many clients, each asking with another filter.
        await ConcurrentAsync(http, cancellationToken);

        // 3. Freshness, last: it moves deals.
        await FreshnessAsync(http, cancellationToken);
        say($"host after the run{HostMemory()}");
        return 0;
    }

    /// <summary>A token for the bench admin, good for a day, made as <c>loudou token create</c> makes one.</summary>
    private async Task<string> TokenAsync(CancellationToken cancellationToken)
    {
        await using var db = LoudouDatabase.CreateContext(options.Target);
        var (token, _) = await new ApiTokens(db, TimeProvider.System).CreateAsync(WorkloadDatabase.AdminLogin, 1, $"bench {DateTimeOffset.UtcNow:O}", cancellationToken);
        return token;
    }

    private static async Task WaitForSnapshotAsync(HttpClient http, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(30));
        while (true)
        {
            try
            {
                using var response = await http.GetAsync(Funnel, timeout.Token);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
                if (response.StatusCode is not (HttpStatusCode.ServiceUnavailable or HttpStatusCode.BadGateway))
                {
                    throw new InvalidOperationException($"GET {Funnel}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(timeout.Token)}");
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(200, timeout.Token);
        }
    }

    /// <summary>Times the host's full load here, and keeps what it loaded for the engine's runs.</summary>
    private async Task<ColumnarSnapshot> LoadAsync(CancellationToken cancellationToken)
    {
        var loads = new Samples();
        ColumnarSnapshot? snapshot = null;
        for (var run = 0; run < options.LoadRuns; run++)
        {
            snapshot = null;
            GC.Collect();
            await using var db = LoudouDatabase.CreateContext(options.Target);
            snapshot = await loads.TimeAsync(() => SnapshotSource.LoadAsync(db, null, options.Threads, cancellationToken));
        }
        say($"snapshot load ({options.Target.Provider}, this process, the host's whole-pipeline load): median {loads.Median / 1000:F2} s of {loads.Count} ({loads.All()} ms)");
        say($"snapshot memory: {(double)snapshot!.MemoryBytes / snapshot.EventCount:F1} bytes per stage event ({snapshot.MemoryBytes / 1048576.0:F1} MiB for {snapshot.EventCount} events)");
        // The load's garbage (the rows it read) is collected now, not by a background collection during the timed runs.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return snapshot;
    }

    private async Task ConcurrentAsync(HttpClient http, CancellationToken cancellationToken)
    {
        var latencies = new Samples();
        var failures = 0;
        string? firstFailure = null;
        var sequence = -1;
        var started = TimeProvider.System.GetTimestamp();
        var end = DateTimeOffset.UtcNow.AddSeconds(options.Seconds);
        var lastDone = started;
        async Task ClientAsync()
        {
            while (DateTimeOffset.UtcNow < end)
            {
                var path = Funnel + "?" + Filter(Interlocked.Increment(ref sequence));
                var (status, body) = await latencies.TimeAsync(() => GetAsync(http, path, cancellationToken, throwOnError: false));
                Interlocked.Exchange(ref lastDone, TimeProvider.System.GetTimestamp());
                if (status != HttpStatusCode.OK && Interlocked.Increment(ref failures) == 1)
                {
                    firstFailure = $"{path}: {(int)status} {body}";
                }
                await Task.Delay(options.PauseMs, cancellationToken);
            }
        }
        await Task.WhenAll(Enumerable.Range(0, options.Clients).Select(_ => Task.Run(ClientAsync, cancellationToken)));
        var seconds = TimeProvider.System.GetElapsedTime(started, lastDone).TotalSeconds;
        say($"{options.Clients} clients, {options.PauseMs} ms pause, {options.Seconds} s, a different filter each (channel, owner, month, team in turn): "
            + $"{latencies.Count} requests, {latencies.Count / seconds:F1} per second; p50 {latencies.Median:F0} ms, p95 {latencies.Quantile(0.95):F0} ms, p99 {latencies.Quantile(0.99):F0} ms, max {latencies.Max:F0} ms; "
            + $"{failures} failed{(firstFailure is null ? "" : " (first: " + firstFailure + ")")}; p95 goal ≤ 300 ms {(latencies.Quantile(0.95) <= 300 ? "met" : "NOT met")}");
    }

    /// <summary>The n-th filter: channel, owner, month of creation and team in turn, each cycling through its values.</summary>
    private static string Filter(int n)
    {
        var value = n / 4;
        switch (n % 4)
        {
            case 0:
                return $"where=channel=ch{value % WorkloadDatabase.Channels:00}";
            case 1:
                return $"where=owner=o{value % WorkloadDatabase.Owners:000}";
            case 2:
                // The workload's 18 creation months from 2025-01 (local days of the workspace's time zone).
                var month = new DateOnly(2025, 1, 1).AddMonths(value % 18);
                return string.Create(CultureInfo.InvariantCulture, $"from={month:yyyy-MM-dd}&to={month.AddMonths(1).AddDays(-1):yyyy-MM-dd}");
            default:
                return $"where=team=t{value % WorkloadDatabase.Teams:00}";
        }
    }

    /// <summary>Moves open deals one stage on through the API and polls the funnel until its count shows each move.</summary>
    /// <remarks>
    /// Deals still at version 0 (never moved by an earlier run) in s0–s3; moving one from sK to sK+1 raises the total
    /// "entered" of sK+1 by one, since the workload's histories only go forwards. Time is from sending the POST to the
    /// answer of the first GET that shows it; the polls follow each other without a pause. A move that does not show
    /// within a minute is counted as missed, and the next move's "before" is then wrong too: any miss voids the figure.
    /// </remarks>
    private async Task FreshnessAsync(HttpClient http, CancellationToken cancellationToken)
    {
        List<(long Id, int Stage)> candidates;
        await using (var db = LoudouDatabase.CreateContext(options.Target))
        {
            var pipeline = await db.Pipelines.AsNoTracking().SingleAsync(p => p.Key == WorkloadDatabase.PipelineKey, cancellationToken);
            var open = pipeline.Stages.Where(s => s.Kind == StageKind.Open).SkipLast(1).Select(s => s.Id).ToList();
            var picked = await db.Deals.AsNoTracking()
                .Where(d => d.PipelineId == pipeline.Id && d.Version == 0 && open.Contains(d.StageId))
                .OrderBy(d => d.Id).Select(d => new { d.Id, d.StageId }).Take(options.Moves + WarmUpMoves).ToListAsync(cancellationToken);
            candidates = [.. picked.Select(d => (d.Id, open.IndexOf(d.StageId)))];
        }
        var visible = new Samples();
        var posts = new Samples();
        var polls = new List<int>();
        var missed = 0;
        // The counts before a move: the answer that showed the move before it (nothing else writes meanwhile).
        var latest = await GetAsync(http, Funnel, cancellationToken);
        foreach (var (n, (id, stage)) in candidates.Index())
        {
            var counted = n >= WarmUpMoves;
            var target = $"s{stage + 1}";
            var before = Entered(latest, target);
            var started = TimeProvider.System.GetTimestamp();
            using (var move = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/deals/{id}/stage")
            {
                Content = new StringContent($$"""{"stage":"{{target}}"}""", Encoding.UTF8, "application/json"),
            })
            {
                move.Headers.TryAddWithoutValidation("If-Match", "\"0\"");
                using var response = await http.SendAsync(move, cancellationToken);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    throw new InvalidOperationException($"moving deal {id} to {target}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
                }
            }
            var posted = TimeProvider.System.GetElapsedTime(started).TotalMilliseconds;
            var tries = 0;
            while (true)
            {
                tries++;
                latest = await GetAsync(http, Funnel, cancellationToken);
                if (Entered(latest, target) == before + 1)
                {
                    if (counted)
                    {
                        visible.Add(TimeProvider.System.GetElapsedTime(started).TotalMilliseconds);
                        posts.Add(posted);
                        polls.Add(tries);
                    }
                    break;
                }
                if (TimeProvider.System.GetElapsedTime(started) > TimeSpan.FromSeconds(60))
                {
                    missed++;
                    break;
                }
            }
        }
        say($"freshness, {visible.Count} stage moves after {WarmUpMoves} not counted (POST /api/v1/deals/{{id}}/stage, then GET {Funnel} until it shows the move): median {visible.Median:F0} ms, max {visible.Max:F0} ms; "
            + $"the POST alone median {posts.Median:F0} ms; GETs until shown median {polls.Order().ElementAtOrDefault(polls.Count / 2)}, max {(polls.Count == 0 ? 0 : polls.Max())}; {missed} not shown within 60 s");
    }

    private static long Entered((HttpStatusCode Status, string Body) answer, string stage)
    {
        using var json = JsonDocument.Parse(answer.Body);
        return json.RootElement.GetProperty("stages").EnumerateArray().Single(s => s.GetProperty("stage").GetString() == stage).GetProperty("entered").GetInt64();
    }

    private static async Task<(HttpStatusCode Status, string Body)> GetAsync(HttpClient http, string path, CancellationToken cancellationToken, bool throwOnError = true)
    {
        using var response = await http.GetAsync(path, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (throwOnError && response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"GET {path}: {(int)response.StatusCode} {body}");
        }
        return (response.StatusCode, body);
    }

    /// <summary>The host's resident and peak memory from /proc, when its process is known.</summary>
    private string HostMemory()
    {
        if (options.HostPid is not { } pid || !File.Exists($"/proc/{pid}/status"))
        {
            return "";
        }
        var lines = File.ReadAllLines($"/proc/{pid}/status");
        string Field(string name) => lines.FirstOrDefault(l => l.StartsWith(name, StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "?";
        return $"; host RSS {Field("VmRSS")}, peak {Field("VmHWM")}";
    }
}
