namespace Loudou.Cli.Tests;

public class LoudouCliTests
{
    [Fact]
    public async Task Help_lists_the_commands_and_the_database_option()
    {
        var run = await CliRun.RunAsync("--help");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("db", run.Output);
        Assert.Contains("pipeline", run.Output);
        Assert.Contains("--db <DATABASE>", run.Output);
        Assert.Contains("loudou db migrate [--db DATABASE]", run.Output);
        Assert.Contains("loudou db status [--format table|json|csv] [--db DATABASE]", run.Output);
        Assert.Contains("loudou pipeline apply [FILE] [--template KEY] [--dry-run] [--db DATABASE]", run.Output);
        Assert.Contains("loudou pipeline list [--format table|json|csv] [--db DATABASE]", run.Output);
        Assert.Contains("loudou pipeline templates", run.Output);
        Assert.Contains("loudou demo [--deals N] [--seed S] [--as-of DATE] [--db DATABASE]", run.Output);
        Assert.Contains("loudou user add LOGIN --role ROLE [--team T] [--display-name N] [--password P] [--db DATABASE]", run.Output);
        Assert.Contains("loudou token create --user LOGIN [--expires DAYS] [--no-expiry] [--db DATABASE]", run.Output);
    }

    [Theory]
    [InlineData("db migrate --help", "--db")]
    [InlineData("db status --help", "--format")]
    [InlineData("pipeline apply --help", "--dry-run")]
    [InlineData("pipeline apply --help", "<FILE>")]
    [InlineData("pipeline list --help", "--format")]
    public async Task Every_command_has_help_with_its_options(string commandLine, string expected)
    {
        var run = await CliRun.RunAsync(commandLine.Split(' '));

        Assert.Equal(0, run.ExitCode);
        Assert.Contains(expected, run.Output);
    }

    [Theory]
    [InlineData("mysql:Server=x", "sqlite:PATH or postgres:CONNECTION-STRING")]
    [InlineData("sqlite:/proc/loudou/none/x.db", "Cannot open sqlite:/proc/loudou/none/x.db")]
    [InlineData("postgres:Host=127.0.0.1;Port=1;Database=x", "no server answers")]
    public async Task A_database_that_cannot_be_used_is_named_with_the_reason_and_no_trace(string db, string expected)
    {
        var run = await CliRun.RunAsync("pipeline", "list", "--db", db);

        Assert.Equal(LoudouCli.UserError, run.ExitCode);
        Assert.Contains(expected, run.Error);
        Assert.Equal("", run.Output);
        Assert.True(run.HasNoTrace, run.Error);
    }

    [Fact]
    public async Task An_unknown_command_or_option_is_a_usage_error()
    {
        var run = await CliRun.RunAsync("pipeline", "lsit");

        Assert.NotEqual(0, run.ExitCode);
        Assert.True(run.HasNoTrace, run.Error);
    }
}
