namespace Loudou.Core.Import;

/// <summary>How bad an import problem is.</summary>
public enum ImportSeverity
{
    /// <summary>The row cannot be imported faithfully; by default nothing of the import is written.</summary>
    Error,

    /// <summary>An inconsistency with one honest reading; the row is imported as read and the reading is reported.</summary>
    Warning,
}

/// <summary>One problem found in an import, located to the cell.</summary>
/// <param name="File">The file's name as given (no directory).</param>
/// <param name="Row">1-based row as a spreadsheet shows it: the header is row 1, the first record row 2; 0 for the file as a whole.</param>
/// <param name="Column">The column's header name; empty when the problem is not one cell's.</param>
/// <param name="Value">The cell's text, cut to 100 characters.</param>
public sealed record ImportIssue(ImportSeverity Severity, string File, long Row, string Column, string Value, string Reason)
{
    public const int MaxValueLength = 100;

    public static ImportIssue Error(string file, long row, string column, string? value, string reason) =>
        new(ImportSeverity.Error, file, row, column, Cut(value), reason);

    public static ImportIssue Warning(string file, long row, string column, string? value, string reason) =>
        new(ImportSeverity.Warning, file, row, column, Cut(value), reason);

    /// <summary>One line for a screen: <c>file:row: column 'value': reason</c>.</summary>
    public override string ToString()
    {
        var where = Row > 0 ? $"{File}: row {Row}" : File;
        var cell = Column.Length == 0 ? "" : Value.Length == 0 ? $" column {Column}" : $" column {Column} '{Value}'";
        var kind = Severity == ImportSeverity.Error ? "error" : "warning";
        return $"{where}:{cell}: {kind}: {Reason}";
    }

    private static string Cut(string? value) =>
        value is null ? "" : value.Length <= MaxValueLength ? value : value[..MaxValueLength] + $"… ({value.Length:N0} characters)";
}
