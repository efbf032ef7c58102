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
    [InlineData("mysql:Server=x", "--db 'mysql:Server=x…' is not of the form sqlite:PATH or postgres:CONNECTION-STRING.")]
    [InlineData("sqlite:", "--db 'sqlite:' names no database after the colon.")]
    [InlineData("sqlite:/proc/loudou/none/x.db", "no database at /proc/loudou/none/x.db")]
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
    public void Every_option_that_stands_for_a_field_is_an_option_of_some_command()
    {
        var options = new HashSet<string>(StringComparer.Ordinal);
        void Collect(System.CommandLine.Command command)
        {
            options.UnionWith(command.Options.Select(o => o.Name));
            foreach (var sub in command.Subcommands)
            {
                Collect(sub);
            }
        }
        Collect(LoudouCli.CreateRootCommand(new CliEnvironment(TextWriter.Null, TextWriter.Null)));

        Assert.All(OptionNames.ByField.Values, option => Assert.Contains(option, options));
    }

    [Fact]
    public async Task An_unknown_command_or_option_is_a_usage_error()
    {
        var run = await CliRun.RunAsync("pipeline", "lsit");

        Assert.NotEqual(0, run.ExitCode);
        Assert.True(run.HasNoTrace, run.Error);
    }

    [Fact]
    public async Task A_sqlite_file_that_cannot_be_created_is_named_by_a_command_that_writes()
    {
        var run = await CliRun.RunAsync("db", "migrate", "--db", "sqlite:/proc/loudou/none/x.db");

        Assert.Equal(LoudouCli.UserError, run.ExitCode);
        Assert.Contains("Cannot open sqlite:/proc/loudou/none/x.db", run.Error);
        Assert.True(run.HasNoTrace, run.Error);
    }

    [Theory]
    [InlineData("funnel")]
    [InlineData("bottlenecks")]
    [InlineData("losses")]
    [InlineData("whatif")]
    [InlineData("export deals --out loudou-never-written.csv")]
    [InlineData("pipeline list")]
    [InlineData("pipeline show default")]
    [InlineData("user list")]
    public async Task A_command_that_only_reads_says_there_is_no_database_at_a_mistyped_path_and_creates_nothing(string command)
    {
        var folder = Path.Combine(Path.GetTempPath(), "loudou-typo-" + Guid.NewGuid().ToString("N"));
        var path = Path.Combine(folder, "x.db");

        var run = await CliRun.RunAsync([.. command.Split(' '), "--db", "sqlite:" + path]);

        Assert.Equal(LoudouCli.UserError, run.ExitCode);
        Assert.Equal($"error: no database at {path}: check --db (a command that only reads never creates one).", run.Error.Trim());
        Assert.False(Directory.Exists(folder), "the folder of a mistyped path is not created");
    }

    [Fact]
    public async Task An_invalid_format_is_one_line_naming_the_option_and_its_values()
    {
        var run = await CliRun.RunAsync("pipeline", "list", "--format", "yaml");

        Assert.Equal(LoudouCli.UserError, run.ExitCode);
        Assert.Equal("error: --format yaml: use one of table, json, csv.", run.Error.Trim());
        Assert.Equal("", run.Output);
    }
}
