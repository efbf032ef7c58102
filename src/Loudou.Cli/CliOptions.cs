using System.CommandLine;
using Loudou.Cli.Output;

namespace Loudou.Cli;

/// <summary>Options shared by many commands, defined once so they read the same everywhere.</summary>
public static class CliOptions
{
    /// <summary>--db on every command (recursive), naming the database to work on.</summary>
    public static Option<string?> Db { get; } = new("--db")
    {
        Description = "Database: sqlite:PATH or \"postgres:Host=…;Database=…;Username=…\". Default: Loudou:Database from configuration, else the web host's data/loudou.db.",
        HelpName = "DATABASE",
        Recursive = true,
    };

    /// <summary>A fresh --format option for one command; table is for people, json and csv for programs.</summary>
    public static Option<OutputFormat> Format() =>
        new("--format")
        {
            Description = "Output format: table (default), json or csv. json and csv go to stdout alone.",
            DefaultValueFactory = _ => OutputFormat.Table,
            CustomParser = result =>
            {
                var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
                if (Enum.TryParse<OutputFormat>(text, ignoreCase: true, out var format) && Enum.IsDefined(format) && !text.Any(char.IsDigit))
                {
                    return format;
                }
                result.AddError($"--format {text}: use one of table, json, csv.");
                return OutputFormat.Table;
            },
        };
}
