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
        return DatabaseTarget.TryParse(value, out var problem) ?? throw new Core.DomainRuleException("db", problem!);
    }

    /// <summary>Opens the database for a command: SQLite is created and migrated, a server database must be current.</summary>
    /// <param name="readOnly">
    /// The command only reads: a SQLite file that does not exist is a mistyped --db, reported as such,
    /// rather than a new empty database that would then report "no deals".
    /// </param>
    public async Task<OpenDatabase> OpenDatabaseAsync(ParseResult parseResult, CancellationToken cancellationToken, bool readOnly = false)
    {
        var target = ResolveDatabase(parseResult);
        if (readOnly && target.Provider == DatabaseProvider.Sqlite && !File.Exists(target.SqlitePath))
        {
            throw new CliUsageException($"no database at {target.SqlitePath}: check --db (a command that only reads never creates one).");
        }
        var db = LoudouDatabase.CreateContext(target);
        try
        {
            await LoudouDatabase.OpenWorkspaceAsync(db, target, migrateServer: false, WorkspaceDefaults.FromConfiguration(Configuration), cancellationToken);
            return new OpenDatabase(db, target);
        }
        catch
        {
            await db.DisposeAsync();
            throw;
        }
    }
}

/// <summary>A database a command has opened, whose errors are reported naming it.</summary>
public sealed class OpenDatabase(LoudouDbContext context, DatabaseTarget target) : IAsyncDisposable
{
    public LoudouDbContext Context { get; } = context;

    public DatabaseTarget Target { get; } = target;

    /// <summary>Runs work on the database; a driver error becomes "Cannot {verb} DATABASE: reason".</summary>
    public Task<T> RunAsync<T>(string verb, Func<LoudouDbContext, Task<T>> work) =>
        LoudouDatabase.TranslateErrors(Target, () => work(Context), verb);

    public ValueTask DisposeAsync() => Context.DisposeAsync();
}

/// <summary>A command line that parses but cannot be carried out as written.</summary>
public sealed class CliUsageException(string message) : Core.LoudouException(message);
