using System.Text.Json;

namespace Loudou.Cli.Tests.Commands;

/// <summary><c>loudou bottlenecks</c>, <c>whatif</c> and <c>losses</c> over the small demo: JSON contracts, agreement with the funnel, bad input.</summary>
public sealed class FunnelAnalysisCommandsTests(FunnelDemo demo) : IClassFixture<FunnelDemo>
{
    private string Db => demo.Db;

    [Fact]
    public async Task Bottlenecks_json_follows_the_contract_ranked_by_value_at_risk()
    {
        // A loose q lets the small demo produce findings, so every field of an item is checked.
        var run = await CliRun.RunAsync("bottlenecks", "--format", "json", "--as-of", "2026-06-30", "--alpha", "0.5", "--db", Db);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Error);
        var root = JsonDocument.Parse(run.Output).RootElement;
        Assert.Equal("2026-06-30T23:59:59.999999+08:00", root.GetProperty("asOf").GetString());
        var items = root.GetProperty("items").EnumerateArray().ToList();
        Assert.NotEmpty(items);
        string[] fields = ["stage", "segment", "metric", "observed", "baseline", "baselineKind", "ciLow", "ciHigh", "n", "qValue", "valueAtRisk", "suggestions"];
        Assert.All(items, i => Assert.All(fields, f => Assert.True(i.TryGetProperty(f, out _), f)));
        Assert.All(items, i => Assert.Contains(i.GetProperty("baselineKind").GetString(), new[] { "target", "history", "peers" }));
        Assert.All(items, i => Assert.True(i.GetProperty("qValue").GetDouble() <= 0.5));
        Assert.All(items, i => Assert.True(i.GetProperty("metric").GetString() == "conversion"
            ? i.GetProperty("observed").GetDouble() < i.GetProperty("baseline").GetDouble()
            : i.GetProperty("observed").GetDouble() > i.GetProperty("baseline").GetDouble()));
        var risks = items.Select(i => i.GetProperty("valueAtRisk").GetDecimal()).ToList();
        Assert.Equal(risks.OrderDescending(), risks);
    }

    [Fact]
    public async Task Whatif_ranks_every_open_stage_and_its_table_and_csv_agree()
    {
        var json = await CliRun.RunAsync("whatif", "--format", "json", "--points", "10", "--as-of", "2026-06-30", "--db", Db);
        var csv = await CliRun.RunAsync("whatif", "--format", "csv", "--points", "10", "--as-of", "2026-06-30", "--db", Db);
        var table = await CliRun.RunAsync("whatif", "--as-of", "2026-06-30", "--db", Db);

        var root = JsonDocument.Parse(json.Output).RootElement;
        Assert.Equal(10, root.GetProperty("points").GetDouble());
        var stages = root.GetProperty("stages").EnumerateArray().ToList();
        Assert.Equal(["closing", "lead", "needs", "nurturing", "proposal"], stages.Select(s => s.GetProperty("stage").GetString()).Order());
        var extra = stages.Select(s => s.GetProperty("extraWon").GetDouble()).ToList();
        Assert.Equal(extra.OrderDescending(), extra);
        Assert.All(stages, s => Assert.Equal(Math.Min(1, s.GetProperty("conversion").GetDouble() + 0.1), s.GetProperty("newConversion").GetDouble(), 12));
        Assert.Equal(6, csv.Output.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Contains("extra_won_amount", table.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Losses_add_up_to_the_funnels_lost_on_every_stage()
    {
        var losses = JsonDocument.Parse((await CliRun.RunAsync("losses", "--format", "json", "--as-of", "2026-06-30", "--db", Db)).Output).RootElement;
        var funnel = JsonDocument.Parse((await CliRun.RunAsync("funnel", "--format", "json", "--as-of", "2026-06-30", "--db", Db)).Output).RootElement;

        var lost = funnel.GetProperty("stages").EnumerateArray().Where(s => s.GetProperty("stage").GetString() != "won").Select(s => s.GetProperty("lost").GetInt64());
        var stages = losses.GetProperty("stages").EnumerateArray().ToList();
        Assert.Equal(lost, stages.Select(s => s.GetProperty("lost").GetInt64()));
        Assert.All(stages, s => Assert.Equal(s.GetProperty("lost").GetInt64(), s.GetProperty("reasons").EnumerateArray().Sum(r => r.GetProperty("count").GetInt64())));
        // docs/demo-data.md: the lead stage never loses on price.
        Assert.DoesNotContain(stages[0].GetProperty("reasons").EnumerateArray(), r => r.GetProperty("reason").GetString() == "price");
    }

    [Fact]
    public async Task Funnel_compare_adds_a_comparison_at_the_top_on_every_stage_and_in_every_group()
    {
        var run = await CliRun.RunAsync("funnel", "--format", "json", "--as-of", "2026-06-30", "--compare", "previous-period", "--by", "team", "--db", Db);

        Assert.Equal(0, run.ExitCode);
        var root = JsonDocument.Parse(run.Output).RootElement;
        var top = root.GetProperty("comparison");
        Assert.Equal(("previous-period", "2026-06-01", "2026-06-30", "2026-05-01", "2026-05-31"),
            (top.GetProperty("with").GetString(), top.GetProperty("from").GetString(), top.GetProperty("to").GetString(), top.GetProperty("otherFrom").GetString(), top.GetProperty("otherTo").GetString()));
        Assert.StartsWith("exit-based", top.GetProperty("basis").GetString(), StringComparison.Ordinal);
        var rows = root.GetProperty("stages").EnumerateArray().Where(s => s.GetProperty("stage").GetString() != "won").ToList();
        Assert.All(rows, r => Assert.True(r.GetProperty("comparison").TryGetProperty("significant", out _)));
        Assert.All(root.GetProperty("groups").EnumerateArray(), g => Assert.True(g.TryGetProperty("comparison", out _)));
        // The groups' exits add up to the total's.
        var needs = rows.Single(r => r.GetProperty("stage").GetString() == "needs").GetProperty("comparison").GetProperty("exits").GetInt64();
        Assert.Equal(needs, root.GetProperty("groups").EnumerateArray().Sum(g => g.GetProperty("stages").EnumerateArray()
            .Single(s => s.GetProperty("stage").GetString() == "needs").GetProperty("comparison").GetProperty("exits").GetInt64()));
    }

    [Fact]
    public async Task A_bottleneck_window_that_ends_before_it_starts_names_both_options()
    {
        var run = await CliRun.RunAsync("bottlenecks", "--from", "2026-03-01", "--to", "2026-02-01", "--db", Db);

        Assert.Equal(LoudouCli.UserError, run.ExitCode);
        Assert.Equal("error: --from 2026-03-01 is after --to 2026-02-01.", run.Error.Trim());
    }

    [Theory]
    [InlineData("whatif", "--points", "0", "--points must be more than 0")]
    [InlineData("bottlenecks", "--alpha", "1.5", "--alpha must be between 0 and 1")]
    [InlineData("bottlenecks", "--by", "colour", "--by colour: not a dimension")]
    [InlineData("bottlenecks", "--from", "2027-01-01", "--from 2027-01-01 is after the as-of moment; the observed window is empty")]
    [InlineData("bottlenecks", "--min-n", "0", "--min-n must be at least 1")]
    [InlineData("losses", "--where", "channel=Fax", "--where channel=Fax: no deal has that value")]
    [InlineData("losses", "--as-of", "soon", "is not a date")]
    public async Task Bad_input_gets_one_line_and_a_non_zero_exit(string command, string option, string value, string expected)
    {
        var run = await CliRun.RunAsync(command, option, value, "--as-of", "2026-06-30", "--db", Db);
        if (option == "--as-of")
        {
            run = await CliRun.RunAsync(command, option, value, "--db", Db);
        }

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains(expected, run.Error);
        Assert.Single(run.Error.Trim().Split('\n'));
        Assert.True(run.HasNoTrace);
        Assert.Equal("", run.Output);
    }
}
