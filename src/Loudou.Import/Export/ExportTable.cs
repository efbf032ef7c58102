namespace Loudou.Import.Export;

/// <summary>What <c>loudou export</c> writes.</summary>
public enum ExportKind
{
    Deals,
    Accounts,
    Contacts,
    Activities,
    History,
    Funnel,
}

/// <summary>A table to write: column keys (the generic import format's names) and rows of text or numbers.</summary>
/// <remarks>
/// A cell is a <see cref="string"/>, a <see cref="decimal"/> (written as a number cell in a
/// workbook) or null (blank). Rows are produced lazily, so a large table is never held whole.
/// </remarks>
public sealed record ExportTable(IReadOnlyList<string> Columns, IEnumerable<object?[]> Rows)
{
    /// <summary>Keeps the rows whose column <c>key</c> reads <c>value</c>, for each (key, value); a key that is not a column is an error.</summary>
    public ExportTable Where(IReadOnlyList<(string Key, string Value)> filters)
    {
        if (filters.Count == 0)
        {
            return this;
        }
        var indexes = filters.Select(f =>
        {
            var index = Columns.ToList().IndexOf(f.Key);
            return index >= 0 ? (index, f.Value) : throw new Core.DomainRuleException("where", $"'{f.Key}' is not a column of this export; its columns are {string.Join(", ", Columns)}.");
        }).ToList();
        return this with { Rows = Rows.Where(row => indexes.TrueForAll(f => ExportFile.Text(row[f.index]) == f.Value)) };
    }
}
