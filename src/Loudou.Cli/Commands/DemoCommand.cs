using System.CommandLine;
using System.Globalization;
using Loudou.Cli.Output;
using Loudou.Core.Demo;
using Loudou.Storage.Demo;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Cli.Commands;

/// <summary><c>loudou demo</c>: fills an empty workspace with the demo (docs/demo-data.md).</summary>
public static class DemoCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var deals = new Option<int>("--deals") { Description = $"Deals to create over the 18 months up to --as-of (1 to {DemoOptions.MaxDeals:N0}).", DefaultValueFactory = _ => DemoOptions.DefaultDeals, HelpName = "N" };
        var seed = new Option<int>("--seed") { Description = "Random seed: the same seed and --as-of give the same data.", DefaultValueFactory = _ => DemoOptions.DefaultSeed, HelpName = "S" };
        var asOf = new Option<string?>("--as-of") { Description = "Last day of the data, YYYY-MM-DD. Default: yesterday in the workspace time zone.", HelpName = "DATE" };
        var demo = new Command("demo", "Fill an empty workspace with demo users, teams, channels and 18 months of deals with planted effects of known size (docs/demo-data.md).");
        demo.Options.Add(deals);
        demo.Options.Add(seed);
        demo.Options.Add(asOf);
        demo.SetAction(async (parseResult, cancellationToken) =>
        {
            // Every option is checked before the database is touched, so bad input writes nothing.
            var asOfText = parseResult.GetValue(asOf);
            DateOnly? asOfDate = null;
            if (asOfText is not null)
            {
                asOfDate = DateOnly.TryParseExact(asOfText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed)
                    ? parsed
                    : throw new CliUsageException($"--as-of '{asOfText}' is not a date like 2026-11-30.");
            }
            var options = new DemoOptions(parseResult.GetValue(deals), parseResult.GetValue(seed), asOfDate ?? new DateOnly(2000, 1, 1)).Validated();
            await using var db = await environment.OpenDatabaseAsync(parseResult, cancellationToken);
            if (asOfDate is null)
            {
                var settings = await db.RunAsync("read from", context => context.WorkspaceSettings.SingleAsync(cancellationToken));
                // Yesterday: the data runs to the end of its as-of day, and nothing should be dated in the future.
                options = options with { AsOf = settings.Calendar.DateOf(TimeProvider.System.GetUtcNow()).AddDays(-1) };
            }
            var progress = new Progress<(string Step, long Rows)>(p => environment.Error.WriteLine($"[demo] {p.Step}: {p.Rows:N0}"));
            var summary = await db.RunAsync("write to", context => DemoWorkspace.CreateAsync(context, options, progress, cancellationToken));
            await environment.Output.WriteLineAsync(
                $"Demo workspace as of {options.AsOf:yyyy-MM-dd} (seed {options.Seed}) in {db.Target.Describe()}: {summary.Deals:N0} deals, {summary.Accounts:N0} accounts, {summary.Contacts:N0} contacts, " +
                $"{summary.Transitions:N0} stage history rows, {summary.Activities:N0} activities, {summary.Tasks:N0} tasks, {summary.Completions:N0} action completions, in {summary.Elapsed.TotalSeconds:N1} s.");
            await environment.Output.WriteLineAsync($"Sign in as any of these users with the password {DemoCast.Password}:");
            TableOutput.Write(environment.Output, ["login", "name", "role", "team"],
                DemoCast.Users.Select(u => (IReadOnlyList<string>)[u.Login, u.DisplayName, u.Role.ToLowerInvariant(), u.Team >= 0 ? DemoCast.Teams[u.Team].Name : ""]));
            return 0;
        });
        return demo;
    }
}
