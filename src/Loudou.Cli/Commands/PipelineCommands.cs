using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Loudou.Cli.Output;
using Loudou.Core.Pipelines;
using Loudou.Storage.Pipelines;

namespace Loudou.Cli.Commands;

/// <summary><c>loudou pipeline apply FILE</c>, <c>loudou pipeline list</c> and <c>loudou pipeline show KEY</c>.</summary>
public static class PipelineCommands
{
    public static Command Create(CliEnvironment environment)
    {
        var pipeline = new Command("pipeline", "Pipelines and their stages, defined in JSON files (docs/pipeline-files.md).");
        pipeline.Subcommands.Add(CreateApply(environment));
        pipeline.Subcommands.Add(CreateList(environment));
        pipeline.Subcommands.Add(CreateShow(environment));
        pipeline.Subcommands.Add(CreateTemplates(environment));
        return pipeline;
    }

    private static Command CreateApply(CliEnvironment environment)
    {
        var file = new Argument<FileInfo?>("FILE") { Description = "A pipeline file in JSON (docs/pipeline-files.md).", Arity = ArgumentArity.ZeroOrOne };
        var template = new Option<string?>("--template") { Description = "Apply a built-in template instead of a file (see `pipeline templates`).", HelpName = "KEY" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Check the file against the workspace and report, changing nothing in it." };
        var apply = new Command("apply", "Create a pipeline from a file or a template, or update the pipeline with the same key. All or nothing: a file with any error changes nothing.");
        apply.Arguments.Add(file);
        apply.Options.Add(template);
        apply.Options.Add(dryRun);
        apply.SetAction(async (parseResult, cancellationToken) =>
        {
            var (path, json) = await SourceAsync(parseResult.GetValue(file), parseResult.GetValue(template), cancellationToken);
            // Check everything that needs no database first, so a broken file never opens (or creates) one.
            var shape = PipelineFile.Parse(json, knownFields: null);
            if (!shape.IsValid)
            {
                return await ReportAsync(environment, path, shape.Errors.Select(e => e.ToString()).ToList());
            }
            await using var db = await environment.OpenDatabaseAsync(parseResult, cancellationToken);
            var store = new PipelineStore(db.Context);
            var parsed = await db.RunAsync("read from", _ => store.ParseAsync(json, cancellationToken));
            if (parsed.Definition is not { } definition)
            {
                return await ReportAsync(environment, path, parsed.Errors.Select(e => e.ToString()).ToList());
            }
            if (parseResult.GetValue(dryRun))
            {
                await environment.Output.WriteLineAsync($"{path.Name} is valid: pipeline '{definition.Key}' with {definition.Stages.Count} stages. Nothing was changed (--dry-run).");
                return 0;
            }
            var result = await db.RunAsync("write to", _ => store.ApplyAsync(definition, cancellationToken));
            if (result.Pipeline is null)
            {
                return await ReportAsync(environment, path, [result.Error!]);
            }
            await environment.Output.WriteLineAsync(
                $"{(result.Created ? "Created" : "Updated")} pipeline '{definition.Key}' ({definition.Name.For("en")}) with {definition.Stages.Count} stages{(definition.IsDefault ? "; it is the default pipeline" : "")}.");
            if (result.DroppedCompletions > 0)
            {
                await environment.Output.WriteLineAsync($"Removed {result.DroppedCompletions} completion(s) of actions the file no longer has.");
            }
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
            await using var db = await environment.OpenDatabaseAsync(parseResult, cancellationToken, readOnly: true);
            var pipelines = await db.RunAsync("read from", context => new PipelineStore(context).ListAsync(cancellationToken));
            switch (parseResult.GetValue(format))
            {
                case OutputFormat.Json:
                    await environment.Output.WriteLineAsync(new JsonArray([.. pipelines.Select(ToJson)]).ToJsonString(CliJson.Options));
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

    private static Command CreateShow(CliEnvironment environment)
    {
        var key = new Argument<string>("KEY") { Description = "The pipeline's key, as `pipeline list` shows it." };
        var show = new Command("show", "Print a pipeline as a pipeline file: edit it and apply it again.");
        show.Arguments.Add(key);
        show.SetAction(async (parseResult, cancellationToken) =>
        {
            var wanted = parseResult.GetValue(key)!;
            await using var db = await environment.OpenDatabaseAsync(parseResult, cancellationToken, readOnly: true);
            var pipelines = await db.RunAsync("read from", context => new PipelineStore(context).ListAsync(cancellationToken));
            if (pipelines.FirstOrDefault(p => p.Pipeline.Key == wanted) is not { } summary)
            {
                throw new CliUsageException($"no pipeline '{wanted}'; there are: {string.Join(", ", pipelines.Select(p => p.Pipeline.Key))}.");
            }
            await environment.Output.WriteLineAsync(PipelineFile.Write(summary.Pipeline.ToDefinition(summary.IsDefault)));
            return 0;
        });
        return show;
    }

    private static Command CreateTemplates(CliEnvironment environment)
    {
        var templates = new Command("templates", "List the built-in pipeline templates, one per line, starting with the key to give `pipeline apply --template`.");
        templates.SetAction(async (parseResult, cancellationToken) =>
        {
            foreach (var key in BuiltinPipelines.TemplateKeys)
            {
                var definition = BuiltinPipelines.Template(key)!;
                await environment.Output.WriteLineAsync(
                    $"{key,-15} {definition.Name.ZhCn} / {definition.Name.En} ({definition.Stages.Count} stages: {string.Join(" → ", definition.Stages.Select(s => s.Key))})");
            }
            return 0;
        });
        return templates;
    }

    /// <summary>The file to apply, or the built-in template's text under a name for messages.</summary>
    private static async Task<(FileInfo Name, string Json)> SourceAsync(FileInfo? path, string? template, CancellationToken cancellationToken)
    {
        switch (path, template)
        {
            case (null, null):
                throw new CliUsageException("give a pipeline FILE or --template KEY (see `loudou pipeline templates`).");
            case (not null, not null):
                throw new CliUsageException("give a pipeline FILE or --template KEY, not both.");
            case (null, { } key):
                var definition = BuiltinPipelines.Template(key)
                    ?? throw new CliUsageException($"--template '{key}' is not a template; there are: {string.Join(", ", BuiltinPipelines.TemplateKeys)}.");
                return (new FileInfo($"template {key}"), PipelineFile.Write(definition));
            default:
                return (path!, await ReadAsync(path!, cancellationToken));
        }
    }

    /// <summary>The text of a file to apply (pipeline or targets), or a usage error that names it.</summary>
    internal static async Task<string> ReadAsync(FileInfo path, CancellationToken cancellationToken)
    {
        if (Directory.Exists(path.FullName))
        {
            throw new CliUsageException($"{path.FullName}: is a directory, not a file to apply.");
        }
        if (!path.Exists)
        {
            throw new CliUsageException($"{path.FullName}: no such file.");
        }
        try
        {
            return await File.ReadAllTextAsync(path.FullName, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliUsageException($"{path.FullName}: cannot be read: {e.Message}");
        }
    }

    /// <summary>Each problem on stderr after the file's name, then the count: the file changed nothing.</summary>
    internal static async Task<int> ReportAsync(CliEnvironment environment, FileInfo path, IReadOnlyList<string> problems)
    {
        foreach (var problem in problems)
        {
            await environment.Error.WriteLineAsync($"{path.Name}: {problem}");
        }
        await environment.Error.WriteLineAsync($"{path.Name}: {problems.Count} error(s); nothing was changed.");
        return LoudouCli.UserError;
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

    /// <summary>The pipeline in the file format, plus the number of deals in it and in each stage.</summary>
    private static JsonNode ToJson(PipelineSummary summary)
    {
        var node = JsonNode.Parse(PipelineFile.Write(summary.Pipeline.ToDefinition(summary.IsDefault)))!;
        node["deals"] = summary.DealCount;
        foreach (var stage in node["stages"]!.AsArray())
        {
            stage!["deals"] = summary.DealsByStage[stage["key"]!.GetValue<string>()];
        }
        return node;
    }
}
