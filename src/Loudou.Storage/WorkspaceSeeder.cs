using Loudou.Core.Catalog;
using Loudou.Core.Pipelines;
using Loudou.Core.Workspace;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Storage;

/// <summary>Gives an empty database its workspace: settings, the built-in default pipeline and loss reasons.</summary>
/// <remarks>Creates no deals and no users: demo data is a separate, explicit step.</remarks>
public static class WorkspaceSeeder
{
    /// <summary>Creates the workspace if the database has none.</summary>
    /// <returns>True when it was created now; false when one existed.</returns>
    public static async Task<bool> EnsureAsync(LoudouDbContext db, WorkspaceDefaults defaults, CancellationToken cancellationToken = default)
    {
        if (await db.WorkspaceSettings.AnyAsync(cancellationToken))
        {
            return false;
        }
        var settings = WorkspaceSettings.Create(defaults.TimeZone, defaults.BaseCurrency);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var pipeline = await db.Pipelines.FirstOrDefaultAsync(p => p.Key == BuiltinPipelines.Default.Key, cancellationToken);
        if (pipeline is null)
        {
            pipeline = Pipeline.Create(BuiltinPipelines.Default);
            db.Pipelines.Add(pipeline);
        }
        if (!await db.LossReasons.AnyAsync(cancellationToken))
        {
            db.LossReasons.AddRange(LossReason.Defaults());
        }
        await db.SaveChangesAsync(cancellationToken);
        settings.MakeDefault(pipeline);
        db.WorkspaceSettings.Add(settings);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }
}
