namespace Loudou.Core.Import;

/// <summary>Where a field's value comes from in a row: a column, a constant, a template or the row number.</summary>
/// <remarks>
/// A column of a side file is named <c>file.column</c> (the side file's name in the mapping). In a
/// template, <c>{column}</c> is replaced by the value and runs of spaces left by empty values are
/// collapsed. <see cref="Map"/> then replaces whole values (a value not in it is kept, unless
/// <see cref="Strict"/>), and values in <see cref="Empty"/> count as empty, such as "unknown".
/// </remarks>
public sealed record ValueSpec
{
    public string? Column { get; init; }

    public string? Value { get; init; }

    public string? Template { get; init; }

    /// <summary>The row's number in its file (header = row 1), prefixed by the file name without a .gz: "bank-full.csv:2".</summary>
    public bool RowNumber { get; init; }

    public IReadOnlyDictionary<string, string>? Map { get; init; }

    /// <summary>A value that <see cref="Map"/> does not name is an error rather than kept.</summary>
    public bool Strict { get; init; }

    public IReadOnlyList<string> Empty { get; init; } = [];

    /// <summary>The column to name in an error about this value: the column, or the template's first.</summary>
    public string Describe() => Column ?? Template ?? (RowNumber ? "(row number)" : "(constant)");
}
