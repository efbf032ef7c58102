using Loudou.Core.Access;
using Loudou.Core.Activities;
using Loudou.Storage.Records;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Storage.Activities;

/// <summary>A task as the API shows it, with logins for its assignee and whoever did it.</summary>
public sealed record TaskView(long Id, long DealId, string Title, DateTimeOffset? Due, string? Assignee, DateTimeOffset? DoneAt, string? DoneBy);

/// <summary>Filters of a task list; each null means "any".</summary>
/// <param name="Assignee">The assignee's login.</param>
/// <param name="Done">True for done tasks, false for open ones.</param>
public sealed record TaskFilter(long? DealId = null, string? Assignee = null, bool? Done = null);

/// <summary>A task's fields as a caller sets them; on update only the fields in <paramref name="Given"/> change.</summary>
/// <param name="Assignee">A login, by the rules of <see cref="Assignees"/>; the caller when a new task leaves it out.</param>
/// <param name="Done">True marks it done by the caller now, false reopens it.</param>
public sealed record TaskFields(IReadOnlySet<string> Given, string? Title = null, DateTimeOffset? Due = null, string? Assignee = null, bool? Done = null)
{
    public static IReadOnlyList<string> Fields { get; } = ["title", "due", "assignee", "done"];
}

/// <summary>Reads and writes tasks in the caller's scope, each write audited.</summary>
/// <remarks>
/// A task is visible with its deal and to its assignee. Whoever sees a task may change it (an
/// assignee completes it, a manager reschedules it); creating or deleting one needs its deal in
/// sight, so a rep handed another team's task can do it but not remove it.
/// </remarks>
public sealed class TaskStore(LoudouDbContext db, TimeProvider clock)
{
    public Task<Page<TaskView>> ListAsync(TaskFilter filter, int page, int pageSize, CancellationToken cancellationToken = default)
    {
        var tasks = db.DealTasks.AsNoTracking();
        if (filter.DealId is { } dealId)
        {
            tasks = tasks.Where(t => t.DealId == dealId);
        }
        if (filter.Assignee is { } login)
        {
            var normalized = Core.Workspace.User.Normalize(login);
            tasks = tasks.Where(t => db.Users.Any(u => u.Id == t.AssigneeId && u.NormalizedLoginName == normalized));
        }
        if (filter.Done is { } done)
        {
            tasks = done ? tasks.Where(t => t.DoneAt != null) : tasks.Where(t => t.DoneAt == null);
        }
        // Soonest due first, undated last; the id keeps pages stable.
        return Project(tasks.OrderBy(t => t.Due == null).ThenBy(t => t.Due).ThenBy(t => t.Id)).PageAsync(page, pageSize, cancellationToken);
    }

    /// <summary>The tasks of these ids the caller sees, in the order given (a drill-down's page).</summary>
    public async Task<IReadOnlyList<TaskView>> ByIdsAsync(IReadOnlyList<long> ids, CancellationToken cancellationToken = default)
    {
        var found = (await Project(db.DealTasks.AsNoTracking().Where(t => ids.Contains(t.Id))).ToListAsync(cancellationToken)).ToDictionary(t => t.Id);
        return [.. ids.Where(found.ContainsKey).Select(id => found[id])];
    }

    public Task<TaskView?> GetAsync(long id, CancellationToken cancellationToken = default) =>
        Project(db.DealTasks.AsNoTracking().Where(t => t.Id == id)).SingleOrDefaultAsync(cancellationToken);

