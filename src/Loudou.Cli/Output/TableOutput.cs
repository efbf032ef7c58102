using Spectre.Console;

namespace Loudou.Cli.Output;

/// <summary>Prints tables for people, with Chinese text aligned by its display width.</summary>
public static class TableOutput
{
    public static void Write(TextWriter writer, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        // Output may be a pipe or a file: use a wide fixed width instead of wrapping at 80.
        console.Profile.Width = 240;
        var table = new Table().Border(TableBorder.Simple);
        foreach (var column in header)
        {
            table.AddColumn(new TableColumn(Markup.Escape(column)));
        }
        foreach (var row in rows)
        {
            table.AddRow([.. row.Select(cell => new Text(cell))]);
        }
        console.Write(table);
    }
}
