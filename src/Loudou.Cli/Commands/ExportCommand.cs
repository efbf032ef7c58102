using System.CommandLine;
using Loudou.Core.Analytics;
using Loudou.Import.Export;
using Loudou.Storage.Analytics;

namespace Loudou.Cli.Commands;

/// <summary><c>loudou export deals|accounts|contacts|activities|history|funnel --out FILE</c>: tables in the generic import format, and the funnel report, as CSV or .xlsx (docs/export.md).</summary>
public static class ExportCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var export = new Command("export", "Export records in the generic import format (loudou import … --preset generic reads them back), or the funnel report, to CSV or .xlsx (docs/export.md).");
        foreach (var kind in Enum.GetValues<ExportKind>())
        {
            export.Subcommands.Add(CreateFor(environment, kind));
        }
        return export;
    }

    private static Command CreateFor(CliEnvironment environment, ExportKind kind)
    {
        var name = kind.ToString().ToLowerInvariant();
        var output = new Option<FileInfo>("--out") { Description = "The file to write: .csv (UTF-8 with a byte-order mark) or .xlsx.", HelpName = "FILE", Required = true };
        var format = new Option<string?>("--format") { Description = "csv or xlsx. Default: from the file's extension.", HelpName = "FORMAT" };
        format.AcceptOnlyFromAmong("csv", "xlsx");
        var lang = new Option<string>("--lang") { Description = "Language of the column headers (and the funnel's stage names): zh-CN or en.", DefaultValueFactory = _ => "en", HelpName = "LANG" };
        lang.AcceptOnlyFromAmong("zh-CN", "en");
        var where = AnalysisArguments.Where();
        where.Description = kind == ExportKind.Funnel
            ? "Keep deals with DIM=VALUE (repeatable; an empty VALUE means blank)."
            : "Keep rows whose column COLUMN reads VALUE, such as stage=won or pipeline=default (repeatable).";
        where.HelpName = kind == ExportKind.Funnel ? "DIM=VALUE" : "COLUMN=VALUE";
        var command = new Command(name, kind switch
        {
            ExportKind.Deals => "Deals: external_id, name, pipeline, stage (keys), account, channel, owner, amount, currency, created_at, stage_date, expected_close, loss_reason, tags.",
            ExportKind.History => "Stage history: external_id (the deal's), stage, entered_at; one row per stage entry.",
            ExportKind.Funnel => "The funnel report of `loudou funnel`, one row per stage (and group with --by).",
            _ => $"{kind} in the generic import format.",
        });
        foreach (var option in new Option[] { output, format, lang, where })
        {
            command.Options.Add(option);
        }
        var pipeline = AnalysisArguments.Pipeline();
        var asOf = AnalysisArguments.AsOf();
        var by = new Option<string?>("--by") { Description = $"Break down by a dimension: {string.Join(", ", FunnelSnapshot.StandardDimensions)} or custom.KEY.", HelpName = "DIM" };
        if (kind == ExportKind.Funnel)
        {
            command.Options.Add(pipeline);
            command.Options.Add(asOf);
            command.Options.Add(by);
        }
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var file = parseResult.GetValue(output)!;
            var chosen = parseResult.GetValue(format) ?? ExportFile.FormatOf(file.Name)
                ?? throw new CliUsageException($"{file.Name}: name a .csv or .xlsx file, or give --format csv|xlsx.");
            var language = parseResult.GetValue(lang)!;
            var filters = (parseResult.GetValue(where) ?? []).Select(AnalysisArguments.ParseWhere).ToList();
            await using var db = await environment.OpenDatabaseAsync(parseResult, cancellationToken, readOnly: true);
            var rows = await db.RunAsync("export from", async context =>
            {
                ExportTable table;
                if (kind == ExportKind.Funnel)
                {
                    var snapshot = await FunnelColumnsLoader.LoadAsync(context, parseResult.GetValue(pipeline), 0, cancellationToken);
                    var query = new FunnelQuery
                    {
                        AsOf = AnalysisArguments.ParseMoment(parseResult.GetValue(asOf), snapshot.Calendar),
                        By = parseResult.GetValue(by),
                        Where = filters,
                        Language = language,
                    };
                    var report = FunnelEngine.Compute(snapshot, query, TimeProvider.System.GetUtcNow());
                    table = new ExportTable(["group", .. FunnelCommand.Header], FunnelCommand.Rows(report).Select(r => (object?[])[r.Group, .. r.Cells]));
                }
                else
                {
                    table = (await new WorkspaceExport(context).TableAsync(kind, cancellationToken)).Where(filters);
                }
                return ExportFile.Write(file.FullName, chosen, table, language, name);
            });
            await environment.Output.WriteLineAsync($"{file.Name}: {rows:N0} {name} rows written ({chosen}, headers in {language}).");
            return 0;
        });
        return command;
    }
}
