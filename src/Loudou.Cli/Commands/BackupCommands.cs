using System.CommandLine;
using Loudou.Storage.Backup;

namespace Loudou.Cli.Commands;

/// <summary><c>loudou backup --out FILE</c> and <c>loudou restore FILE</c>: the whole database to one file and back (docs/operations.md).</summary>
public static class BackupCommands
{
    public static Command CreateBackup(CliEnvironment environment)
    {
        var output = new Option<FileInfo>("--out")
        {
            Description = "The backup file to write; it must not exist. SQLite: a copy of the database made while the host runs; PostgreSQL: pg_dump's custom format.",
            HelpName = "FILE",
            Required = true,
        };
        var backup = new Command("backup", "Back the database named by --db up to one file: a consistent copy, safe while the web host runs. PostgreSQL needs pg_dump of the server's version or newer.");
        backup.Options.Add(output);
        backup.SetAction(async (parseResult, cancellationToken) =>
        {
            var target = environment.ResolveDatabase(parseResult);
            await environment.Error.WriteLineAsync($"Backing up {target.Describe()}…");
            var result = await Tools(environment).BackupAsync(target, parseResult.GetValue(output)!.FullName, cancellationToken);
            await environment.Output.WriteLineAsync(
                $"Backed up {target.Describe()} (schema {result.SchemaVersion}: {result.Deals:N0} deals, {result.Users:N0} users) to {result.File} ({Size(result.Bytes)}) in {result.Took.TotalSeconds:0.0} s.");
            return 0;
        });
        return backup;
    }

    public static Command CreateRestore(CliEnvironment environment)
    {
        var file = new Argument<FileInfo>("FILE") { Description = "A file written by `loudou backup` (or by the scheduled backup job)." };
        var restore = new Command("restore",
            "Restore a backup into the empty database named by --db: one with no deals and no users (its seeded settings and default pipeline are replaced by the backup's). "
            + "Stop the web host first. A backup of an older schema is migrated afterwards; one of a newer schema, or of the other provider, is refused.");
        restore.Arguments.Add(file);
        restore.SetAction(async (parseResult, cancellationToken) =>
        {
            var target = environment.ResolveDatabase(parseResult);
            var path = parseResult.GetValue(file)!.FullName;
            await environment.Error.WriteLineAsync($"Restoring {path} into {target.Describe()}…");
            var result = await Tools(environment).RestoreAsync(path, target, cancellationToken);
            await environment.Output.WriteLineAsync(
                $"Restored {path} (schema {result.SchemaVersion}) into {target.Describe()}: {result.Deals:N0} deals, {result.Users:N0} users, in {result.Took.TotalSeconds:0.0} s.");
            if (result.Migrated.Count > 0)
            {
                await environment.Output.WriteLineAsync($"The backup was of an older schema: applied {result.Migrated.Count} migration(s) since: {string.Join(", ", result.Migrated)}.");
            }
            return 0;
        });
        return restore;
    }

    private static DatabaseBackup Tools(CliEnvironment environment) => new(new PostgresTools(environment.Configuration[PostgresTools.BinSetting]));

    private static string Size(long bytes) => bytes >= 1 << 20 ? $"{bytes / (double)(1 << 20):0.0} MB" : $"{bytes / 1024.0:0.0} KB";
}
