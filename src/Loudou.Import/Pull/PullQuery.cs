using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Loudou.Import.Export;
using MySqlConnector;
using Npgsql;

namespace Loudou.Import.Pull;

/// <summary>Runs a query on another database and writes its rows to a CSV file that an import then reads through a mapping.</summary>
/// <remarks>
/// Going through a file keeps one path for every import: the same mapping, validation, located
/// errors (the file's row N is the query's row N − 1) and all-or-nothing write, and memory stays
/// flat however many rows the query returns. Values become text as the importer reads it:
/// moments as ISO text (with their offset when the driver gives one), numbers in invariant form.
/// Incremental pulls wrap the query as <c>SELECT * FROM (query) AS pulled WHERE col &gt;= @since</c>;
/// "&gt;=" and not "&gt;" because rows written later with the same value as the last one seen
/// would otherwise be missed; the rows seen again are re-imported unchanged, which the upsert
/// makes harmless.
/// </remarks>
public static partial class PullQuery
{
    /// <summary>Opens a connection to a "postgres:…" or "mysql:…" (MariaDB too) source.</summary>
    public static DbConnection Connect(string from)
    {
        var colon = from.IndexOf(':', StringComparison.Ordinal);
        var (kind, connection) = colon > 0 ? (from[..colon].ToLowerInvariant(), from[(colon + 1)..]) : ("", from);
        try
        {
            return kind switch
            {
                "postgres" or "postgresql" => new NpgsqlConnection(connection),
                "mysql" or "mariadb" => new MySqlConnection(connection),
                _ => throw new ImportMappingException($"--from '{Redacted(from)}' names no database kind Loudou pulls from; write postgres:CONNECTION or mysql:CONNECTION (MariaDB too)."),
            };
        }
        catch (ArgumentException e)
        {
            throw new ImportMappingException($"--from: the connection string does not read: {e.Message}");
        }
    }

    /// <summary>Runs the query and writes its rows, with a header of its column names, to <paramref name="csvPath"/>.</summary>
    /// <returns>The rows written and the largest value of the since-column among them (null without one, or with no rows).</returns>
    public static async Task<(long Rows, PullMark? Mark)> WriteAsync(
        DbConnection connection, string query, string? sinceColumn, PullMark? since, string csvPath, CancellationToken cancellationToken = default)
    {
        query = query.Trim().TrimEnd(';').Trim();
        if (sinceColumn is not null && !Identifier().IsMatch(sinceColumn))
        {
            throw new ImportMappingException($"--since-column '{sinceColumn}' must be a plain column name (letters, digits, _).");
        }
        await using var command = connection.CreateCommand();
        command.CommandText = sinceColumn is null ? query
            : since is null ? $"SELECT * FROM (\n{query}\n) AS pulled ORDER BY {sinceColumn}"
            : $"SELECT * FROM (\n{query}\n) AS pulled WHERE {sinceColumn} >= @since ORDER BY {sinceColumn}";
        if (since is not null)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@since";
            parameter.Value = since.Value();
            command.Parameters.Add(parameter);
        }
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToList();
        var mark = -1;
        if (sinceColumn is not null && (mark = columns.FindIndex(c => string.Equals(c, sinceColumn, StringComparison.OrdinalIgnoreCase))) < 0)
        {
            throw new ImportMappingException($"--since-column '{sinceColumn}' is not a column of the query's result; it has {string.Join(", ", columns)}.");
        }
        object? latest = null;
        IEnumerable<object?[]> Rows()
        {
            while (reader.Read())
            {
                var values = new object?[columns.Count];
                for (var i = 0; i < values.Length; i++)
                {
                    var value = reader.IsDBNull(i) ? null : reader.GetValue(i);
                    if (i == mark && value is not null)
                    {
                        latest = value;
                    }
                    values[i] = Text(value);
                }
                yield return values;
            }
        }
        var rows = ExportFile.Write(csvPath, "csv", new ExportTable(columns, Rows()), "en", "rows");
        return (rows, latest is null ? since : PullMark.Of(sinceColumn!, latest));
    }

    /// <summary>A value as the importer reads it.</summary>
    private static string? Text(object? value) => value switch
    {
        null => null,
        string s => s,
        DateTime { Kind: DateTimeKind.Utc } d => d.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture) + "+00:00",
        DateTime d => d.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture),
        DateTimeOffset d => d.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        byte[] bytes => Convert.ToBase64String(bytes),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    /// <summary>The connection string without its password, for messages.</summary>
    public static string Redacted(string from) => Password().Replace(from, "$1=***");

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex Identifier();

    [GeneratedRegex("(?i)(password|pwd)=[^;]*")]
    private static partial Regex Password();
}

/// <summary>How far an incremental pull got: the since-column's largest value, with its type so it is bound back as the same type.</summary>
public sealed record PullMark(string Column, string Type, string Text)
{
    public static PullMark Of(string column, object value) => value switch
    {
        DateTime d => new(column, "datetime", d.ToString("O", CultureInfo.InvariantCulture)),
        DateTimeOffset d => new(column, "datetimeoffset", d.ToString("O", CultureInfo.InvariantCulture)),
        long or int or short or sbyte or byte or ushort or uint or ulong => new(column, "integer", Convert.ToString(value, CultureInfo.InvariantCulture)!),
        decimal or double or float => new(column, "decimal", Convert.ToString(value, CultureInfo.InvariantCulture)!),
        _ => new(column, "text", Convert.ToString(value, CultureInfo.InvariantCulture) ?? ""),
    };

    public object Value() => Type switch
    {
        "datetime" => DateTime.Parse(Text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
        "datetimeoffset" => DateTimeOffset.Parse(Text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
        "integer" => long.Parse(Text, CultureInfo.InvariantCulture),
        "decimal" => decimal.Parse(Text, NumberStyles.Float, CultureInfo.InvariantCulture),
        _ => Text,
    };

    /// <summary>Reads a state file; null when there is none yet (the first pull is a full one).</summary>
    public static async Task<PullMark?> LoadAsync(string path, string column, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            return null;
        }
        var mark = JsonSerializer.Deserialize<PullMark>(await File.ReadAllTextAsync(path, cancellationToken), JsonOptions)
            ?? throw new ImportMappingException($"{path}: the pull state file is empty; delete it to pull everything again.");
        return mark.Column == column ? mark
            : throw new ImportMappingException($"{path}: the pull state is for column '{mark.Column}', not '{column}'; delete it to pull everything again.");
    }

    public Task SaveAsync(string path, CancellationToken cancellationToken) =>
        File.WriteAllTextAsync(path, JsonSerializer.Serialize(this, JsonOptions), cancellationToken);

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { WriteIndented = true };
}
