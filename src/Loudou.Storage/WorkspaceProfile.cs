using Loudou.Core.Workspace;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Storage;

/// <summary>What pages show of the workspace: its name, base currency and calendar.</summary>
public sealed record WorkspaceProfile(string? Name, string BaseCurrency, WorkspaceCalendar Calendar)
{
    public static async Task<WorkspaceProfile> ReadAsync(LoudouDbContext db, CancellationToken cancellationToken = default)
    {
        var settings = await db.WorkspaceSettings.AsNoTracking().SingleAsync(cancellationToken);
        return new WorkspaceProfile(settings.Name, settings.BaseCurrency, settings.Calendar);
    }
}
