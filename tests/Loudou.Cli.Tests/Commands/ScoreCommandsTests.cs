using System.Text.Json.Nodes;

namespace Loudou.Cli.Tests.Commands;

/// <summary>loudou score train|report|apply on a small demo (400 deals: about 25 won, so stage conversion).</summary>
public sealed class ScoreCommandsTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("loudou-score-").FullName;

    [Fact]
    public async Task Train_prints_the_report_it_stored_report_prints_it_again_and_apply_scores_the_open_deals()
    {
        var db = "sqlite:" + Path.Combine(_directory, "demo.db");
        Assert.Equal(0, (await CliRun.RunAsync("demo", "--deals", "400", "--seed", "1", "--as-of", "2026-11-25", "--db", db)).ExitCode);

        var train = await CliRun.RunAsync("score", "train", "--pipeline", "default", "--format", "json", "--db", db);
        var report = await CliRun.RunAsync("score", "report", "--pipeline", "default", "--format", "json", "--db", db);
        var table = await CliRun.RunAsync("score", "report", "--pipeline", "default", "--db", db);
        var apply = await CliRun.RunAsync("score", "apply", "--pipeline", "default", "--format", "json", "--db", db);

        Assert.Equal(0, train.ExitCode);
        var json = JsonNode.Parse(train.Output)!.AsObject();
        foreach (var field in new[] { "model", "trainedAt", "rows", "crossValidation", "timeSplit", "calibration", "seconds" })
        {
            Assert.True(json.ContainsKey(field), field);
        }
        Assert.Equal(5, (int)json["crossValidation"]!["folds"]!);
        Assert.NotNull(json["crossValidation"]!["auc"]);
        Assert.All(new[] { "auc", "brier", "n" }, f => Assert.NotNull(json["timeSplit"]![f]));
        Assert.All(json["calibration"]!.AsArray(), b => Assert.Equal(["predicted", "observed", "n"], b!.AsObject().Select(p => p.Key)));
        Assert.Contains("Stored model", train.Error, StringComparison.Ordinal);
        Assert.Equal(train.Output, report.Output);
        Assert.Contains("Cross-validation (5 folds): AUC", table.Output, StringComparison.Ordinal);
        Assert.Equal(0, apply.ExitCode);
        Assert.Equal((int)json["modelId"]!, (int)JsonNode.Parse(apply.Output)!["modelId"]!);
        Assert.True((int)JsonNode.Parse(apply.Output)!["scored"]! > 0);
    }

    [Fact]
    public async Task A_pipeline_without_closed_deals_is_refused_with_the_reason_and_nothing_on_stdout()
    {
        var db = "sqlite:" + Path.Combine(_directory, "empty.db");
        Assert.Equal(0, (await CliRun.RunAsync("db", "migrate", "--db", db)).ExitCode);

        var train = await CliRun.RunAsync("score", "train", "--format", "json", "--db", db);
        var report = await CliRun.RunAsync("score", "report", "--db", db);
        var unknown = await CliRun.RunAsync("score", "train", "--pipeline", "nowhere", "--db", db);

        Assert.Equal(LoudouCli.UserError, train.ExitCode);
        Assert.Equal("", train.Output);
        Assert.Contains("has no closed deals", train.Error, StringComparison.Ordinal);
        Assert.Contains("Nothing was changed.", train.Error, StringComparison.Ordinal);
        Assert.Equal(LoudouCli.UserError, report.ExitCode);
        Assert.Contains("has no scoring model yet", report.Error, StringComparison.Ordinal);
        Assert.Equal(LoudouCli.UserError, unknown.ExitCode);
        Assert.Contains("no such pipeline", unknown.Error, StringComparison.Ordinal);
        Assert.True(train.HasNoTrace && unknown.HasNoTrace);
    }

    [Theory]
    [InlineData("train")]
    [InlineData("report")]
    [InlineData("apply")]
    public async Task Each_score_command_has_help_naming_its_options(string command)
    {
        var help = await CliRun.RunAsync("score", command, "--help");

        Assert.Equal(0, help.ExitCode);
        Assert.Contains("--pipeline", help.Output, StringComparison.Ordinal);
        Assert.Contains("--format", help.Output, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
