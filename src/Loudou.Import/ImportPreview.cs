using Loudou.Core.Import;

namespace Loudou.Import;

/// <summary>One row of a preview: the cells as read, the record the mapping made of them, and the problems found in the row.</summary>
/// <param name="Record">A <see cref="DealRow"/>, <see cref="AccountRow"/>, <see cref="ContactRow"/> or <see cref="ActivityRow"/>; null when the row has an error.</param>
public sealed record ImportPreviewRow(ImportRow Row, object? Record, IReadOnlyList<ImportIssue> Issues);

/// <summary>Collects the first rows of a checking pass for <see cref="ImportRequest.PreviewRows"/>, and says when there are enough.</summary>
/// <remarks>The checking pass is the preview, so a preview reads dates, numbers and stages exactly as the import will.</remarks>
internal sealed class ImportPreview(ImportRequest request, List<ImportIssue> issues)
{
    private int _before;

    public List<ImportPreviewRow> Rows { get; } = [];

    public void Begin() => _before = issues.Count;

    /// <returns>True when the preview has all the rows it asked for and the checking pass should stop.</returns>
    public bool End(ImportRow row, object? record)
    {
        if (request.PreviewRows is not { } limit)
        {
            return false;
        }
        Rows.Add(new ImportPreviewRow(row, record, issues.GetRange(_before, issues.Count - _before)));
        return Rows.Count >= limit;
    }
}
