using System.Text;
using Loudou.Core.Import;

namespace Loudou.Import;

/// <summary>Writes an import's errors and warnings as CSV: severity, file, row, column, value, reason.</summary>
/// <remarks>
/// UTF-8 with a byte-order mark, so Excel opens Chinese text correctly. A value that starts with
/// = + - @ or a tab is written after an apostrophe, as OWASP advises against CSV injection: the
/// report echoes cells from untrusted files, and a spreadsheet must show them, never run them.
/// </remarks>
public static class ImportErrorReport
{
    public static readonly IReadOnlyList<string> Header = ["severity", "file", "row", "column", "value", "reason"];

    public static async Task WriteAsync(string path, IEnumerable<ImportIssue> issues, CancellationToken cancellationToken = default)
    {
        await using var writer = new StreamWriter(path, false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        await WriteAsync(writer, issues, cancellationToken);
    }

    public static async Task WriteAsync(TextWriter writer, IEnumerable<ImportIssue> issues, CancellationToken cancellationToken = default)
    {
        await WriteRowAsync(writer, Header);
        foreach (var issue in issues)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await WriteRowAsync(writer,
            [
                issue.Severity == ImportSeverity.Error ? "error" : "warning",
                issue.File,
                issue.Row > 0 ? issue.Row.ToString(System.Globalization.CultureInfo.InvariantCulture) : "",
                issue.Column,
                issue.Value,
                issue.Reason,
            ]);
        }
    }

    /// <remarks>Every cell that starts like a formula is protected, numbers such as "-5" too: the report is read, never imported.</remarks>
    private static Task WriteRowAsync(TextWriter writer, IReadOnlyList<string> fields) =>
        writer.WriteAsync(CsvText.Row([.. fields.Select(f => f.Length > 0 && f[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + f : f)]));
}
