using Loudou.Core.Activities;
using Loudou.Core.Import;
using Loudou.Core.Workspace;
using Loudou.Storage;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Import.Writing;

/// <summary>Adds activities by (source, external id) in one transaction, in batches through EF.</summary>
/// <remarks>
/// An activity already imported is left as it is: Core records activities and never rewrites them,
/// so a re-import changes nothing and a changed row is counted unchanged. Owners are users
/// matched by display name or login, created as reps when missing, as deal imports do.
/// </remarks>
internal static class ActivityImportWriter
{
    public static async Task<WriteCounts> WriteAsync(LoudouDbContext db, ImportRequest request, IReadOnlyDictionary<string, long> deals, IEnumerable<ActivityRow> rows, (long Rows, long Skipped) read, CancellationToken cancellationToken)
    {
        var source = request.Mapping.Source;
        var users = await db.Users.AsNoTracking().ToListAsync(cancellationToken);
        return await ImportBatches.WriteAsync(db, typeof(Activity), request, rows, read, async chunk =>
        {
            long created = 0, unchanged = 0;
            var ids = chunk.Select(r => r.ExternalId).ToList();
            var existing = (await db.Activities.Where(a => a.Source == source && ids.Contains(a.ExternalId!)).Select(a => a.ExternalId!).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
            foreach (var row in chunk)
            {
                if (existing.Contains(row.ExternalId))
                {
                    unchanged++;
                    continue;
                }
                int? by = null;
                if (row.Owner is { } owner)
                {
                    var user = users.Find(u => u.DisplayName == owner) ?? users.Find(u => u.NormalizedLoginName == User.Normalize(owner));
                    if (user is null)
                    {
                        user = User.Create(ImportLogins.Unique(owner, users), owner, UserRole.Rep, null);
                        db.Users.Add(user);
                        await db.SaveChangesAsync(cancellationToken);
                        users.Add(user);
                    }
                    by = user.Id;
                }
                var activity = Activity.Record(deals[row.Deal], row.Kind, row.At, by, row.Outcome, row.Note);
                activity.LinkExternal(source, row.ExternalId);
                db.Activities.Add(activity);
                created++;
            }
            return new WriteCounts(created, 0, unchanged, 0);
        }, cancellationToken);
    }
}
