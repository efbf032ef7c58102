using System.CommandLine;
using System.Text.Json;
using Loudou.Cli.Output;
using Loudou.Storage;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Cli.Commands;

/// <summary><c>loudou db migrate</c> and <c>loudou db status</c>.</summary>
public static class DbCommands
{
    public static Command Create(CliEnvironment environment)
    {
        var db = new Command("db", "Database schema: apply migrations, show their state.");

        var migrate = new Command("migrate", "Apply pending migrations to the database named by --db (the only way a server database changes schema), then create the workspace if it has none.");
        migrate.SetAction(async (parseResult, cancellationToken) =>
        {
            var target = environment.ResolveDatabase(parseResult);
            await using var context = LoudouDatabase.CreateContext(target);
            var applied = await LoudouDatabase.MigrateAsync(context, target, cancellationToken);
            var created = await LoudouDatabase.EnsureWorkspaceAsync(context, target, WorkspaceDefaults.FromConfiguration(environment.Configuration), cancellationToken);
            await environment.Output.WriteLineAsync(applied.Count == 0
                ? $"{target.Describe()} is up to date."
                : $"{target.Describe()}: applied {applied.Count} migration(s): {string.Join(", ", applied)}.");
            if (created)
            {
                await environment.Output.WriteLineAsync("Created the workspace with the default pipeline.");
            }
            return 0;
        });
        db.Subcommands.Add(migrate);

        var format = CliOptions.Format();
        var status = new Command("status", "Show the database, its provider and its applied and pending migrations, without changing anything.");
        status.Options.Add(format);
        status.SetAction(async (parseResult, cancellationToken) =>
        {
            var target = environment.ResolveDatabase(parseResult);
            await using var context = LoudouDatabase.CreateContext(target);
            var (applied, pending) = await LoudouDatabase.TranslateErrors(target, async () =>
            {
                var exists = target.Provider != DatabaseProvider.Sqlite || File.Exists(target.SqlitePath);
                IEnumerable<string> done = exists ? await context.Database.GetAppliedMigrationsAsync(cancellationToken) : [];
                return (done.ToList(), context.Database.GetMigrations().Except(done).ToList());
            });
            var rows = applied.Select(m => (IReadOnlyList<string>)[m, "applied"])
                .Concat(pending.Select(m => (IReadOnlyList<string>)[m, "pending"]))
                .ToList();
            switch (parseResult.GetValue(format))
            {
                case OutputFormat.Json:
                    await environment.Output.WriteLineAsync(JsonSerializer.Serialize(
                        new { database = target.Describe(), provider = target.Provider.ToString().ToLowerInvariant(), applied, pending },
                        CliJson.Options));
                    break;
                case OutputFormat.Csv:
                    CsvOutput.Write(environment.Output, ["migration", "state"], rows);
                    break;
                default:
                    await environment.Output.WriteLineAsync($"{target.Describe()} ({target.Provider})");
                    TableOutput.Write(environment.Output, ["migration", "state"], rows);
                    break;
            }
            return 0;
        });
        db.Subcommands.Add(status);
        return db;
    }
}
