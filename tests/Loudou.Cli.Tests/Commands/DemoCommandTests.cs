using Loudou.Core.Demo;

namespace Loudou.Cli.Tests.Commands;

public sealed class DemoCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("loudou-demo-").FullName;

    [Fact]
    public async Task Demo_fills_an_empty_workspace_prints_the_users_and_refuses_a_second_time()
    {
        var db = "sqlite:" + Path.Combine(_directory, "demo.db");

        var first = await CliRun.RunAsync("demo", "--deals", "300", "--seed", "5", "--as-of", "2026-01-31", "--db", db);
        var second = await CliRun.RunAsync("demo", "--deals", "300", "--db", db);
        var list = await CliRun.RunAsync("pipeline", "list", "--format", "csv", "--db", db);

        Assert.Equal(0, first.ExitCode);
        Assert.Contains("300 deals", first.Output);
        Assert.Contains(DemoCast.Password, first.Output);
        Assert.All(DemoCast.Users, u => Assert.Contains(u.Login, first.Output));
        Assert.Contains("[demo] deals: 300", first.Error);
        Assert.Equal(LoudouCli.UserError, second.ExitCode);
        Assert.Contains("already has 300 deals", second.Error);
        var dealsInDefault = list.Output.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Where(l => l.StartsWith("default,", StringComparison.Ordinal)).Sum(l => int.Parse(l[(l.LastIndexOf(',') + 1)..], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(300, dealsInDefault);
    }

    [Theory]
    [InlineData("--deals", "-5", "--deals must be between 1 and")]
    [InlineData("--deals", "99999999", "--deals must be between 1 and")]
    [InlineData("--as-of", "2026-13-40", "--as-of '2026-13-40' is not a date")]
    [InlineData("--as-of", "yesterday", "is not a date")]
    public async Task Bad_input_gets_one_line_and_writes_nothing(string option, string value, string expected)
    {
        var path = Path.Combine(_directory, "never.db");

        var run = await CliRun.RunAsync("demo", option, value, "--db", "sqlite:" + path);

        Assert.Equal(LoudouCli.UserError, run.ExitCode);
        Assert.Contains(expected, run.Error);
        Assert.Single(run.Error.Trim().Split('\n'));
        Assert.False(File.Exists(path));
    }

    [Fact]
    public async Task Templates_are_listed_by_key_and_applied_by_key()
    {
        var db = "sqlite:" + Path.Combine(_directory, "templates.db");

        var templates = await CliRun.RunAsync("pipeline", "templates");
        var apply = await CliRun.RunAsync("pipeline", "apply", "--template", "manufacturing", "--db", db);
        var unknown = await CliRun.RunAsync("pipeline", "apply", "--template", "retail", "--db", db);
        var both = await CliRun.RunAsync("pipeline", "apply", "x.json", "--template", "education", "--db", db);

        Assert.Equal(
            ["default", "consumer-goods", "healthcare", "manufacturing", "education", "b2b-software"],
            templates.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')[0]));
        Assert.Contains("Created pipeline 'manufacturing'", apply.Output);
        Assert.Equal(LoudouCli.UserError, unknown.ExitCode);
        Assert.Contains("--template 'retail' is not a template", unknown.Error);
        Assert.Contains("not both", both.Error);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
