using System.Text.Json.Nodes;
using Loudou.Core.Catalog;
using Loudou.Storage;
using Loudou.Storage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Cli.Tests.Commands;

public sealed class ChannelCommandsTests : IDisposable
{
    private const string Costs = "channel,month,amount,currency\nWeb,2026-10,1000,CNY\nWeb,2026-11,1100.5,\n展会 Trade fairs,2026-11,50000,USD\n";

    private readonly string _directory = Directory.CreateTempSubdirectory("loudou-cli-").FullName;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_cost_file_is_imported_listed_as_a_file_that_imports_back_unchanged_and_never_duplicated(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using (var context = database.NewContext())
        {
            context.Channels.AddRange(Channel.Create("Web"), Channel.Create("展会 Trade fairs"));
            await context.SaveChangesAsync();
        }
        var db = CliRun.Db(database);

        var dryRun = await CliRun.RunAsync("channels", "costs", "import", Write("costs.csv", Costs), "--db", db, "--dry-run");
        var import = await CliRun.RunAsync("channels", "costs", "import", Write("costs.csv", Costs), "--db", db);
        var csv = await CliRun.RunAsync("channels", "costs", "list", "--db", db, "--format", "csv");
        var again = await CliRun.RunAsync("channels", "costs", "import", Write("listed.csv", csv.Output), "--db", db);
        var json = await CliRun.RunAsync("channels", "costs", "list", "--db", db, "--from", "2026-11", "--format", "json");

        Assert.Equal((0, "costs.csv: 3 created, 0 changed, 0 already as the file says. Nothing was changed (--dry-run).\n"), (dryRun.ExitCode, dryRun.Output.ReplaceLineEndings("\n")));
        Assert.Equal((0, "", "costs.csv: 3 created, 0 changed, 0 already as the file says.\n"), (import.ExitCode, import.Error, import.Output.ReplaceLineEndings("\n")));
        Assert.Equal("channel,month,amount,currency\nWeb,2026-10,1000,CNY\nWeb,2026-11,1100.5,CNY\n展会 Trade fairs,2026-11,50000,USD\n".Split('\n').Order(), csv.Output.ReplaceLineEndings("\n").Split('\n').Order());
        Assert.Contains("0 created, 0 changed, 3 already as the file says", again.Output, StringComparison.Ordinal);
        var rows = JsonNode.Parse(json.Output)!["costs"]!.AsArray();
        Assert.Equal(2, rows.Count);
        Assert.Equal(1100.5m, rows.Single(r => (string)r!["channel"]! == "Web")!["amount"]!.GetValue<decimal>());
        await using var check = database.NewContext();
        Assert.Equal(3, await check.ChannelCosts.CountAsync());
    }

    [Fact]
    public async Task A_broken_file_is_refused_with_file_row_and_column_before_any_database_is_opened()
    {
        var path = Path.Combine(_directory, "never.db");

        var run = await CliRun.RunAsync("channels", "costs", "import", Write("bad.csv", "channel,month,amount,currency\nWeb,2026-13,-1,CNY\n"), "--db", "sqlite:" + path);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("bad.csv: row 2: column month '2026-13': error: is not a month written YYYY-MM, such as 2026-11", run.Error, StringComparison.Ordinal);
        Assert.Contains("bad.csv: row 2: column amount '-1': error: must not be negative", run.Error, StringComparison.Ordinal);
        Assert.Contains("bad.csv: 2 error(s); nothing was changed.", run.Error, StringComparison.Ordinal);
        Assert.True(run.HasNoTrace);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public async Task An_unknown_channel_is_refused_at_its_row_and_nothing_is_stored()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);

        var run = await CliRun.RunAsync("channels", "costs", "import", Write("costs.csv", "channel,month,amount,currency\nTV,2026-11,1,CNY\n"), "--db", CliRun.Db(database));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("costs.csv: row 2: column channel 'TV': error: no channel is named 'TV'", run.Error, StringComparison.Ordinal);
        await using var check = database.NewContext();
        Assert.Equal(0, await check.ChannelCosts.CountAsync());
    }

    [Fact]
    public async Task Quality_on_the_demo_prints_json_alone_whose_channels_add_up_to_the_total()
    {
        var db = "sqlite:" + Path.Combine(_directory, "demo.db");
        Assert.Equal(0, (await CliRun.RunAsync("demo", "--deals", "600", "--as-of", "2026-11-25", "--db", db)).ExitCode);

        var json = await CliRun.RunAsync("channels", "quality", "--db", db, "--from", "2026-06", "--to", "2026-11", "--as-of", "2026-11-25", "--format", "json");
        var table = await CliRun.RunAsync("channels", "quality", "--db", db, "--from", "2026-06", "--to", "2026-11", "--as-of", "2026-11-25");
        var refused = await CliRun.RunAsync("channels", "quality", "--db", db, "--from", "2026-12", "--to", "2026-11");

        var report = JsonNode.Parse(json.Output)!;
        var channels = report["channels"]!.AsArray();
        Assert.Equal((0, "2026-06", "2026-11", 6), (json.ExitCode, (string?)report["from"], (string?)report["to"], channels.Count));
        Assert.Equal((long)report["total"]!["leads"]!, channels.Sum(c => (long)c!["leads"]!));
        Assert.All(channels, c => Assert.NotNull(c!["costPerLead"]));
        Assert.Equal((decimal)report["total"]!["cost"]!, channels.Sum(c => (decimal)c!["cost"]!));
        Assert.Contains("cost_per_won", table.Output, StringComparison.Ordinal);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("--from 2026-12 is after --to 2026-11.", refused.Error, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Write(string name, string content)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, content);
        return path;
    }
}
