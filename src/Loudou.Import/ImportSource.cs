using Loudou.Core.Import;
using Loudou.Import.Reading;

namespace Loudou.Import;

/// <summary>The main file's rows with the mapping's rewrites applied and the side files joined.</summary>
/// <remarks>Side files are read once into memory (they are lookup tables: accounts, products, teams, closed deals).</remarks>
internal sealed class ImportSource
{
    private readonly TableFile _main;
    private readonly ImportMapping _mapping;
    private readonly List<(FileSpec Spec, Dictionary<string, ImportRow> Rows)> _sides = [];
    private readonly List<ImportIssue> _issues;
    private readonly Func<ImportRow, bool>? _include;
    private bool _firstPass = true;

    public ImportSource(TableFile main, ImportMapping mapping, Dictionary<FileSpec, TableFile> sides, List<ImportIssue> issues)
    {
        _main = main;
        _mapping = mapping;
        _issues = issues;
        foreach (var (spec, file) in sides)
        {
            var rows = new Dictionary<string, ImportRow>(StringComparer.Ordinal);
            foreach (var row in file.Rows(issues))
            {
                var key = row.Get(spec.Key!);
                if (key.Length == 0)
                {
                    continue;
                }
                if (rows.TryGetValue(key, out var first))
                {
                    issues.Add(ImportIssue.Error(file.Name, row.Number, spec.Key!, key, $"the key is also on row {first.Number}; a side file has one row per key."));
                    continue;
                }
                rows[key] = row;
            }
            _sides.Add((spec, rows));
        }
    }

    private ImportSource(ImportSource all, Func<ImportRow, bool> include)
    {
        (_main, _mapping, _sides, _issues, _include, _firstPass) = (all._main, all._mapping, all._sides, all._issues, include, false);
    }

    public string MainFile => _main.Name;

    /// <summary>Whether the main file's header has the column.</summary>
    public bool HasColumn(string column) => _main.Columns.ContainsKey(column);

    /// <summary>The rows <paramref name="include"/> accepts, read as these are; problems of the reading were reported by a pass over all of them.</summary>
    public ImportSource Where(Func<ImportRow, bool> include) => new(this, include);

    /// <summary>Reads the main file from its start; problems that stop the reading are reported on the first pass only.</summary>
    public IEnumerable<ImportRow> Rows()
    {
        var issues = _firstPass ? (ICollection<ImportIssue>)_issues : new List<ImportIssue>();
        _firstPass = false;
        foreach (var row in _main.Rows(issues))
        {
            foreach (var (column, values) in _mapping.Rewrite)
            {
                if (row.Columns.TryGetValue(column, out var index) && index < row.Cells.Length && values.TryGetValue(row.Cells[index].Trim(), out var replacement))
                {
                    row.Cells[index] = replacement;
                }
            }
            foreach (var (spec, rows) in _sides)
            {
                var key = spec.JoinOn!.Column is { } column ? row.Get(column) : "";
                if (spec.JoinOn.Map is { } map && map.TryGetValue(key, out var mapped))
                {
                    key = mapped;
                }
                if (rows.TryGetValue(key, out var side))
                {
                    row.Joined[spec.Name] = side;
                }
            }
            if (_include is null || _include(row))
            {
                yield return row;
            }
        }
    }
}
