using System.CommandLine;
using Loudou.Core.Import;
using Loudou.Import;

namespace Loudou.Cli.Commands;

/// <summary><c>loudou import deals|accounts|contacts|activities|history FILE…</c>: files in through a mapping or a preset (docs/import.md).</summary>
public static class ImportCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var import = new Command("import", "Import CSV/TSV, .xlsx or .xls files through a mapping file or a preset. All or nothing by default; re-importing the same files changes nothing (docs/import.md).");
        foreach (var entity in Enum.GetValues<ImportEntity>())
        {
            import.Subcommands.Add(CreateFor(environment, entity));
        }
        return import;
    }

    private static Command CreateFor(CliEnvironment environment, ImportEntity entity)
    {
        var name = entity.ToString().ToLowerInvariant();
        var files = new Argument<FileInfo[]>("FILE") { Description = "The files to import; a preset that reads several recognises each by its header row.", Arity = ArgumentArity.OneOrMore };
        var preset = new Option<string?>("--preset") { Description = $"A built-in mapping: {string.Join(", ", ImportPresets.Names)}. Default: generic.", HelpName = "NAME" };
        var mapping = new Option<FileInfo?>("--mapping") { Description = "A mapping file in JSON (docs/import.md).", HelpName = "FILE" };
        var pipeline = new Option<string?>("--pipeline") { Description = "The pipeline's key; default: the mapping's, else the default pipeline.", HelpName = "NAME" };
        var skipInvalid = new Option<bool>("--skip-invalid") { Description = "Write the valid rows and report the others, instead of writing nothing when a row has an error." };
        var errors = new Option<FileInfo?>("--errors") { Description = "Also write every error and warning to this CSV file.", HelpName = "FILE" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Check every row and report, writing nothing." };
        var encoding = new Option<string?>("--encoding") { Description = "Encoding of text files: utf-8 or gb18030 (gbk). Default: detected.", HelpName = "NAME" };
        var sheet = new Option<string?>("--sheet") { Description = "The sheet of an Excel workbook. Default: the first.", HelpName = "NAME" };
        var dateFormat = new Option<string?>("--date-format") { Description = "Order of ambiguous dates, such as M/d/yyyy or d/M/yyyy.", HelpName = "FORMAT" };
        var command = new Command(name, entity == ImportEntity.History
            ? "Import stage history rows (deal external id, stage, entered at) in any order; they merge into the deals' history without duplicates."
            : $"Import {name}, upserting by (source, external id).");
        command.Arguments.Add(files);
        foreach (var option in new Option[] { preset, mapping, pipeline, skipInvalid, errors, dryRun, encoding, sheet, dateFormat })
        {
            command.Options.Add(option);
        }
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var (loaded, mappingName) = await LoadMappingAsync(entity, parseResult.GetValue(preset), parseResult.GetValue(mapping), cancellationToken);
            var request = new ImportRequest(
                entity,
                [.. parseResult.GetValue(files)!.Select(f => f.FullName)],
                loaded,
                mappingName,
                parseResult.GetValue(pipeline),
                parseResult.GetValue(skipInvalid),
                parseResult.GetValue(dryRun),
                parseResult.GetValue(encoding),
                parseResult.GetValue(sheet),
                parseResult.GetValue(dateFormat),
                Environment.UserName);
            await using var db = await environment.OpenDatabaseAsync(parseResult, cancellationToken);
            var bar = new ProgressBar(environment.Error);
            var result = await db.RunAsync("import into", context => new ImportEngine(context, bar).RunAsync(request, cancellationToken));
            bar.Done();
            foreach (var issue in result.Issues)
            {
                await environment.Error.WriteLineAsync(issue.ToString());
            }
            if (parseResult.GetValue(errors) is { } errorsFile)
            {
                await ImportErrorReport.WriteAsync(errorsFile.FullName, result.Issues, cancellationToken);
            }
            return await SummaryAsync(environment, request, result);
        });
        return command;
    }

    internal static async Task<(ImportMapping, string)> LoadMappingAsync(ImportEntity? entity, string? preset, FileInfo? mapping, CancellationToken cancellationToken)
    {
        if (preset is not null && mapping is not null)
        {
            throw new CliUsageException("give --preset or --mapping, not both.");
        }
        if (mapping is null)
        {
            var name = preset ?? "generic";
            return (ImportPresets.Load(name, entity ?? ImportEntity.Deals), $"preset {name}");
        }
        if (!mapping.Exists)
        {
            throw new CliUsageException($"{mapping.FullName}: no such mapping file.");
        }
        var text = await File.ReadAllTextAsync(mapping.FullName, cancellationToken);
        var loaded = MappingFile.Parse(text, out var problems)
            ?? throw new CliUsageException($"{mapping.Name}: {problems.Count} error(s) in the mapping file:\n" + string.Join("\n", problems.Select(p => $"{mapping.Name}: {p}")));
        if (entity is not null && loaded.Entity != entity)
        {
            throw new CliUsageException($"{mapping.Name} imports {loaded.Entity.ToString().ToLowerInvariant()}, not {entity.Value.ToString().ToLowerInvariant()}.");
        }
        return (loaded, mapping.Name);
    }

    internal static async Task<int> SummaryAsync(CliEnvironment environment, ImportRequest request, ImportResult result)
    {
        var files = string.Join(", ", request.Files.Select(Path.GetFileName));
        var found = $"{result.Errors:N0} error(s), {result.Warnings:N0} warning(s)";
        if (!result.Written)
        {
            if (request.DryRun && result.Errors == 0)
            {
                await environment.Output.WriteLineAsync($"{files}: {result.Rows:N0} rows checked, {result.ValidRows:N0} valid, {found}; nothing was written (--dry-run).");
                return 0;
            }
            await environment.Error.WriteLineAsync(result.Errors > 0
                ? $"{files}: {found}; nothing was written{(request.SkipInvalid ? " (no valid row)" : " (--skip-invalid writes the valid rows)")}."
                : $"{files}: no rows to import; nothing was written.");
            return LoudouCli.UserError;
        }
        await environment.Output.WriteLineAsync(
            $"{files} ({request.MappingName}): {result.Rows:N0} rows, {result.Created:N0} created, {result.Updated:N0} updated, {result.Unchanged:N0} unchanged, " +
            $"{result.HistoryAdded:N0} history rows added; {found}{(result.Errors > 0 ? $", {result.Rows - result.ValidRows:N0} rows skipped" : "")}; in {result.Elapsed.TotalSeconds:N1} s.");
        return 0;
    }

    /// <summary>On a terminal, one line on stderr redrawn in place, with rows per second; when stderr is a log, one line per step.</summary>
    /// <remarks>Only for the real stderr, so tests that capture the streams stay clean.</remarks>
    internal sealed class ProgressBar(TextWriter error) : IProgress<ImportProgress>
    {
        private readonly bool _console = ReferenceEquals(error, Console.Error);
        private bool _drawn;
        private string? _step;

        public void Report(ImportProgress value)
        {
            if (!_console)
            {
                return;
            }
            if (Console.IsErrorRedirected)
            {
                if (value.Step != _step)
                {
                    _step = value.Step;
                    error.WriteLine($"{value.Step}…");
                }
                return;
            }
            var bar = value.Total is { } total and > 0
                ? "[" + new string('#', (int)(20 * Math.Min(1, (double)value.Rows / total))).PadRight(20) + $"] {value.Rows:N0}/{total:N0}"
                : $"{value.Rows:N0}";
            error.Write($"\r{value.Step,-18} {bar} rows, {value.RowsPerSecond:N0} rows/s   ");
            _drawn = true;
        }

        public void Done()
        {
            if (_drawn)
            {
                error.WriteLine();
            }
        }
    }
}
