namespace Loudou.Core.Scoring;

/// <summary>One column of an encoded feature vector: the feature it comes from and, for a category or tag, the value it stands for.</summary>
/// <param name="Feature">Index in <see cref="FeatureEncoding.Specs"/>.</param>
/// <param name="Value">The category or tag; null for a number's own column; <see cref="FeatureEncoding.Other"/> for values too rare to get their own.</param>
/// <param name="Missing">The column says the number is missing (linear view only).</param>
public sealed record FeatureSlot(int Feature, string? Value, bool Missing = false);

/// <summary>How a number is put on the linear view's scale: centred and divided by its spread, a missing value at the mean.</summary>
public sealed record NumberScale(double Mean, double Spread, bool HasMissing);

/// <summary>Turns feature rows into float vectors, learnt from the training rows: which categories get a column, how numbers are scaled.</summary>
/// <remarks>
/// Two views of one row. The tree view keeps numbers as they are (a missing one as <see cref="MissingNumber"/>, below every
/// real value, so a tree separates it with an ordinary split) and one column per category value. The linear view scales numbers (a missing one at 0 beside a 0/1 "missing" column), so that one
/// regularisation strength fits them all. A category seen fewer than <see cref="MinCount"/> times in training, or first seen
/// later, shares the column <see cref="Other"/>: a value with three rows teaches nothing but noise.
/// </remarks>
public sealed class FeatureEncoding
{
    /// <summary>The value of the column that rare and unseen categories share.</summary>
    public const string Other = "(other)";

    /// <summary>A missing number in the tree view.</summary>
    public const float MissingNumber = -1e30f;

    private readonly Dictionary<string, int>[] _columns;
    private readonly int[] _otherColumn;
    private readonly int[] _numberColumn;
    private readonly int[] _linearNumber;
    private readonly int[] _linearMissing;

    public FeatureEncoding(IReadOnlyList<FeatureSpec> specs, IReadOnlyList<IReadOnlyList<string>> values, IReadOnlyList<NumberScale?> scales, int minCount)
    {
        Specs = specs;
        Values = values;
        Scales = scales;
        MinCount = minCount;
        _columns = new Dictionary<string, int>[specs.Count];
        _otherColumn = new int[specs.Count];
        _numberColumn = new int[specs.Count];
        _linearNumber = new int[specs.Count];
        _linearMissing = new int[specs.Count];
        var tree = new List<FeatureSlot>();
        for (var f = 0; f < specs.Count; f++)
        {
            _columns[f] = new(StringComparer.Ordinal);
            _otherColumn[f] = _numberColumn[f] = -1;
            if (specs[f].Kind == FeatureKind.Number)
            {
                if (scales[f] is not null)
                {
                    _numberColumn[f] = tree.Count;
                    tree.Add(new FeatureSlot(f, null));
                }
                continue;
            }
            foreach (var value in values[f])
            {
                _columns[f][value] = tree.Count;
                tree.Add(new FeatureSlot(f, value));
            }
        }
        // The shared column of each category comes after every value's own.
        for (var f = 0; f < specs.Count; f++)
        {
            if (specs[f].Kind == FeatureKind.Category && values[f].Count > 0)
            {
                _otherColumn[f] = tree.Count;
                tree.Add(new FeatureSlot(f, Other));
            }
        }
        TreeSlots = tree;
        var linear = new List<FeatureSlot>(tree);
        for (var f = 0; f < specs.Count; f++)
        {
            _linearNumber[f] = _numberColumn[f];
            _linearMissing[f] = -1;
            if (scales[f] is { HasMissing: true })
            {
                _linearMissing[f] = linear.Count;
                linear.Add(new FeatureSlot(f, null, Missing: true));
            }
        }
        LinearSlots = linear;
    }

    public IReadOnlyList<FeatureSpec> Specs { get; }

    /// <summary>Per feature, the categories or tags with a column of their own, in column order.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Values { get; }

    /// <summary>Per feature, a number's scale; null for other kinds and for a number never known in training (it gets no column).</summary>
    public IReadOnlyList<NumberScale?> Scales { get; }