    public async Task<WriteResult> CreateAsync(long? dealId, TaskFields fields, CancellationToken cancellationToken = default)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (dealId is null || !await db.Deals.AnyAsync(d => d.Id == dealId, cancellationToken))
        {
            errors["deal"] = [dealId is null ? "deal is required: the id of one of your deals." : $"there is no deal {dealId}."];
        }
        var assignee = await Assignees.ResolveAsync(db, fields.Assignee, "assignee", errors, cancellationToken);
        DealTask? task = null;
        RecordWrites.Check(errors, () => task = DealTask.Create(dealId ?? 0, fields.Title!, fields.Due, assignee?.Id));
        if (errors.Count > 0)
        {
            return WriteResult.Invalid(errors);
        }
        return await RecordWrites.CreateAuditedAsync(db, clock.GetUtcNow(), task!, AuditEntityTypes.Task, t => t.Id, async t => await DescribeAsync(t, cancellationToken), cancellationToken)
            ? WriteResult.Done(task!.Id)
            : WriteResult.Invalid("deal", $"there is no deal {dealId}: it was deleted a moment ago.");
    }

    public async Task<WriteResult> UpdateAsync(long id, TaskFields fields, CancellationToken cancellationToken = default)
    {
        if (await db.DealTasks.SingleOrDefaultAsync(t => t.Id == id, cancellationToken) is not { } task)
        {
            return WriteResult.NotFound;
        }
        var before = await DescribeAsync(task, cancellationToken);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (fields.Given.Contains("title"))
        {
            RecordWrites.Check(errors, () => task.Retitle(fields.Title!));
        }
        if (fields.Given.Contains("due"))
        {
            task.Reschedule(fields.Due);
        }
        if (fields.Given.Contains("assignee"))
        {
            var assignee = fields.Assignee is null ? null : await Assignees.ResolveAsync(db, fields.Assignee, "assignee", errors, cancellationToken);
            task.AssignTo(assignee?.Id);
        }
        if (fields.Given.Contains("done"))
        {
            if (fields.Done is true)
            {
                task.Complete(db.Scope.UserId, clock.GetUtcNow());
            }
            else if (fields.Done is false)
            {
                task.Reopen();
            }
            else
            {
                errors["done"] = ["done must be true or false."];
            }
        }
        if (errors.Count > 0)
        {
            return WriteResult.Invalid(errors);
        }
        RecordWrites.AuditChanges(db, clock, AuditEntityTypes.Task, id, before, await DescribeAsync(task, cancellationToken));
        return await RecordWrites.SaveAsync(db, id, cancellationToken);
    }

    public async Task<WriteResult> DeleteAsync(long id, CancellationToken cancellationToken = default)
    {
        if (await db.DealTasks.SingleOrDefaultAsync(t => t.Id == id, cancellationToken) is not { } task)
        {
            return WriteResult.NotFound;
        }
        if (!await db.Deals.AnyAsync(d => d.Id == task.DealId, cancellationToken))
        {
            return WriteResult.Forbidden("A task is deleted by those who see its deal; as its assignee you may complete it.");
        }
        AuditEntityTypes.Record(db, clock.GetUtcNow(), AuditEntityTypes.Task, id, AuditAction.Delete, await DescribeAsync(task, cancellationToken), null);
        db.DealTasks.Remove(task);
        return await RecordWrites.SaveAsync(db, id, cancellationToken);
    }

    private async Task<Dictionary<string, object?>> DescribeAsync(DealTask t, CancellationToken cancellationToken) => new()
    {
        ["deal"] = t.DealId,
        ["title"] = t.Title,
        ["due"] = t.Due,
        ["assignee"] = await db.Users.Where(u => u.Id == t.AssigneeId).Select(u => u.LoginName).SingleOrDefaultAsync(cancellationToken),
        ["done"] = t.IsDone,
    };

    private IQueryable<TaskView> Project(IQueryable<DealTask> tasks) =>
        tasks.Select(t => new TaskView(t.Id, t.DealId, t.Title, t.Due,
            db.Users.Where(u => u.Id == t.AssigneeId).Select(u => u.LoginName).FirstOrDefault(), t.DoneAt,
            db.Users.Where(u => u.Id == t.DoneByUserId).Select(u => u.LoginName).FirstOrDefault()));
}
