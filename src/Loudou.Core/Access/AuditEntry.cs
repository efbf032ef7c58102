namespace Loudou.Core.Access;

/// <summary>What an audited change did.</summary>
public enum AuditAction
{
    Create,
    Update,
    Delete,
    StageMove,
    GateOverride,

    /// <summary>One file import as a whole: who, which files, how many records; never one entry per row.</summary>
    Import,

    /// <summary>Everything held about a person was exported (PIPL/GDPR access): who asked, in which format; never the data itself.</summary>
    Export,

    /// <summary>A contact's personal data was erased: which fields, never their values (docs/privacy.md).</summary>
    Erase,
}

/// <summary>One change to a record: who, when, and the record before and after, as JSON.</summary>
/// <remarks>
/// The audit log is for people; analytics never read it (stage history has its own table).
/// Entries are appended only, with one exception: erasing a contact's personal data takes its values out of the
/// entries that hold them (<see cref="Redact"/>), as the law asks (docs/privacy.md).
/// </remarks>
public sealed class AuditEntry
{
    private AuditEntry(DateTimeOffset at, int? userId, string entityType, string entityId, AuditAction action, string? before, string? after, string? reason)
    {
        At = at;
        UserId = userId;
        EntityType = entityType;
        EntityId = entityId;
        Action = action;
        Before = before;
        After = after;
        Reason = reason;
    }

    public long Id { get; private set; }

    public DateTimeOffset At { get; private set; }

    public int? UserId { get; private set; }

    public string EntityType { get; private set; }

    public string EntityId { get; private set; }

    public AuditAction Action { get; private set; }

    public string? Before { get; private set; }

    public string? After { get; private set; }

    /// <summary>Why, where a rule asks for it (a manager's gate override).</summary>
    public string? Reason { get; private set; }

    /// <summary>Rewrites the before and after values through <paramref name="redact"/> (an erasure); true when either changed.</summary>
    public bool Redact(Func<string?, string?> redact)
    {
        var (before, after) = (redact(Before), redact(After));
        var changed = before != Before || after != After;
        (Before, After) = (before, after);
        return changed;
    }

    public static AuditEntry Record(DateTimeOffset at, int? userId, string entityType, string entityId, AuditAction action, string? before, string? after, string? reason = null) =>
        new(at, userId, Guard.Required(entityType, "entityType", 64), Guard.Required(entityId, "entityId", 64), action, before, after, Guard.Optional(reason, "reason", 1000));
}
