using System.CommandLine;
using System.Data.Common;
using Loudou.Cli.Commands;
using Loudou.Core;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Cli;

/// <summary>The <c>loudou</c> command: its command tree and the one place errors become messages.</summary>
public static class LoudouCli
{
    /// <summary>Exit code for a failure the user can fix (bad input, unreachable database).</summary>
    public const int UserError = 1;

    /// <summary>Exit code for a defect in Loudou itself.</summary>
    public const int InternalError = 70;

    public static RootCommand CreateRootCommand(CliEnvironment environment)
    {
        var root = new RootCommand("Loudou (漏斗): the sales funnel operating system. Pipelines, deals and funnel analytics from the command line.");
        root.Options.Add(CliOptions.Db);
        root.Subcommands.Add(DbCommands.Create(environment));
        root.Subcommands.Add(BackupCommands.CreateBackup(environment));
        root.Subcommands.Add(BackupCommands.CreateRestore(environment));
        root.Subcommands.Add(PipelineCommands.Create(environment));
        root.Subcommands.Add(TargetCommands.Create(environment));
        root.Subcommands.Add(ChannelCommands.Create(environment));
        root.Subcommands.Add(AlertCommands.Create(environment));
        root.Subcommands.Add(FieldCommands.Create(environment));
        root.Subcommands.Add(DemoCommand.Create(environment));
        root.Subcommands.Add(FunnelCommand.Create(environment));
        root.Subcommands.Add(BottlenecksCommand.Create(environment));
        root.Subcommands.Add(DriversCommand.Create(environment));
        root.Subcommands.Add(TeamCommand.Create(environment));
        root.Subcommands.Add(ReviewCommand.Create(environment));
        root.Subcommands.Add(LossesCommand.Create(environment));
        root.Subcommands.Add(WhatIfCommand.Create(environment));
        root.Subcommands.Add(UserCommands.Create(environment));
        root.Subcommands.Add(PrivacyCommands.Create(environment));
        root.Subcommands.Add(TokenCommands.Create(environment));
        root.Subcommands.Add(ImportCommand.Create(environment));
        root.Subcommands.Add(ExportCommand.Create(environment));
        root.Subcommands.Add(PullCommand.Create(environment));
        root.Subcommands.Add(ScoreCommands.Create(environment));
        root.Description += "\n\nCommands and their options (each also has --help):\n" + CommandSynopsis.Of(root);
        return root;
    }

    /// <summary>Parses and runs one command line; never lets an exception trace reach the user.</summary>
    /// <remarks>
    /// A <see cref="LoudouException"/> is a user's mistake or an unusable database: its message alone
    /// goes to stderr, naming fields by their options (<see cref="OptionNames"/>). Anything else is a defect: a one-line message, and the trace only when
    /// LOUDOU_DEBUG=1, so scripts never have to parse a stack trace.
    /// </remarks>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        var environment = new CliEnvironment(output, error);
        var root = CreateRootCommand(environment);
        var configuration = new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false };
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            // One line per mistake, naming the option and what it takes, instead of the whole help.
            foreach (var problem in parsed.Errors.Select(e => e.Message).Distinct(StringComparer.Ordinal))
            {
                await error.WriteLineAsync("error: " + problem);
            }
            return UserError;
        }
        try
        {
            return await parsed.InvokeAsync(configuration, cancellationToken);
        }
        catch (LoudouException e)
        {
            await error.WriteLineAsync("error: " + OptionNames.MessageOf(e));
            return UserError;
        }
        catch (Exception e) when (e is DbException or DbUpdateException)
        {
            // Database errors are translated where a command knows which database it is using;
            // this is the backstop, so that none ever surfaces as a trace.
            await error.WriteLineAsync("error: the database failed: " + e.GetBaseException().Message);
            return UserError;
        }
        catch (OperationCanceledException)
        {
            await error.WriteLineAsync("cancelled.");
            return UserError;
        }
        catch (Exception e)
        {
            await error.WriteLineAsync($"error: unexpected failure ({e.GetType().Name}): {e.Message}");
            await error.WriteLineAsync(Environment.GetEnvironmentVariable("LOUDOU_DEBUG") == "1"
                ? e.ToString()
                : "This is a defect in Loudou; run again with LOUDOU_DEBUG=1 for details to report.");
            return InternalError;
        }
    }
}
