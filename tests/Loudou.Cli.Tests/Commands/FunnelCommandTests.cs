using System.Text.Json;
using Loudou.Storage.Tests.Infrastructure;

namespace Loudou.Cli.Tests.Commands;

/// <summary>A 2,000-deal demo made once through the CLI for all funnel command tests.</summary>
public sealed class FunnelDemo : IAsyncLifetime
{
    private TestDatabase _database = null!;

    public string Db => "sqlite:" + _database.Target.SqlitePath;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(Storage.DatabaseProvider.Sqlite);
        var demo = await CliRun.RunAsync("demo", "--deals", "2000", "--as-of", "2026-06-30", "--db", Db);
        Assert.Equal(0, demo.ExitCode);
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();
}

/// <summary><c>loudou funnel</c> over a small demo: the JSON contract, the other formats, and bad input.</summary>
public sealed class FunnelCommandTests(FunnelDemo demo) : IClassFixture<FunnelDemo>
{
    private string Db => demo.Db;

    [Fact]
    public async Task Json_follows_the_contract_and_its_totals_add_up()
    {
        var run = await CliRun.RunAsync("funnel", "--format", "json", "--as-of", "2026-06-30", "--by", "team", "--lang", "zh-CN", "--db", Db);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Error);
        using var json = JsonDocument.Parse(run.Output);
        var root = json.RootElement;
        Assert.Equal("default", root.GetProperty("pipeline").GetString());
        Assert.Equal("2026-06-30T23:59:59.999999+08:00", root.GetProperty("asOf").GetString());
        var (deals, won, lost, open) = (root.GetProperty("deals").GetInt64(), root.GetProperty("won").GetInt64(), root.GetProperty("lost").GetInt64(), root.GetProperty("open").GetInt64());
        Assert.Equal(deals, won + lost + open);
        Assert.Equal((double)won / (won + lost), root.GetProperty("winRate").GetDouble(), 12);
        var stages = root.GetProperty("stages").EnumerateArray().ToList();
        Assert.Equal(["lead", "nurturing", "needs", "proposal", "closing", "won"], stages.Select(s => s.GetProperty("stage").GetString()));
        Assert.Equal("线索获取", stages[0].GetProperty("name").GetString());
        string[] fields = ["entered", "advanced", "lost", "open", "conversion", "ciLow", "ciHigh", "cumulative", "tooFew", "medianDays", "p90Days"];
        Assert.All(stages, s => Assert.All(fields, f => Assert.True(s.TryGetProperty(f, out _), f)));
        Assert.Equal(JsonValueKind.Null, stages[^1].GetProperty("conversion").ValueKind);
        var groups = root.GetProperty("groups").EnumerateArray().ToList();
        Assert.Equal(3, groups.Count);
        Assert.Equal(deals, groups.Sum(g => g.GetProperty("deals").GetInt64()));
    }

    [Fact]
    public async Task Table_and_csv_show_one_row_per_stage()
    {
        var table = await CliRun.RunAsync("funnel", "--db", Db);
        var csv = await CliRun.RunAsync("funnel", "--format", "csv", "--where", "team=华南团队 South", "--db", Db);

        Assert.Contains("win rate", table.Output);
        Assert.Contains("Needs confirmed", table.Output);
        var lines = csv.Output.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("group,stage,name,entered,advanced", lines[0]);
        Assert.Equal(7, lines.Length);
    }

    [Theory]
    [InlineData("--by", "colour", "--by colour: not a dimension")]
    [InlineData("--where", "channel=Fax", "--where channel=Fax: no deal has that value")]
    [InlineData("--where", "channel", "is not of the form DIM=VALUE")]
    [InlineData("--pipeline", "nope", "--pipeline nope: no such pipeline")]
    [InlineData("--cohort", "entered:nowhere", "--cohort entered:nowhere: pipeline 'default' has no such stage")]
    [InlineData("--as-of", "last tuesday", "is not a date")]
    [InlineData("--from", "2026-02-30", "is not a date")]
    [InlineData("--as-of", "11/30/2026", "is not a date")]
    [InlineData("--where", "cohort=March", "--where cohort=March: a cohort is a month like 2026-03")]
    [InlineData("--by", "custom.budget", "--by custom.budget: no deal of this pipeline has a value for it")]
    public async Task Bad_input_gets_one_line_and_a_non_zero_exit(string option, string value, string expected)
    {
        var run = await CliRun.RunAsync("funnel", option, value, "--db", Db);

        Assert.Equal(LoudouCli.UserError, run.ExitCode);
        Assert.Contains(expected, run.Error);
        Assert.Single(run.Error.Trim().Split('\n'));
        Assert.Equal("", run.Output);
    }

    [Theory]
    [InlineData("--from 2026-03-01 --to 2026-02-01", "--from 2026-03-01 is after --to 2026-02-01.")]
    [InlineData("--compare previous-period --from 2026-03-01", "--compare needs both --from and --to, or neither (the last full month before the as-of moment).")]
    public async Task A_rule_about_several_options_names_each_as_an_option(string options, string expected)
    {
        var run = await CliRun.RunAsync(["funnel", .. options.Split(' '), "--db", Db]);

        Assert.Equal(LoudouCli.UserError, run.ExitCode);
        Assert.Equal("error: " + expected, run.Error.Trim());
    }

    [Fact]
    public async Task An_as_of_date_takes_in_the_whole_local_day_and_a_local_time_means_workspace_time()
    {
        var endOfDay = await CliRun.RunAsync("funnel", "--format", "json", "--as-of", "2026-06-30", "--db", Db);
        var evening = await CliRun.RunAsync("funnel", "--format", "json", "--as-of", "2026-06-30T23:59:59.999999", "--db", Db);
        var midnight = await CliRun.RunAsync("funnel", "--format", "json", "--as-of", "2026-06-30T00:00+08:00", "--db", Db);

        static long Deals(CliRun run) => JsonDocument.Parse(run.Output).RootElement.GetProperty("deals").GetInt64();
        Assert.Equal(2000, Deals(endOfDay));
        Assert.Equal(Deals(endOfDay), Deals(evening));
        Assert.True(Deals(midnight) < 2000, "deals created on the as-of day are only in when the whole day is");
    }

    [Fact]
    public async Task An_empty_workspace_is_refused_with_a_message()
    {
        await using var empty = await TestDatabase.CreateAsync(Storage.DatabaseProvider.Sqlite);

        var run = await CliRun.RunAsync("funnel", "--db", "sqlite:" + empty.Target.SqlitePath);

        Assert.Equal(LoudouCli.UserError, run.ExitCode);
        Assert.Contains("has no deals", run.Error);
    }
}
