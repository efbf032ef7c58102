using System.Diagnostics;

namespace Loudou.Storage.Backup;

/// <summary>What an external program (pg_dump, pg_restore) printed and how it ended.</summary>
public sealed record ProgramRun(int ExitCode, string Output, string Error)
{
    /// <summary>The first lines of its error output, for a message.</summary>
    public string ErrorSummary => string.Join(" ", Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Take(5));
}

/// <summary>Runs an external program with arguments as a list (never through a shell) and its own environment variables.</summary>
public static class ExternalProgram
{
    public static async Task<ProgramRun> RunAsync(string path, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new BackupRefusedException($"{path} could not be started.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new BackupRefusedException($"{path} could not be started: {e.Message}");
        }
        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var error = process.StandardError.ReadToEndAsync(cancellationToken);
            try
            {
                await process.WaitForExitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // A cancelled backup must not leave pg_dump writing on: it is ours to end.
                process.Kill(entireProcessTree: true);
                throw;
            }
            return new ProgramRun(process.ExitCode, await output, await error);
        }
    }
}
