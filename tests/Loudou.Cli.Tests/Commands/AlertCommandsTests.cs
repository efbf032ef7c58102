using System.Text.Json;
using Loudou.Core.Workspace;
using Loudou.Storage;
using Loudou.Storage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Cli.Tests.Commands;

public sealed class AlertCommandsTests : IDisposable
{
    /// <summary>South's new leads in one month above 0: holds for March 2026, when its two deals were created.</summary>
    private const string Rules = """
        {
          "rules": [
            { "key": "south-leads", "name": { "zh": "华南新线索", "en": "South new leads" },
              "condition": { "metric": "newLeads", "segment": { "dimension": "team", "value": "华南团队 South" },
                             "threshold": { "above": 0 }, "evaluationMonths": 1, "minN": 1 } }
          ]
        }
        """;

    private readonly string _directory = Directory.CreateTempSubdirectory("loudou-cli-").FullName;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_rules_file_is_applied_listed_back_and_run_fires_once_then_stays_open_with_json_alone_on_stdout(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using (var context = database.NewContext())
        {
            var sue = await Builders.UserAsync(context, "sue", UserRole.Manager, "华南团队 South");
            await Builders.DealAsync(context, "S1", new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(8)), sue);
            await Builders.DealAsync(context, "S2", new DateTimeOffset(2026, 3, 3, 9, 0, 0, TimeSpan.FromHours(8)), sue);
        }
        var db = CliRun.Db(database);

        var apply = await CliRun.RunAsync("alerts", "apply", Write("rules.json", Rules), "--db", db);
        var list = await CliRun.RunAsync("alerts", "list", "--db", db, "--format", "json");
        var again = await CliRun.RunAsync("alerts", "apply", Write("listed.json", list.Output), "--db", db);
        var first = await CliRun.RunAsync("alerts", "run", "--as-of", "2026-04-10", "--db", db, "--format", "json");
        var second = await CliRun.RunAsync("alerts", "run", "--as-of", "2026-04-10", "--db", db);

        Assert.Equal((0, ""), (apply.ExitCode, apply.Error));
        Assert.Equal("Set 1 rule(s): 1 created, 0 changed, 0 removed, the rest already as the file says.\n", apply.Output.ReplaceLineEndings("\n"));
        Assert.Contains("0 created, 0 changed, 0 removed", again.Output, StringComparison.Ordinal);
        Assert.Equal(0, first.ExitCode);
        using var json = JsonDocument.Parse(first.Output);
        var result = json.RootElement.GetProperty("results")[0];
        Assert.Equal(("south-leads", "fired", 2.0), (result.GetProperty("rule").GetString(), result.GetProperty("status").GetString(), result.GetProperty("observed").GetDouble()));
        Assert.Equal("/funnel?from=2026-03-01&to=2026-03-31&where=team%3D%E5%8D%8E%E5%8D%97%E5%9B%A2%E9%98%9F%20South", result.GetProperty("dashboard").GetString());
        Assert.Contains("south-leads", second.Output, StringComparison.Ordinal);
        Assert.Contains(" open ", second.Output, StringComparison.Ordinal);
        await using var check = database.NewContext();
        Assert.Equal(1, await check.AlertEpisodes.CountAsync());
    }

    [Fact]
    public async Task A_rule_naming_a_team_that_does_not_exist_is_refused_with_its_path_and_changes_nothing()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);

        var apply = await CliRun.RunAsync("alerts", "apply", Write("bad.json", Rules), "--db", CliRun.Db(database), "--dry-run");

        Assert.Equal(1, apply.ExitCode);
        Assert.Contains("bad.json: $.rules[0].condition.segment.value: no team '华南团队 South'", apply.Error, StringComparison.Ordinal);
        Assert.True(apply.HasNoTrace);
    }

    [Fact]
    public async Task Each_alerts_command_has_help()
    {
        foreach (var command in new[] { "apply", "list", "run" })
        {
            var help = await CliRun.RunAsync("alerts", command, "--help");
            Assert.Equal(0, help.ExitCode);
            Assert.Contains("Usage:", help.Output, StringComparison.Ordinal);
        }
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Write(string name, string content)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, content);
        return path;
    }
}
