using System.Text;
using Loudou.Core.Import;
using Loudou.Storage;
using Loudou.Storage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Import.Tests.Infrastructure;

/// <summary>Runs imports against a test database and reads back what they left.</summary>
public static class ImportRun
{
    public static async Task<ImportResult> RunAsync(TestDatabase database, ImportEntity entity, string preset, IReadOnlyList<string> files, Func<ImportRequest, ImportRequest>? adjust = null)
    {
        var request = new ImportRequest(entity, files, ImportPresets.Load(preset, entity), $"preset {preset}", By: "test");
        await using var db = database.NewContext();
        return await new ImportEngine(db).RunAsync(adjust is null ? request : adjust(request));
    }

    public static async Task<ImportResult> RunMappingAsync(TestDatabase database, string mappingJson, IReadOnlyList<string> files, Func<ImportRequest, ImportRequest>? adjust = null)
    {
        var mapping = MappingFile.Parse(mappingJson, out var errors) ?? throw new InvalidOperationException(string.Join("\n", errors));
        var request = new ImportRequest(mapping.Entity, files, mapping, "mapping.json", By: "test");
        await using var db = database.NewContext();
        return await new ImportEngine(db).RunAsync(adjust is null ? request : adjust(request));
    }

    /// <summary>A text dump of every table an import writes, to compare a database before and after.</summary>
    public static async Task<string> SnapshotAsync(TestDatabase database)
    {
        await using var db = database.NewContext();
        var text = new StringBuilder();
        foreach (var d in await db.Deals.AsNoTracking().OrderBy(d => d.Id).ToListAsync())
        {
            text.AppendLine($"deal {d.Id} {d.Source} {d.ExternalId} {d.Name} {d.StageId} {d.Amount} {d.Currency} {d.CreatedAt:O} {d.ClosedAt:O} "
                + $"{d.LossReasonId} {d.AccountId} {d.OwnerId} {d.ChannelId} {d.Version} {db.Entry(d).Property("UpdatedAt").CurrentValue}");
        }
        foreach (var t in await db.StageTransitions.AsNoTracking().OrderBy(t => t.Id).ToListAsync())
        {
            text.AppendLine($"history {t.Id} {t.DealId} {t.StageId} {t.EnteredAt:O} {t.Source}");
        }
        foreach (var a in await db.Accounts.AsNoTracking().OrderBy(a => a.Id).ToListAsync())
        {
            text.AppendLine($"account {a.Id} {a.Name} {a.Industry} {a.Region}");
        }
        text.AppendLine($"users {await db.Users.CountAsync()} products {await db.Products.CountAsync()} tags {await db.Tags.CountAsync()} channels {await db.Channels.CountAsync()} " +
            $"deal products {await db.DealProducts.CountAsync()} deal tags {await db.DealTags.CountAsync()} pipelines {await db.Pipelines.CountAsync()} audit {await db.AuditEntries.CountAsync()}");
        return text.ToString();
    }

    /// <summary>Deals now in each stage of a pipeline, by stage key.</summary>
    public static async Task<Dictionary<string, int>> DealsByStageAsync(LoudouDbContext db, string pipelineKey)
    {
        var pipeline = await db.Pipelines.AsNoTracking().SingleAsync(p => p.Key == pipelineKey);
        var counts = await db.Deals.Where(d => d.PipelineId == pipeline.Id).GroupBy(d => d.StageId).Select(g => new { g.Key, Count = g.Count() }).ToListAsync();
        return counts.ToDictionary(c => pipeline.FindStage(c.Key)!.Key, c => c.Count);
    }

    /// <summary>A new file in a temporary folder, written in the given encoding (UTF-8 without a mark by default).</summary>
    public static string TempFile(string name, string content, Encoding? encoding = null)
    {
        var folder = Path.Combine(Path.GetTempPath(), "loudou-import-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, content, encoding ?? new UTF8Encoding(false));
        return path;
    }
}
