using Loudou.Core.Import;

namespace Loudou.Cli.Output;

/// <summary>Writes RFC 4180 CSV: comma-separated, fields quoted when they hold a comma, quote or line break.</summary>
public static class CsvOutput
{
    public static void Write(TextWriter writer, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        WriteRow(writer, header);
        foreach (var row in rows)
        {
            WriteRow(writer, row);
        }
    }

    private static void WriteRow(TextWriter writer, IReadOnlyList<string> fields) => writer.Write(CsvText.Row(fields));
}