    public int MinCount { get; }

    public IReadOnlyList<FeatureSlot> TreeSlots { get; }

    public IReadOnlyList<FeatureSlot> LinearSlots { get; }

    /// <summary>Learns the encoding from training rows.</summary>
    public static FeatureEncoding Fit(IReadOnlyList<FeatureSpec> specs, IReadOnlyList<FeatureRow> rows, int minCount)
    {
        var values = new IReadOnlyList<string>[specs.Count];
        var scales = new NumberScale?[specs.Count];
        for (var f = 0; f < specs.Count; f++)
        {
            values[f] = [];
            switch (specs[f].Kind)
            {
                case FeatureKind.Number:
                    scales[f] = ScaleOf(rows, f);
                    break;
                case FeatureKind.Category:
                    values[f] = Frequent(rows.Select(r => r.Categories[f]).OfType<string>(), minCount);
                    break;
                default:
                    values[f] = Frequent(rows.SelectMany(r => r.Tags), minCount);
                    break;
            }
        }
        return new FeatureEncoding(specs, values, scales, minCount);
    }

    /// <summary>The tree view of a row.</summary>
    public void Tree(FeatureRow row, Span<float> into)
    {
        into.Clear();
        for (var f = 0; f < Specs.Count; f++)
        {
            switch (Specs[f].Kind)
            {
                case FeatureKind.Number when _numberColumn[f] >= 0:
                    into[_numberColumn[f]] = double.IsNaN(row.Numbers[f]) ? MissingNumber : (float)row.Numbers[f];
                    break;
                case FeatureKind.Category when row.Categories[f] is { } value:
                    var column = _columns[f].GetValueOrDefault(value, _otherColumn[f]);
                    if (column >= 0)
                    {
                        into[column] = 1;
                    }
                    break;
                case FeatureKind.Set:
                    foreach (var tag in row.Tags)
                    {
                        if (_columns[f].TryGetValue(tag, out var tagColumn))
                        {
                            into[tagColumn] = 1;
                        }
                    }
                    break;
            }
        }
    }

    /// <summary>The linear view of a row: the tree view with numbers scaled and their missing flags.</summary>
    public void Linear(FeatureRow row, Span<float> into)
    {
        Tree(row, into[..TreeSlots.Count]);
        LinearFromTree(row, into);
    }

    /// <summary>The linear view of a row whose tree view is already in <paramref name="into"/>'s first columns (or copied there).</summary>
    public void LinearFromTree(FeatureRow row, Span<float> into)
    {
        into[TreeSlots.Count..].Clear();
        for (var f = 0; f < Specs.Count; f++)
        {
            if (Scales[f] is not { } scale || _linearNumber[f] < 0)
            {
                continue;
            }
            var value = row.Numbers[f];
            if (double.IsNaN(value))
            {
                into[_linearNumber[f]] = 0;
                if (_linearMissing[f] >= 0)
                {
                    into[_linearMissing[f]] = 1;
                }
            }
            else
            {
                into[_linearNumber[f]] = (float)((value - scale.Mean) / scale.Spread);
            }
        }
    }

    private static NumberScale? ScaleOf(IReadOnlyList<FeatureRow> rows, int f)
    {
        double sum = 0, squares = 0;
        long known = 0;
        foreach (var row in rows)
        {
            var v = row.Numbers[f];
            if (!double.IsNaN(v))
            {
                sum += v;
                squares += v * v;
                known++;
            }
        }
        if (known == 0)
        {
            return null;
        }
        var mean = sum / known;
        var spread = Math.Sqrt(Math.Max(0, squares / known - mean * mean));
        // A constant number still gets a column (its spread taken as 1) so that a later different value is read, not dropped.
        return new NumberScale(mean, spread > 1e-12 ? spread : 1, known < rows.Count);
    }

    private static string[] Frequent(IEnumerable<string> values, int minCount) =>
        [.. values.GroupBy(v => v, StringComparer.Ordinal).Where(g => g.Count() >= minCount).Select(g => g.Key).Order(StringComparer.Ordinal)];
}
