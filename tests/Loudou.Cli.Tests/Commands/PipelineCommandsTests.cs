using System.Text.Json;
using Loudou.Storage;
using Loudou.Storage.Tests.Infrastructure;

namespace Loudou.Cli.Tests.Commands;

public sealed class PipelineCommandsTests : IDisposable
{
    private const string Manufacturing = """
        {
          "key": "dealer",
          "name": { "zh-CN": "经销商订单", "en": "Dealer orders" },
          "stages": [
            { "key": "inquiry", "name": { "zh-CN": "询价", "en": "Inquiry" }, "kind": "open", "probability": 0.1, "rottingDays": 5 },
            { "key": "sample", "name": { "zh-CN": "送样", "en": "Sample sent" }, "kind": "open", "probability": 0.35,
              "actions": [ { "key": "sample-shipped", "text": { "zh-CN": "样品已发出", "en": "Sample shipped" } } ] },
            { "key": "order", "name": { "zh-CN": "下单", "en": "Order" }, "kind": "won" },
            { "key": "lost", "name": { "zh-CN": "流失", "en": "Lost" }, "kind": "lost" }
          ]
        }
        """;

    private readonly string _directory = Directory.CreateTempSubdirectory("loudou-cli-").FullName;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_pipeline_file_is_applied_then_listed_as_json_on_stdout_alone(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var db = Db(database);
        var file = Write("dealer.json", Manufacturing);

        var apply = await CliRun.RunAsync("pipeline", "apply", file, "--db", db);
        var list = await CliRun.RunAsync("pipeline", "list", "--db", db, "--format", "json");

        Assert.Equal(0, apply.ExitCode);
        Assert.Contains("Created pipeline 'dealer'", apply.Output);
        Assert.Equal(0, list.ExitCode);
        Assert.Equal("", list.Error);
        using var json = JsonDocument.Parse(list.Output);
        var dealer = json.RootElement.EnumerateArray().Single(p => p.GetProperty("key").GetString() == "dealer");
        Assert.False(dealer.GetProperty("default").GetBoolean());
        Assert.Equal(["inquiry", "sample", "order", "lost"], dealer.GetProperty("stages").EnumerateArray().Select(s => s.GetProperty("key").GetString()));
        Assert.Equal("送样", dealer.GetProperty("stages")[1].GetProperty("name").GetProperty("zh-CN").GetString());
        Assert.Equal(0.35, dealer.GetProperty("stages")[1].GetProperty("probability").GetDouble());
        Assert.Equal("won", dealer.GetProperty("stages")[2].GetProperty("kind").GetString());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_bad_pipeline_file_is_refused_naming_file_and_field_and_nothing_changes(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var db = Db(database);
        var bad = Manufacturing
            .Replace("\"probability\": 0.35", "\"probability\": 35", StringComparison.Ordinal)
            .Replace("\"kind\": \"won\"", "\"kind\": \"open\", \"probability\": 1", StringComparison.Ordinal);
        var file = Write("dealer-bad.json", bad);

        var apply = await CliRun.RunAsync("pipeline", "apply", file, "--db", db);
        var list = await CliRun.RunAsync("pipeline", "list", "--db", db, "--format", "csv");

        Assert.Equal(LoudouCli.UserError, apply.ExitCode);
        Assert.Contains("dealer-bad.json: $.stages[1].probability: must be between 0 and 1, was 35.", apply.Error);
        Assert.Contains("dealer-bad.json: $.stages: has no won stage", apply.Error);
        Assert.Contains("nothing was changed", apply.Error);
        Assert.True(apply.HasNoTrace, apply.Error);
        Assert.DoesNotContain("dealer", list.Output);
    }

    [Fact]
    public async Task Dry_run_checks_a_file_and_changes_nothing()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var db = Db(database);

        var dryRun = await CliRun.RunAsync("pipeline", "apply", Write("dealer.json", Manufacturing), "--dry-run", "--db", db);
        var list = await CliRun.RunAsync("pipeline", "list", "--db", db, "--format", "csv");

        Assert.Equal(0, dryRun.ExitCode);
        Assert.Contains("is valid", dryRun.Output);
        Assert.DoesNotContain("dealer", list.Output);
    }

    [Fact]
    public async Task A_broken_file_is_refused_before_any_database_is_opened_or_created()
    {
        var path = Path.Combine(_directory, "never-created.db");

        var run = await CliRun.RunAsync("pipeline", "apply", Write("broken.json", "{ \"key\": \"x\", "), "--db", "sqlite:" + path);

        Assert.Equal(LoudouCli.UserError, run.ExitCode);
        Assert.Contains("broken.json: line", run.Error);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public async Task Show_prints_a_pipeline_as_a_file_that_applies_again_unchanged()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var db = Db(database);

        var show = await CliRun.RunAsync("pipeline", "show", "default", "--db", db);
        var apply = await CliRun.RunAsync("pipeline", "apply", Write("default.json", show.Output), "--db", db);
        var again = await CliRun.RunAsync("pipeline", "show", "default", "--db", db);
        var missing = await CliRun.RunAsync("pipeline", "show", "nope", "--db", db);

        Assert.Equal(0, show.ExitCode);
        Assert.Contains("\"线索获取\"", show.Output);
        Assert.Contains("Updated pipeline 'default'", apply.Output);
        Assert.Equal(show.Output, again.Output);
        Assert.Contains("no pipeline 'nope'; there are: default", missing.Error);
    }

    [Fact]
    public async Task A_directory_given_as_the_file_is_named_as_such()
    {
        var run = await CliRun.RunAsync("pipeline", "apply", _directory, "--db", "sqlite:" + Path.Combine(_directory, "x.db"));

        Assert.Equal(LoudouCli.UserError, run.ExitCode);
        Assert.Contains("is a directory", run.Error);
    }

    [Fact]
    public async Task A_missing_file_is_named()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);

        var run = await CliRun.RunAsync("pipeline", "apply", Path.Combine(_directory, "nope.json"), "--db", Db(database));

        Assert.Equal(LoudouCli.UserError, run.ExitCode);
        Assert.Contains("nope.json: no such file", run.Error);
    }

    [Fact]
    public async Task Csv_and_table_output_have_one_row_per_stage()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);

        var csv = await CliRun.RunAsync("pipeline", "list", "--db", Db(database), "--format", "csv");
        var table = await CliRun.RunAsync("pipeline", "list", "--db", Db(database));

        var lines = csv.Output.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("pipeline,default,number,stage,name_zh,name_en,kind,probability", lines[0]);
        Assert.Equal(8, lines.Length);
        Assert.Contains("default,*,6,won,赢单,Won,won,1,,,,,0", lines);
        Assert.Contains("成交转化", table.Output);
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
