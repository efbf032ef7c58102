using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Loudou.Cli.Output;
using Loudou.Core;
using Loudou.Storage.Pipelines;

namespace Loudou.Cli.Commands;

/// <summary><c>loudou pipeline apply FILE</c> and <c>loudou pipeline list</c>.</summary>
public static class PipelineCommands
{
    public static Command Create(CliEnvironment environment)
    {
        var pipeline = new Command("pipeline", "Pipelines and their stages, defined in JSON files (docs/pipeline-files.md).");
        pipeline.Subcommands.Add(CreateApply(environment));
        pipeline.Subcommands.Add(CreateList(environment));
        return pipeline;
    }

    private static Command CreateApply(CliEnvironment environment)
    {
        var file = new Argument<FileInfo>("FILE") { Description = "A pipeline file in JSON (docs/pipeline-files.md)." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Check the file against the workspace and report, changing nothing." };
        var apply = new Command("apply", "Create a pipeline from a file, or update the pipeline with the same key. All or nothing: a file with any error changes nothing.");
        apply.Arguments.Add(file);
        apply.Options.Add(dryRun);
        apply.SetAction(async (parseResult, cancellationToken) =>
        {
            var path = parseResult.GetValue(file)!;
            if (!path.Exists)
            {
                throw new CliUsageException($"{path.FullName}: no such file.");
            }
            var json = await File.ReadAllTextAsync(path.FullName, cancellationToken);
            await using var db = await environment.OpenDatabaseAsync(parseResult, cancellationToken);
            var store = new PipelineStore(db);
            var parsed = await store.ParseAsync(json, cancellationToken);
            if (parsed.Definition is not { } definition)
            {
                foreach (var problem in parsed.Errors)
                {
                    await environment.Error.WriteLineAsync($"{path.Name}: {problem}");
                }
                await environment.Error.WriteLineAsync($"{path.Name}: {parsed.Errors.Count} error(s); nothing was changed.");
                return LoudouCli.UserError;
            }
            if (parseResult.GetValue(dryRun))
            {
                await environment.Output.WriteLineAsync($"{path.Name} is valid: pipeline '{definition.Key}' with {definition.Stages.Count} stages. Nothing was changed (--dry-run).");
                return 0;
            }
            var result = await store.ApplyAsync(definition, cancellationToken);
            if (result.Pipeline is null)
            {
                await environment.Error.WriteLineAsync($"{path.Name}: {result.Error}");
                await environment.Error.WriteLineAsync($"{path.Name}: nothing was changed.");
                return LoudouCli.UserError;
            }
            await environment.Output.WriteLineAsync(
                $"{(result.Created ? "Created" : "Updated")} pipeline '{definition.Key}' ({definition.Name.For("en")}) with {definition.Stages.Count} stages{(definition.IsDefault ? "; it is the default pipeline" : "")}.");
            return 0;
        });
        return apply;
    }

    private static Command CreateList(CliEnvironment environment)
    {
        var format = CliOptions.Format();
        var list = new Command("list", "List pipelines with their stages and how many deals each stage holds now.");
        list.Options.Add(format);
        list.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var db = await environment.OpenDatabaseAsync(parseResult, cancellationToken);
            var pipelines = await new PipelineStore(db).ListAsync(cancellationToken);
            switch (parseResult.GetValue(format))
            {
                case OutputFormat.Json:
                    await environment.Output.WriteLineAsync(JsonSerializer.Serialize(pipelines.Select(ToJson), CliJson.Options));
                    break;
                case OutputFormat.Csv:
                    CsvOutput.Write(environment.Output, StageHeader, StageRows(pipelines));
                    break;
                default:
                    TableOutput.Write(environment.Output, StageHeader, StageRows(pipelines));
                    await environment.Output.WriteLineAsync("* default pipeline");
                    break;
            }
            return 0;
        });
        return list;
    }

    private static readonly string[] StageHeader =
        ["pipeline", "default", "number", "stage", "name_zh", "name_en", "kind", "probability", "rotting_days", "sla_hours", "actions", "required_fields", "deals"];

    private static IEnumerable<IReadOnlyList<string>> StageRows(IReadOnlyList<PipelineSummary> pipelines) =>
        from summary in pipelines
        from stage in summary.Pipeline.Stages
        select (IReadOnlyList<string>)
        [
            summary.Pipeline.Key,
            summary.IsDefault ? "*" : "",
            (stage.Position + 1).ToString(CultureInfo.InvariantCulture),
            stage.Key,
            stage.Name.ZhCn,
            stage.Name.En,
            stage.Kind.ToString().ToLowerInvariant(),
            stage.DefaultProbability.ToString(CultureInfo.InvariantCulture),
            stage.RottingDays?.ToString(CultureInfo.InvariantCulture) ?? "",
            stage.FirstResponseSlaHours?.ToString(CultureInfo.InvariantCulture) ?? "",
            string.Join(" ", stage.Actions.Select(a => a.Required ? a.Key : a.Key + "?")),
            string.Join(" ", stage.RequiredFields),
            summary.DealsByStage[stage.Key].ToString(CultureInfo.InvariantCulture),
        ];

    private static PipelineJson ToJson(PipelineSummary summary) => new(
        summary.Pipeline.Key,
        Text(summary.Pipeline.Name),
        summary.IsDefault,
        summary.DealCount,
        [.. summary.Pipeline.Stages.Select(s => new StageJson(
            s.Key,
            Text(s.Name),
            s.Kind.ToString().ToLowerInvariant(),
            s.Position,
            s.DefaultProbability,
            s.RottingDays,
            s.FirstResponseSlaHours,
            s.Color,
            [.. s.Actions.Select(a => new ActionJson(a.Key, Text(a.Text), a.Required))],
            s.RequiredFields,
            summary.DealsByStage[s.Key]))]);

    private static Dictionary<string, string> Text(LocalizedText text) => new() { ["zh-CN"] = text.ZhCn, ["en"] = text.En };

    private sealed record PipelineJson(
        string Key,
        Dictionary<string, string> Name,
        [property: JsonPropertyName("default")] bool IsDefault,
        int Deals,
        IReadOnlyList<StageJson> Stages);

    private sealed record StageJson(
        string Key,
        Dictionary<string, string> Name,
        string Kind,
        int Index,
        double Probability,
        int? RottingDays,
        int? FirstResponseSlaHours,
        string? Color,
        IReadOnlyList<ActionJson> Actions,
        IReadOnlyList<string> RequiredFields,
        int Deals);

    private sealed record ActionJson(string Key, Dictionary<string, string> Text, bool Required);
}
