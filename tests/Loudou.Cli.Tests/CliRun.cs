namespace Loudou.Cli.Tests;

/// <summary>One in-process run of the loudou command, with what it wrote to each stream.</summary>
public sealed record CliRun(int ExitCode, string Output, string Error)
{
    public static async Task<CliRun> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exitCode = await LoudouCli.RunAsync(args, output, error);
        return new CliRun(exitCode, output.ToString(), error.ToString());
    }

    /// <summary>True when nothing looks like an exception trace.</summary>
    public bool HasNoTrace => !Error.Contains("   at ", StringComparison.Ordinal) && !Output.Contains("   at ", StringComparison.Ordinal)
        && !Error.Contains("Exception:", StringComparison.Ordinal);

    /// <summary>The --db value that names a test database.</summary>
    public static string Db(Storage.Tests.Infrastructure.TestDatabase database) => database.Target.Provider == Storage.DatabaseProvider.Sqlite
        ? "sqlite:" + database.Target.SqlitePath
        : "postgres:" + database.Target.ConnectionString;
}
