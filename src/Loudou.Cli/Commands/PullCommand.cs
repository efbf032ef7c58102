using System.CommandLine;
using Loudou.Import;
using Loudou.Import.Pull;

namespace Loudou.Cli.Commands;

/// <summary><c>loudou pull --from DB --query FILE.sql --mapping FILE</c>: imports the rows a query on another database returns (docs/export.md).</summary>
public static class PullCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var from = new Option<string>("--from") { Description = "The database to read: \"postgres:Host=…;Database=…;Username=…\" or \"mysql:Server=…;Database=…;User ID=…\" (MariaDB too).", HelpName = "DATABASE", Required = true };
        var query = new Option<FileInfo>("--query") { Description = "A file with one SELECT; its column names are the header the mapping reads.", HelpName = "FILE.sql", Required = true };
        var mapping = new Option<FileInfo>("--mapping") { Description = "A mapping file (docs/import.md); its entity says what is imported.", HelpName = "FILE", Required = true };
        var since = new Option<string?>("--since-column") { Description = "Pull incrementally: only rows whose COL is at least the largest value the last pull saw (kept in the state file).", HelpName = "COL" };
        var state = new Option<FileInfo?>("--state") { Description = "Where an incremental pull keeps its place. Default: the query file's name with .since.json.", HelpName = "FILE" };
        var pipeline = new Option<string?>("--pipeline") { Description = "The pipeline's key; default: the mapping's, else the default pipeline.", HelpName = "NAME" };
        var skipInvalid = new Option<bool>("--skip-invalid") { Description = "Write the valid rows and report the others, instead of writing nothing when a row has an error." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Check every row and report, writing nothing (and keeping the incremental place)." };
        var command = new Command("pull", "Import the rows a query on another PostgreSQL or MySQL/MariaDB database returns, through a mapping, with the checks and all-or-nothing write of `loudou import`; incrementally with --since-column.");
        foreach (var option in new Option[] { from, query, mapping, since, state, pipeline, skipInvalid, dryRun })
        {
            command.Options.Add(option);
        }
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var mappingFile = parseResult.GetValue(mapping)!;
            var (loaded, mappingName) = await ImportCommand.LoadMappingAsync(null, null, mappingFile, cancellationToken);
            var queryFile = parseResult.GetValue(query)!;
            if (!queryFile.Exists)
            {
                throw new CliUsageException($"{queryFile.FullName}: no such query file.");
            }
            var sql = await File.ReadAllTextAsync(queryFile.FullName, cancellationToken);
            var sinceColumn = parseResult.GetValue(since);
            var statePath = (parseResult.GetValue(state) ?? new FileInfo(Path.ChangeExtension(queryFile.FullName, ".since.json"))).FullName;
            var mark = sinceColumn is null ? null : await PullMark.LoadAsync(statePath, sinceColumn, cancellationToken);
            var folder = Directory.CreateTempSubdirectory("loudou-pull-");
            try
            {
                var csv = Path.Combine(folder.FullName, Path.GetFileNameWithoutExtension(queryFile.Name) + ".csv");
                var fromValue = parseResult.GetValue(from)!;
                long rows;
                PullMark? next;
                await using (var source = PullQuery.Connect(fromValue))
                {
                    try
                    {
                        await source.OpenAsync(cancellationToken);
                        (rows, next) = await PullQuery.WriteAsync(source, sql, sinceColumn, mark, csv, cancellationToken);
                    }
                    catch (System.Data.Common.DbException e)
                    {
                        throw new CliUsageException($"cannot pull from {PullQuery.Redacted(fromValue)}: {e.Message}");
                    }
                }
                await environment.Error.WriteLineAsync($"{queryFile.Name}: {rows:N0} rows{(mark is null ? "" : $" with {sinceColumn} >= {mark.Text}")}.");
                if (rows == 0)
                {
                    await environment.Output.WriteLineAsync($"{queryFile.Name}: no rows to import; nothing was written.");
                    return 0;
                }
                var request = new ImportRequest(loaded.Entity, [csv], loaded, mappingName, parseResult.GetValue(pipeline), parseResult.GetValue(skipInvalid), parseResult.GetValue(dryRun), By: Environment.UserName);
                await using var db = await environment.OpenDatabaseAsync(parseResult, cancellationToken);
                var result = await db.RunAsync("import into", context => new ImportEngine(context, new ImportCommand.ProgressBar(environment.Error)).RunAsync(request, cancellationToken));
                foreach (var issue in result.Issues)
                {
                    await environment.Error.WriteLineAsync(issue.ToString());
                }
                if (next is not null && result.Written)
                {
                    await next.SaveAsync(statePath, cancellationToken);
                }
                return await ImportCommand.SummaryAsync(environment, request, result);
            }
            finally
            {
                folder.Delete(recursive: true);
            }
        });
        return command;
    }
}
