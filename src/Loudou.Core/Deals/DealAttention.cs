namespace Loudou.Core.Deals;

/// <summary>
/// The three ways an open deal asks for attention, as the board, My day and the reminders all judge
/// them (docs/glossary.md): rotting in its stage, no next step, and a first response overdue.
/// </summary>
/// <remarks>
/// One definition here keeps the board's marks, My day's lists and the reminders' messages in
/// agreement; each caller only gathers the moments (when the deal entered its stage, its activities,
/// whether it has an open task) and asks.
/// </remarks>
public static class DealAttention
{
    /// <summary>The "no next step" window, in days, of a stage that sets no <c>rottingDays</c>.</summary>
    public const int DefaultWindowDays = 14;

    /// <summary>In its open stage longer than the stage's <c>rottingDays</c>; never for a stage without them.</summary>
    public static bool IsRotting(DateTimeOffset? enteredStage, int? rottingDays, DateTimeOffset now) =>
        enteredStage is { } entered && rottingDays is { } days && now - entered > TimeSpan.FromDays(days);

    /// <summary>
    /// No open task and no activity within the stage's rotting window (the last <c>rottingDays</c>
    /// days, or <see cref="DefaultWindowDays"/>): nobody has planned or done anything about it lately.
    /// </summary>
    public static bool HasNoNextStep(bool hasOpenTask, DateTimeOffset? lastActivity, int? rottingDays, DateTimeOffset now) =>
        !hasOpenTask && !(lastActivity is { } last && now - last <= TimeSpan.FromDays(rottingDays ?? DefaultWindowDays));

    /// <summary>
    /// Still waiting for its first response: no activity since it was created, or since it was given to
    /// its present owner (<paramref name="assignedAt"/>, when that came later), and more than the stage's
    /// <c>firstResponseSlaHours</c> have passed since. A stage without the setting has no SLA.
    /// </summary>
    /// <remarks>A deal answered late has breached its SLA but needs no response any more; it is not listed.</remarks>
    public static bool AwaitsFirstResponse(DateTimeOffset createdAt, DateTimeOffset? assignedAt, DateTimeOffset? lastActivity, int? slaHours, DateTimeOffset now) =>
        slaHours is { } hours && !Answered(createdAt, assignedAt, lastActivity) && now > FirstResponseDue(createdAt, assignedAt, hours);

    /// <summary>When the first response was due: <paramref name="slaHours"/> after creation, or after a later assignment.</summary>
    public static DateTimeOffset FirstResponseDue(DateTimeOffset createdAt, DateTimeOffset? assignedAt, int slaHours) =>
        FirstResponseFrom(createdAt, assignedAt) + TimeSpan.FromHours(slaHours);

    private static DateTimeOffset FirstResponseFrom(DateTimeOffset createdAt, DateTimeOffset? assignedAt) =>
        assignedAt is { } assigned && assigned > createdAt ? assigned : createdAt;

    // Before any reassignment, any activity answers; after one, only an activity since.
    private static bool Answered(DateTimeOffset createdAt, DateTimeOffset? assignedAt, DateTimeOffset? lastActivity) =>
        lastActivity is { } last && (assignedAt is not { } assigned || assigned <= createdAt || last >= assigned);
}
