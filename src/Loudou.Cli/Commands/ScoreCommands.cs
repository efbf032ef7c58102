using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Loudou.Cli.Output;
using Loudou.Scoring;

namespace Loudou.Cli.Commands;

/// <summary><c>loudou score train|report|apply --pipeline KEY [--format json]</c>: the pipeline's scoring model (docs/scoring.md).</summary>
/// <remarks>The command line is the operator's tool: it trains on every deal and scores every open one.</remarks>
public static class ScoreCommands
{
    public static Command Create(CliEnvironment environment)
    {
        var score = new Command("score", "Deal scoring: train a pipeline's model on its closed deals, read its quality report, score its open deals (docs/scoring.md).");
        score.Subcommands.Add(CreateTrain(environment));
        score.Subcommands.Add(CreateReport(environment));
        score.Subcommands.Add(CreateApply(environment));
        return score;
    }

    private static Command CreateTrain(CliEnvironment environment)
    {
        var pipeline = AnalysisArguments.Pipeline();
        var seed = new Option<int>("--seed") { Description = "Seed of every random choice (folds, bagging): the same data and seed give the same report. Default 1.", DefaultValueFactory = _ => 1 };
        var format = CliOptions.Format();
        var train = new Command("train",
            "Train a model on the pipeline's closed deals (won against lost), measure it on a time split and by 5-fold cross-validation, store it with its report, "
            + "make it the pipeline's active model and score the open deals; prints the report stored. Nothing changes when there are no closed deals, only one outcome, "
            + "or too few to score.");
        train.Options.Add(pipeline);
        train.Options.Add(seed);
        train.Options.Add(format);
        train.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var db = await environment.OpenDatabaseAsync(parseResult, cancellationToken);
            await environment.Error.WriteLineAsync("Training… (the time split and five folds train six models before the final one)");
            var settings = ScoringSettings.Default with { Seed = parseResult.GetValue(seed) };
            var outcome = await db.RunAsync("write to", context => new ScoringService(context, TimeProvider.System).TrainAsync(parseResult.GetValue(pipeline), settings, cancellationToken));
            if (outcome.Report is not { } report)
            {
                await environment.Error.WriteLineAsync($"error: {outcome.Refusal} Nothing was changed.");
                return LoudouCli.UserError;
            }
            await environment.Error.WriteLineAsync($"Stored model {report["modelId"]} as the active model; scored {outcome.Scored:N0} open deal(s).");
            await WriteAsync(environment, report, parseResult.GetValue(format));
            return 0;
        });
        return train;
    }

    private static Command CreateReport(CliEnvironment environment)
    {
        var pipeline = AnalysisArguments.Pipeline();
        var format = CliOptions.Format();
        var report = new Command("report", "Print the quality report stored with the pipeline's active model.");
        report.Options.Add(pipeline);
        report.Options.Add(format);
        report.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var db = await environment.OpenDatabaseAsync(parseResult, cancellationToken, readOnly: true);
            var key = parseResult.GetValue(pipeline);
            var json = await db.RunAsync("read from", context => new ScoringService(context, TimeProvider.System).ReportAsync(key, cancellationToken));
            if (json is null)
            {
                await environment.Error.WriteLineAsync($"error: pipeline {key ?? "(default)"} has no scoring model yet; train one with 'loudou score train --pipeline KEY'.");
                return LoudouCli.UserError;
            }
            await WriteAsync(environment, json, parseResult.GetValue(format));
            return 0;
        });
        return report;
    }

    private static Command CreateApply(CliEnvironment environment)
    {
        var pipeline = AnalysisArguments.Pipeline();
        var format = CliOptions.Format();
        var apply = new Command("apply", "Score the pipeline's open deals with its active model now, with the top factors of each (the host also does this on a schedule and on every change).");
        apply.Options.Add(pipeline);
        apply.Options.Add(format);
        apply.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var db = await environment.OpenDatabaseAsync(parseResult, cancellationToken);
            var key = parseResult.GetValue(pipeline);
            var service = new ScoringService(db.Context, TimeProvider.System);
            var report = await db.RunAsync("read from", _ => service.ReportAsync(key, cancellationToken));
            if (report is null)
            {
                await environment.Error.WriteLineAsync($"error: pipeline {key ?? "(default)"} has no scoring model yet; train one with 'loudou score train --pipeline KEY'.");
                return LoudouCli.UserError;
            }
            var scored = await db.RunAsync("write to", _ => service.ApplyAsync(key, null, cancellationToken));
            var result = new JsonObject { ["pipeline"] = (string?)report["pipeline"], ["modelId"] = (int?)report["modelId"], ["scored"] = scored };
            if (parseResult.GetValue(format) == OutputFormat.Table)
            {
                await environment.Output.WriteLineAsync($"Scored {scored:N0} open deal(s) of pipeline {report["pipeline"]} with model {report["modelId"]}.");
            }
            else if (parseResult.GetValue(format) == OutputFormat.Csv)
            {
                CsvOutput.Write(environment.Output, ["pipeline", "model_id", "scored"], [[(string?)report["pipeline"] ?? "", $"{report["modelId"]}", Invariant(scored)]]);
            }
            else
            {
                await environment.Output.WriteLineAsync(result.ToJsonString(CliJson.Options));
            }
            return 0;
        });
        return apply;
    }

    /// <summary>The report as JSON, as a calibration table in CSV, or in words and a table for people.</summary>
    private static async Task WriteAsync(CliEnvironment environment, JsonObject report, OutputFormat format)
    {
        var calibration = report["calibration"]!.AsArray().Select(b => (IReadOnlyList<string>)[Number(b!["predicted"]), Number(b["observed"]), Number(b["n"])]).ToList();
        switch (format)
        {
            case OutputFormat.Json:
                await environment.Output.WriteLineAsync(report.ToJsonString(CliJson.Options));
                return;
            case OutputFormat.Csv:
                CsvOutput.Write(environment.Output, ["predicted", "observed", "n"], calibration);
                return;
        }
        var output = environment.Output;
        var cv = report["crossValidation"];
        var split = report["timeSplit"];
        await output.WriteLineAsync($"Model {report["modelId"]} of pipeline {report["pipeline"]}: {report["model"]}, trained {report["trainedAt"]} on {Number(report["rows"])} rows "
            + $"({Number(report["won"])} won, {Number(report["lost"])} lost deals) in {Number(report["seconds"])} s.");
        await output.WriteLineAsync($"Why: {report["reason"]}");
        await output.WriteLineAsync($"What: {report["algorithm"]}.");
        await output.WriteLineAsync($"Cross-validation ({cv?["folds"]} folds): AUC {Number(cv?["auc"])}, Brier {Number(cv?["brier"])}.");
        await output.WriteLineAsync($"Time split (trained on the earliest 80% of deals by {split?["by"]}, tested on {Number(split?["n"])} rows of the rest): "
            + $"AUC {Number(split?["auc"])}, Brier {Number(split?["brier"])}, lift at the top 10% {Number(split?["liftTop10"])} and 20% {Number(split?["liftTop20"])}.");
        await output.WriteLineAsync("Calibration on the time split:");
        TableOutput.Write(output, ["predicted", "observed", "n"], calibration);
        var top = report["topFeatures"]!.AsArray().Select(f => $"{f!["feature"]} {Number(f["weight"])}");
        await output.WriteLineAsync($"Features that move scores most (mean absolute log-odds): {string.Join(", ", top)}.");
    }

    /// <summary>A number of the report as people read it; the report's JSON holds ints and doubles alike.</summary>
    private static string Number(JsonNode? node) =>
        node is null ? "—" : double.Parse(node.ToJsonString(), CultureInfo.InvariantCulture).ToString("#,0.####", CultureInfo.InvariantCulture);

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
