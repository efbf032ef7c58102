namespace Loudou.Core.Import;

/// <summary>RFC 4180 CSV lines: comma-separated, a field quoted (its quotes doubled) when it holds a comma, quote or line break.</summary>
/// <remarks>The one writer of CSV text for command output, exports and import error reports; protecting formula-looking cells is the caller's choice.</remarks>
public static class CsvText
{
    /// <summary>One line with its CRLF ending.</summary>
    public static string Row(IReadOnlyList<string> fields) => string.Join(',', fields.Select(Field)) + "\r\n";

    public static string Field(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;
}
