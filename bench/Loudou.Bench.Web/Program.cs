using System.Globalization;
using Loudou.Bench.Web;
using Loudou.Storage;

// loudou-bench-web load --db TARGET --dir DIR
// loudou-bench-web measure --db TARGET --url URL [--runs 21] [--load-runs 3] [--clients 20] [--seconds 60] [--pause-ms 100] [--moves 100] [--threads N] [--host-pid PID] [--out FILE]
// TARGET is sqlite:PATH or postgres:CONNECTION-STRING; DIR holds `loudou-bench generate`'s files.
// bench/web.sh runs both around a host; docs/performance.md, "Analytics in the host", says what is measured.
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var command = args.FirstOrDefault();
var target = DatabaseTarget.TryParse(Text("--db"), out var error);
if (command is not ("load" or "measure") || target is null)
{
    Console.Error.WriteLine(error is null ? "" : "error: " + error);
    Console.Error.WriteLine("usage: loudou-bench-web load --db TARGET --dir DIR | measure --db TARGET --url URL [--runs N] [--load-runs N] [--clients N] [--seconds N] [--pause-ms N] [--moves N] [--threads N] [--host-pid PID] [--out FILE]");
    return 2;
}
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};
if (command == "load")
{
    await WorkloadDatabase.EnsureAsync(target, Text("--dir") ?? throw new ArgumentException("--dir is required"), Console.Error, cancel.Token);
    return 0;
}

var lines = new List<string>();
void Say(string line)
{
    lines.Add(line);
    Console.WriteLine(line);
}
Say($"date: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; database {target.Describe()}");
Say($"load average at start: {Load()}");
var options = new MeasureOptions(
    new Uri(Text("--url") ?? throw new ArgumentException("--url is required")), target, Option("--threads", Environment.ProcessorCount),
    Option("--runs", 21), Option("--load-runs", 3), Option("--clients", 20), Option("--seconds", 60), Option("--pause-ms", 100), Option("--moves", 100),
    Text("--host-pid") is { } pid ? int.Parse(pid, CultureInfo.InvariantCulture) : null);
try
{
    return await new WebMeasure(options, Say).RunAsync(cancel.Token);
}
finally
{
    Say($"load average at end: {Load()}");
    if (Text("--out") is { } outFile)
    {
        File.WriteAllLines(outFile, lines);
    }
}

int Option(string name, int fallback) => Text(name) is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

string? Text(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

static string Load() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
