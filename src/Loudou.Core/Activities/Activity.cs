namespace Loudou.Core.Activities;

/// <summary>A touch on a deal: a call, visit, meeting, e-mail, WeChat message, demo, proposal or note.</summary>
/// <remarks>The first activity after a deal's creation measures first-response time.</remarks>
public sealed class Activity
{
    private Activity(long dealId, ActivityKind kind, DateTimeOffset at, int? byUserId)
    {
        DealId = dealId;
        Kind = kind;
        At = at;
        ByUserId = byUserId;
    }

    public long Id { get; private set; }

    public long DealId { get; private set; }

    public int? ContactId { get; private set; }

    public ActivityKind Kind { get; private set; }

    public DateTimeOffset At { get; private set; }

    public int? ByUserId { get; private set; }

    /// <summary>A short result, such as "reached, wants a demo".</summary>
    public string? Outcome { get; private set; }

    public string? Note { get; private set; }

    public string? Source { get; private set; }

    public string? ExternalId { get; private set; }

    public static Activity Record(long dealId, ActivityKind kind, DateTimeOffset at, int? byUserId, string? outcome = null, string? note = null) =>
        new(dealId, kind, at, byUserId)
        {
            Outcome = Guard.Optional(outcome, "outcome", 200),
            Note = Guard.Optional(note, "note", 4000),
        };

    public void WithContact(int? contactId) => ContactId = contactId;

    /// <summary>Takes an erased contact's values out of the outcome and note (<see cref="Accounts.PersonalText"/>); true when either changed.</summary>
    public bool Redact(IReadOnlyList<string> values)
    {
        var (outcome, note) = (Accounts.PersonalText.Redact(Outcome, values), Accounts.PersonalText.Redact(Note, values));
        var changed = outcome != Outcome || note != Note;
        (Outcome, Note) = (outcome, note);
        return changed;
    }

    public void LinkExternal(string source, string externalId)
    {
        Source = Guard.Required(source, "source", 50);
        ExternalId = Guard.Required(externalId, "externalId", 100);
    }
}
