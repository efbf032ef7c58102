using System.CommandLine;
using Loudou.Storage;
using Microsoft.Extensions.Configuration;

namespace Loudou.Cli;

/// <summary>What every command needs from its surroundings: the two output streams and configuration.</summary>
/// <remarks>
/// stdout carries results only (tables, JSON, CSV); messages and progress go to stderr, so
/// <c>loudou … --format json | jq</c> always sees valid JSON.
/// </remarks>
public sealed class CliEnvironment(TextWriter output, TextWriter error)
{
    public TextWriter Output { get; } = output;

    public TextWriter Error { get; } = error;

    /// <summary>appsettings.json beside the program, then environment variables such as Loudou__Database__Provider.</summary>
    public IConfiguration Configuration { get; } = new ConfigurationBuilder()
        .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
        .AddEnvironmentVariables()
        .Build();

    /// <summary>The database named by --db, else by configuration, else the web host's default SQLite file.</summary>
    public DatabaseTarget ResolveDatabase(ParseResult parseResult)
    {
        var value = parseResult.GetValue(CliOptions.Db);
        if (value is null)
        {
            return DatabaseTarget.FromConfiguration(Configuration);
        }
        return DatabaseTarget.TryParse(value, out var problem) ?? throw new CliUsageException(problem!);
    }

    /// <summary>Opens the database for a command: SQLite is created and migrated, a server database must be current.</summary>
    public async Task<LoudouDbContext> OpenDatabaseAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var target = ResolveDatabase(parseResult);
        var db = LoudouDatabase.CreateContext(target);
        try
        {
            await LoudouDatabase.OpenAsync(db, target, migrateServer: false, cancellationToken);
            await LoudouDatabase.TranslateErrors(target, () => WorkspaceSeeder.EnsureAsync(db, WorkspaceDefaults.FromConfiguration(Configuration), cancellationToken));
            return db;
        }
        catch
        {
            await db.DisposeAsync();
            throw;
        }
    }
}

/// <summary>A command line that parses but cannot be carried out as written.</summary>
public sealed class CliUsageException(string message) : Core.LoudouException(message);
