using Loudou.Storage;
using Loudou.Storage.Tests.Infrastructure;
using Loudou.Testing;

namespace Loudou.Cli.Tests.Commands;

public sealed class ImportCommandTests : IDisposable
{
    private const string Header = "external_id,name,stage,amount,created_at\n";

    private readonly string _directory = Directory.CreateTempSubdirectory("loudou-cli-import-").FullName;

    [DataSetTheory("maven-crm")]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_maven_files_import_with_a_summary_on_stdout_and_a_second_run_changes_nothing(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var maven = DataSets.Path("maven-crm");
        string[] args = ["import", "deals", .. new[] { "sales_pipeline.csv", "accounts.csv", "products.csv", "sales_teams.csv" }.Select(f => Path.Combine(maven, f)), "--preset", "maven-crm", "--db", Db(database)];

        var first = await CliRun.RunAsync(args);
        var second = await CliRun.RunAsync(args);

        Assert.Equal(0, first.ExitCode);
        Assert.Contains("8,800 rows, 8,800 created", first.Output);
        Assert.Equal("", first.Error);
        Assert.Contains("0 created, 0 updated, 8,800 unchanged", second.Output);
    }

    [Fact]
    public async Task Errors_go_to_stderr_and_the_errors_file_with_exit_code_1_and_nothing_written()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var file = Write("deals.csv", Header + "E-1,Good,lead,100,2024-05-03\nE-2,\"=cmd|' /C calc'!A0\",lead,lots,2024-05-03\nE-3,Late,nowhere,1,2024-05-03\n");
        var errors = Path.Combine(_directory, "errors.csv");

        var run = await CliRun.RunAsync("import", "deals", file, "--errors", errors, "--db", Db(database));
        var list = await CliRun.RunAsync("pipeline", "list", "--db", Db(database), "--format", "csv");

        Assert.Equal(1, run.ExitCode);
        Assert.True(run.HasNoTrace);
        Assert.Contains("deals.csv: row 3: column amount 'lots': error:", run.Error);
        Assert.Contains("deals.csv: row 4: column stage 'nowhere': error:", run.Error);
        Assert.Contains("2 error(s), 0 warning(s); nothing was written", run.Error);
        var report = File.ReadAllLines(errors);
        Assert.Equal([0xEF, 0xBB, 0xBF], File.ReadAllBytes(errors)[..3]);
        Assert.Equal("severity,file,row,column,value,reason", report[0]);
        Assert.StartsWith("error,deals.csv,3,amount,lots,", report[1]);
        Assert.Equal(3, report.Length);
        Assert.DoesNotContain(list.Output.Split('\n'), l => l.EndsWith(",1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Skip_invalid_writes_the_good_rows_and_dry_run_writes_nothing()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var file = Write("deals.csv", Header + "S-1,Good,lead,100,2024-05-03\nS-2,Bad,lead,-1,2024-05-03\n");

        var dry = await CliRun.RunAsync("import", "deals", file, "--dry-run", "--db", Db(database));
        var skip = await CliRun.RunAsync("import", "deals", file, "--skip-invalid", "--db", Db(database));

        Assert.Equal(1, dry.ExitCode);
        Assert.Contains("nothing was written", dry.Error);
        Assert.Equal(0, skip.ExitCode);
        Assert.Contains("2 rows, 1 created", skip.Output);
        Assert.Contains("1 rows skipped", skip.Output);
    }

    [Theory]
    [InlineData("--preset", "nope", "not a preset")]
    [InlineData("--preset", "olist", "needs a file with the columns mql_id")]
    public async Task A_wrong_preset_is_one_line_naming_the_problem(string option, string value, string message)
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var file = Write("deals.csv", Header + "S-1,Good,lead,100,2024-05-03\n");

        var run = await CliRun.RunAsync("import", "deals", file, option, value, "--db", Db(database));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains(message, run.Error);
        Assert.True(run.HasNoTrace);
    }

    [Fact]
    public async Task Preset_and_mapping_together_are_refused()
    {
        var file = Write("deals.csv", Header);

        var run = await CliRun.RunAsync("import", "deals", file, "--preset", "generic", "--mapping", file);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("not both", run.Error);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Write(string name, string content)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, content);
        return path;
    }

    private static string Db(TestDatabase database) => database.Target.Provider == DatabaseProvider.Sqlite
        ? "sqlite:" + database.Target.SqlitePath
        : "postgres:" + database.Target.ConnectionString;
}
