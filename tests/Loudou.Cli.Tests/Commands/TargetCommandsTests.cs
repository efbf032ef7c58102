using Loudou.Core.Workspace;
using Loudou.Storage;
using Loudou.Storage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Cli.Tests.Commands;

public sealed class TargetCommandsTests : IDisposable
{
    private const string November = """
        {
          "conversion": [ { "stage": "lead", "rate": 0.4 }, { "stage": "needs", "team": "华东团队 East", "month": "2026-11", "rate": 0.65 } ],
          "sales": [ { "month": "2026-11", "team": "华东团队 East", "wonAmount": 3000000, "wonCount": 20 }, { "month": "2026-11", "rep": "zhang.wei", "wonAmount": 800000 } ]
        }
        """;

    private readonly string _directory = Directory.CreateTempSubdirectory("loudou-cli-").FullName;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_targets_file_is_applied_and_listed_as_a_file_that_applies_back_unchanged(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using (var context = database.NewContext())
        {
            await Builders.UserAsync(context, "zhang.wei", UserRole.Rep, "华东团队 East");
        }
        var db = CliRun.Db(database);

        var apply = await CliRun.RunAsync("targets", "apply", Write("november.json", November), "--db", db);
        var list = await CliRun.RunAsync("targets", "list", "--db", db, "--format", "json");
        var again = await CliRun.RunAsync("targets", "apply", Write("listed.json", list.Output), "--db", db);
        var table = await CliRun.RunAsync("targets", "list", "--db", db, "--month", "2026-10");

        Assert.Equal((0, ""), (apply.ExitCode, apply.Error));
        Assert.Equal("Set 2 conversion and 2 sales target(s) in pipeline 'default': 4 created, 0 changed, 0 removed, the rest already as the file says.\n", apply.Output.ReplaceLineEndings("\n"));
        Assert.Contains("\"team\": \"华东团队 East\"", list.Output, StringComparison.Ordinal);
        Assert.Contains("\"wonAmount\": 3000000,", list.Output, StringComparison.Ordinal);
        Assert.Contains("0 created, 0 changed, 0 removed", again.Output, StringComparison.Ordinal);
        Assert.Contains("lead", table.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("华东团队", table.Output, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_file_naming_what_does_not_exist_is_refused_with_each_path_and_changes_nothing(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var file = Write("bad.json", November.Replace("\"lead\"", "\"neds\"", StringComparison.Ordinal));

        var dryRun = await CliRun.RunAsync("targets", "apply", file, "--db", CliRun.Db(database), "--dry-run");
        var apply = await CliRun.RunAsync("targets", "apply", file, "--db", CliRun.Db(database));

        Assert.Equal(dryRun.Error, apply.Error);
        Assert.Equal(1, apply.ExitCode);
        Assert.Contains("bad.json: $.conversion[0].stage: no stage 'neds' in pipeline 'default'", apply.Error, StringComparison.Ordinal);
        Assert.Contains("bad.json: $.conversion[1].team: no team '华东团队 East'; teams: none yet.", apply.Error, StringComparison.Ordinal);
        Assert.Contains("bad.json: $.sales[1].rep: no user 'zhang.wei'.", apply.Error, StringComparison.Ordinal);
        Assert.Contains("bad.json: 4 error(s); nothing was changed.", apply.Error, StringComparison.Ordinal);
        Assert.True(apply.HasNoTrace);
        await using var context = database.NewContext();
        Assert.Equal(0, await context.ConversionTargets.CountAsync());
    }

    [Fact]
    public async Task A_malformed_file_is_refused_before_any_database_is_opened()
    {
        var path = Path.Combine(_directory, "never.db");

        var run = await CliRun.RunAsync("targets", "apply", Write("bad.json", """{ "sales": [ { "month": "2026-13", "wonCount": 1 } ] }"""), "--db", "sqlite:" + path);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("bad.json: $.sales[0].month: must be a month such as \"2026-11\", was \"2026-13\".", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(path));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Write(string name, string content)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, content);
        return path;
    }
}
