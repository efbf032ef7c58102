using Loudou.Storage.Tests.Infrastructure;

namespace Loudou.Cli.Tests.Commands;

/// <summary>An analysis of an empty default pipeline is refused with the pipelines that do have deals, so the next command can name one.</summary>
public sealed class EmptyPipelineTests : IDisposable
{
    private const string Dealer = """
        {
          "key": "dealer",
          "name": { "zh-CN": "经销商订单", "en": "Dealer orders" },
          "default": true,
          "stages": [
            { "key": "inquiry", "name": { "zh-CN": "询价", "en": "Inquiry" }, "kind": "open", "probability": 0.1 },
            { "key": "order", "name": { "zh-CN": "下单", "en": "Order" }, "kind": "won" },
            { "key": "lost", "name": { "zh-CN": "流失", "en": "Lost" }, "kind": "lost" }
          ]
        }
        """;

    private readonly string _directory = Directory.CreateTempSubdirectory("loudou-cli-").FullName;

    [Fact]
    public async Task Every_analysis_of_an_empty_default_pipeline_names_the_pipelines_with_deals_and_their_counts()
    {
        await using var database = await TestDatabase.CreateAsync(Storage.DatabaseProvider.Sqlite);
        var db = "sqlite:" + database.Target.SqlitePath;
        var file = Path.Combine(_directory, "dealer.json");
        await File.WriteAllTextAsync(file, Dealer);
        Assert.Equal(0, (await CliRun.RunAsync("demo", "--deals", "1200", "--as-of", "2026-06-30", "--db", db)).ExitCode);
        Assert.Equal(0, (await CliRun.RunAsync("pipeline", "apply", file, "--db", db)).ExitCode);

        foreach (var analysis in new[] { "funnel", "bottlenecks", "losses", "whatif" })
        {
            var run = await CliRun.RunAsync(analysis, "--as-of", "2026-06-30", "--db", db);
            var named = await CliRun.RunAsync(analysis, "--pipeline", "dealer", "--as-of", "2026-06-30", "--db", db);

            Assert.Equal(LoudouCli.UserError, run.ExitCode);
            Assert.Equal("error: pipeline 'dealer' has no deals to analyse; pipelines with deals: default (1,200).", run.Error.Trim());
            // Named, it was asked for on purpose: the refusal stays short.
            Assert.Equal("error: pipeline 'dealer' has no deals to analyse.", named.Error.Trim());
        }
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
