namespace Loudou.Core.Import;

/// <summary>One record row of a file: its cells by header column, for the mapping to read.</summary>
/// <param name="number">1-based row as a spreadsheet shows it (header = 1).</param>
public sealed class ImportRow(string file, long number, IReadOnlyDictionary<string, int> columns, string[] cells)
{
    public string File { get; } = file;

    public long Number { get; } = number;

    public IReadOnlyDictionary<string, int> Columns { get; } = columns;

    public string[] Cells { get; } = cells;

    /// <summary>Side-file rows joined to this row, by side-file name; a missing join has no entry.</summary>
    public Dictionary<string, ImportRow> Joined { get; } = new(StringComparer.Ordinal);

    /// <summary>The trimmed cell of a column; "file.column" reads a joined side file. Empty when absent.</summary>
    public string Get(string column)
    {
        if (Columns.TryGetValue(column, out var index))
        {
            return index < Cells.Length ? Cells[index].Trim() : "";
        }
        var dot = column.IndexOf('.', StringComparison.Ordinal);
        if (dot > 0 && Joined.TryGetValue(column[..dot], out var side))
        {
            return side.Get(column[(dot + 1)..]);
        }
        return "";
    }

    /// <summary>Where a column's value was read: the side file's name and row for a joined column.</summary>
    public (string File, long Row, string Column) Locate(string column)
    {
        var dot = column.IndexOf('.', StringComparison.Ordinal);
        if (!Columns.ContainsKey(column) && dot > 0 && Joined.TryGetValue(column[..dot], out var side))
        {
            return (side.File, side.Number, column[(dot + 1)..]);
        }
        return (File, Number, column);
    }
}
