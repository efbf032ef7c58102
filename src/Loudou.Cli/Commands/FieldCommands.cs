using System.CommandLine;
using System.Globalization;
using Loudou.Cli.Output;
using Loudou.Core.Catalog;
using Loudou.Storage.Catalog;

namespace Loudou.Cli.Commands;

/// <summary><c>loudou fields apply FILE</c> and <c>loudou fields list</c> (docs/field-files.md).</summary>
/// <remarks>The command line is the operator's tool: it defines every field, as an admin does.</remarks>
public static class FieldCommands
{
    public static Command Create(CliEnvironment environment)
    {
        var fields = new Command("fields", "Custom fields of deals (text, number, date, boolean, choice, multiChoice), set from JSON files (docs/field-files.md).");
        fields.Subcommands.Add(CreateApply(environment));
        fields.Subcommands.Add(CreateList(environment));
        return fields;
    }

    private static Command CreateApply(CliEnvironment environment)
    {
        var file = new Argument<FileInfo>("FILE") { Description = "A custom fields file in JSON (docs/field-files.md)." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Check the file against the workspace and report, changing nothing in it." };
        var apply = new Command("apply",
            "Define, change or remove (\"remove\": true) the fields a file lists; fields it does not list stay as they are. All or nothing: a file with any error changes nothing, "
            + "and a change of type or options that stored values would not fit is refused with their number.");
        apply.Arguments.Add(file);
        apply.Options.Add(dryRun);
        apply.SetAction(async (parseResult, cancellationToken) =>
        {
            var path = parseResult.GetValue(file)!;
            // Check everything that needs no database first, so a broken file never opens (or creates) one.
            var parsed = CustomFieldsFile.Parse(await PipelineCommands.ReadAsync(path, cancellationToken));
            if (parsed.Document is not { } document)
            {
                return await PipelineCommands.ReportAsync(environment, path, [.. parsed.Errors.Select(e => e.ToString())]);
            }
            await using var db = await environment.OpenDatabaseAsync(parseResult, cancellationToken);
            var store = new CustomFieldStore(db.Context);
            if (parseResult.GetValue(dryRun))
            {
                var problems = await db.RunAsync("read from", _ => store.CheckAsync(document, cancellationToken));
                if (problems.Count > 0)
                {
                    return await PipelineCommands.ReportAsync(environment, path, [.. problems.Select(e => e.ToString())]);
                }
                await environment.Output.WriteLineAsync($"{path.Name} is valid: {document.Fields.Count} field(s). Nothing was changed (--dry-run).");
                return 0;
            }
            var result = await db.RunAsync("write to", _ => store.ApplyAsync(document, cancellationToken));
            if (result.Applied is null)
            {
                return await PipelineCommands.ReportAsync(environment, path, [.. result.Errors.Select(e => e.ToString())]);
            }
            var removedValues = result.ValuesRemoved > 0 ? $" (with {result.ValuesRemoved:N0} value(s))" : "";
            var rewritten = result.ValuesRewritten > 0 ? $"; {result.ValuesRewritten:N0} value(s) rewritten in their field's new form" : "";
            await environment.Output.WriteLineAsync(
                $"Applied {document.Fields.Count} field(s): {result.Created} created, {result.Changed} changed, {result.Removed} removed{removedValues}, the rest already as the file says{rewritten}.");
            return 0;
        });
        return apply;
    }

    private static Command CreateList(CliEnvironment environment)
    {
        var format = CliOptions.Format();
        var list = new Command("list", "List the custom fields with how many deals hold a value of each; --format json prints a custom fields file that `fields apply` takes back.");
        list.Options.Add(format);
        list.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var db = await environment.OpenDatabaseAsync(parseResult, cancellationToken, readOnly: true);
            var store = new CustomFieldStore(db.Context);
            switch (parseResult.GetValue(format))
            {
                case OutputFormat.Json:
                    await environment.Output.WriteLineAsync(CustomFieldsFile.Write(await db.RunAsync("read from", _ => store.ReadAsync(cancellationToken))));
                    break;
                case OutputFormat.Csv:
                    CsvOutput.Write(environment.Output, Header, Rows(await db.RunAsync("read from", _ => store.ViewsAsync(cancellationToken))));
                    break;
                default:
                    TableOutput.Write(environment.Output, Header, Rows(await db.RunAsync("read from", _ => store.ViewsAsync(cancellationToken))));
                    break;
            }
            return 0;
        });
        return list;
    }

    private static readonly string[] Header = ["key", "entity", "type", "name_zh", "name_en", "options", "values"];

    private static IEnumerable<IReadOnlyList<string>> Rows(IReadOnlyList<CustomFieldView> fields) =>
        fields.Select(f => (IReadOnlyList<string>)
            [f.Key, CustomFieldsFile.DealsEntity, CustomFieldTypes.Name(f.Type), f.Name.ZhCn, f.Name.En, string.Join("; ", f.Options), f.Values.ToString(CultureInfo.InvariantCulture)]);
}
