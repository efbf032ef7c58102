using System.Globalization;
using Loudou.Bench.Page;

// loudou-bench-page --url URL --login LOGIN --password PASSWORD [--page funnel|board] [--runs 11] [--changes 20] [--label TEXT] [--out FILE]
// Drives the funnel dashboard of a running host in Debian's Chromium (LOUDOU_CHROMIUM, else /usr/bin/chromium) and
// prints the time from navigation to every chart drawn, and from a filter change to every chart drawn again.
// bench/page.sh runs it on the 20k demo and on the 1M workload; docs/performance.md, "The funnel dashboard", reads it.
// With --page board it times the pipeline board instead (first paint, a completed drag); bench/board.sh runs that.
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
string? Text(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
int Option(string name, int fallback) => Text(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
if (Text("--url") is not { } url || Text("--login") is not { } login || Text("--password") is not { } password)
{
    Console.Error.WriteLine("usage: loudou-bench-page --url URL --login LOGIN --password PASSWORD [--page funnel|board] [--runs 11] [--changes 20] [--label TEXT] [--out FILE]");
    return 2;
}
var measure = new PageMeasure(new Uri(url), login, password, Option("--runs", 11), Option("--changes", 20), Console.Error.WriteLine);
var lines = Text("--page") == "board"
    ? await new BoardMeasure(new Uri(url), measure, Option("--runs", 11), Console.Error.WriteLine).RunAsync()
    : await measure.RunAsync();
var report = string.Join('\n', [$"{Text("--label") ?? url}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, load average {File.ReadAllText("/proc/loadavg").Split(' ')[..3].Aggregate((a, b) => a + " " + b)}", .. lines]);
Console.WriteLine(report);
if (Text("--out") is { } output)
{
    await File.WriteAllTextAsync(output, report + "\n");
}
return 0;
