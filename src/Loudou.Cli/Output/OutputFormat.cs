namespace Loudou.Cli.Output;

/// <summary>How a command prints its result.</summary>
public enum OutputFormat
{
    Table,
    Json,
    Csv,
}
