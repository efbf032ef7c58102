using System.Text.Json;
using Loudou.Core.Access;

namespace Loudou.Import.Writing;

/// <summary>The one audit entry an import that changed anything leaves: who, which mapping and files, and the counts.</summary>
internal static class ImportAudit
{
    public static AuditEntry Entry(ImportRequest request, string? pipeline, (long Rows, long Skipped) read, WriteCounts counts)
    {
        var after = JsonSerializer.Serialize(new
        {
            by = request.By,
            entity = request.Entity.ToString().ToLowerInvariant(),
            mapping = request.MappingName,
            files = request.Files.Select(Path.GetFileName).ToList(),
            pipeline,
            rows = read.Rows,
            skipped = read.Skipped,
            created = counts.Created,
            updated = counts.Updated,
            unchanged = counts.Unchanged,
            historyAdded = counts.HistoryAdded,
        });
        return AuditEntry.Record(TimeProvider.System.GetUtcNow(), null, "import", request.Mapping.Source, AuditAction.Import, null, after);
    }
}
