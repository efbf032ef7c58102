using Loudou.Storage;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Web.Localization;

/// <summary>The workspace's default language (set at first-run setup), read once and kept: the last answer to "which language?".</summary>
/// <remarks>A change made on this host is seen at once (<see cref="Set"/>); another host of a cluster sees it when it restarts.</remarks>
public sealed class WorkspaceLanguage(DatabaseTarget target, TimeProvider clock)
{
    private Task<string?>? _language;

    public Task<string?> GetAsync() => _language ??= ReadAsync();

    public void Set(string? language) => _language = Task.FromResult(language);

    private async Task<string?> ReadAsync()
    {
        try
        {
            await using var db = LoudouDatabase.CreateContext(target, clock);
            return await db.WorkspaceSettings.AsNoTracking().Select(s => s.Language).SingleOrDefaultAsync();
        }
        catch (System.Data.Common.DbException)
        {
            // Not cached: the next request asks again once the database is back.
            _language = null;
            return null;
        }
    }
}
