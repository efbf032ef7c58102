namespace Loudou.Core.Import;

/// <summary>Reads a <see cref="ValueSpec"/> from a row and reports problems located to the cell; shared by the row mappers.</summary>
internal static class RowValues
{
    /// <summary>The value a spec gives for a row after empties and the map; null when empty.</summary>
    public static string? Read(ImportRow row, ValueSpec spec, ICollection<ImportIssue> issues)
    {
        var raw = spec switch
        {
            { Column: { } column } => row.Get(column),
            { Value: { } constant } => constant,
            { Template: { } template } => Fill(template, row),
            // A gzipped file is numbered as the file it holds, so bank.csv and bank.csv.gz give their rows one id.
            { RowNumber: true } => $"{(row.File.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? row.File[..^3] : row.File)}:{row.Number}",
            _ => "",
        };
        if (spec.Empty.Contains(raw, StringComparer.OrdinalIgnoreCase))
        {
            raw = "";
        }
        if (spec.Map is { } map && raw.Length > 0)
        {
            if (map.TryGetValue(raw, out var mapped))
            {
                raw = mapped;
            }
            else if (spec.Strict)
            {
                Error(row, spec, raw, $"is not one of the values the mapping knows: {string.Join(", ", map.Keys)}", issues);
                return null;
            }
        }
        return raw.Length == 0 ? null : raw;
    }

    private static string Fill(string template, ImportRow row)
    {
        var text = new System.Text.StringBuilder();
        var i = 0;
        while (i < template.Length)
        {
            var open = template.IndexOf('{', i);
            var close = open < 0 ? -1 : template.IndexOf('}', open);
            if (open < 0 || close < 0)
            {
                text.Append(template, i, template.Length - i);
                break;
            }
            text.Append(template, i, open - i).Append(row.Get(template[(open + 1)..close]));
            i = close + 1;
        }
        return string.Join(' ', text.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>A mapped text field of a row, null when unmapped or empty; longer than <paramref name="maxLength"/> is an error and null.</summary>
    public static string? Text(ImportRow row, ImportMapping mapping, string field, int maxLength, ICollection<ImportIssue> issues)
    {
        if (!mapping.Fields.TryGetValue(field, out var spec) || Read(row, spec, issues) is not { } text)
        {
            return null;
        }
        if (text.Length > maxLength)
        {
            Error(row, spec, text, $"{field} is longer than {maxLength:N0} characters ({text.Length:N0})", issues);
            return null;
        }
        return text;
    }

    public static void Error(ImportRow row, ValueSpec spec, string value, string reason, ICollection<ImportIssue> issues)
    {
        var (file, line, column) = row.Locate(spec.Describe());
        issues.Add(ImportIssue.Error(file, line, column, value, reason));
    }

    public static void Warning(ImportRow row, ValueSpec spec, string value, string reason, ICollection<ImportIssue> issues)
    {
        var (file, line, column) = row.Locate(spec.Describe());
        issues.Add(ImportIssue.Warning(file, line, column, value, reason));
    }
}
