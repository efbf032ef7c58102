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
    /// Still waiting for its first response: no activity at all since it was created, and more than
    /// the stage's <c>firstResponseSlaHours</c> have passed. A stage without the setting has no SLA.
    /// </summary>
    /// <remarks>A deal answered late has breached its SLA but needs no response any more; it is not listed.</remarks>
    public static bool AwaitsFirstResponse(DateTimeOffset createdAt, bool hasActivity, int? slaHours, DateTimeOffset now) =>
        !hasActivity && slaHours is { } hours && now > FirstResponseDue(createdAt, hours);

    /// <summary>When a deal created at <paramref name="createdAt"/> should have had its first response.</summary>
    public static DateTimeOffset FirstResponseDue(DateTimeOffset createdAt, int slaHours) => createdAt + TimeSpan.FromHours(slaHours);
}
