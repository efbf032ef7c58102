using Loudou.Core.Import;

namespace Loudou.Import.Writing;

/// <summary>The checked rows of a deal import, read again from the file for each pass that writes them.</summary>
internal sealed class CheckedDealRows(ImportSource source, DealRowMapper mapper, ImportCheck check, Action<string, long> report)
{
    /// <summary>The checked rows again, in file order, without the ones left out; progress is reported as <paramref name="step"/>.</summary>
    public IEnumerable<DealRow> Read(string step)
    {
        var scratch = new List<ImportIssue>();
        var rows = 0L;
        foreach (var row in source.Rows())
        {
            report(step, ++rows);
            if (check.Invalid.Contains(row.Number))
            {
                continue;
            }
            scratch.Clear();
            if (mapper.Map(row, scratch) is { } deal)
            {
                yield return deal;
            }
        }
    }
}
