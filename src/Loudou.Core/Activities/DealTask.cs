namespace Loudou.Core.Activities;

/// <summary>A to-do on a deal with a due moment and an assignee ("task" in the product).</summary>
/// <remarks>Named DealTask so it never collides with <see cref="System.Threading.Tasks.Task"/>.</remarks>
public sealed class DealTask
{
    private DealTask(long dealId, string title, DateTimeOffset? due, int? assigneeId)
    {
        DealId = dealId;
        Title = title;
        Due = due;
        AssigneeId = assigneeId;
    }

    public long Id { get; private set; }

    public long DealId { get; private set; }

    public string Title { get; private set; }

    public DateTimeOffset? Due { get; private set; }

    public int? AssigneeId { get; private set; }

    public DateTimeOffset? DoneAt { get; private set; }

    public int? DoneByUserId { get; private set; }

    public bool IsDone => DoneAt is not null;

    public static DealTask Create(long dealId, string title, DateTimeOffset? due, int? assigneeId) =>
        new(dealId, Guard.Required(title, "title"), due, assigneeId);

    public bool IsOverdueAt(DateTimeOffset now) => !IsDone && Due < now;

    public void Retitle(string title) => Title = Guard.Required(title, "title");

    public void Reschedule(DateTimeOffset? due) => Due = due;

    public void AssignTo(int? userId) => AssigneeId = userId;

    public void Complete(int? byUserId, DateTimeOffset at)
    {
        if (IsDone)
        {
            return;
        }
        DoneAt = at;
        DoneByUserId = byUserId;
    }

    public void Reopen()
    {
        DoneAt = null;
        DoneByUserId = null;
    }
}
